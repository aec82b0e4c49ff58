// The support inbox: inquiries of both sites with their SLA, assignment, the reply thread (replies go out by
// email; the first one sets first_response_at), resolution, and a signed one-use link for the requester to
// rate the help 1–5.
import { errors, jwtVerify, SignJWT } from "jose";
import { sessionSecret } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { sendMail } from "~/lib/mail.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import { BRAND_INFO, brandOfDomain } from "~/modules/brand/brands";
import type { Role } from "~/modules/identity/permissions";
import { personalDataFor } from "~/modules/privacy/visibility";
import type { InquiryStatus, Prisma } from "~/generated/prisma/client";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { pageOf, pageWindow } from "~/lib/list";
import { fail, ok, type Result } from "~/lib/result";
import type { InboxQuery } from "./inquiries.schema.ts";

type Actor = { id: string; role: Role };

export const INBOX_PAGE_SIZE = 50;
const HOUR = 3_600_000;

/** When the first response is due, and whether it came (or is) late. */
export function slaState(inquiry: { createdAt: Date; responseTimeSla: number | null; firstResponseAt: Date | null }, now = new Date()) {
  if (!inquiry.responseTimeSla) return { dueAt: null, breached: false };
  const dueAt = new Date(inquiry.createdAt.getTime() + inquiry.responseTimeSla * HOUR);
  const answeredAt = inquiry.firstResponseAt ?? now;
  return { dueAt, breached: answeredAt > dueAt };
}

/** One page of the inbox, newest first, with each inquiry's SLA; the requester masked for roles other than ADMIN. */
export async function listInbox(query: InboxQuery, actor: Actor) {
  const where: Prisma.InquiryWhereInput = {
    status: query.status,
    priority: query.priority,
    inquiryType: query.type,
    lead: query.character ? { sourceDomain: BRAND_INFO[query.character].domain } : undefined,
    assignedTo: query.assignee === "me" ? actor.id : query.assignee === "none" ? null : query.assignee,
  };
  const db = getDb();
  if (query.breached) {
    // Unanswered and past due: created_at + sla hours < now (SQL, as the due time is per row).
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM inquiries WHERE first_response_at IS NULL AND response_time_sla IS NOT NULL
        AND status IN ('open', 'in_progress') AND created_at + make_interval(hours => response_time_sla) < now()`;
    where.id = { in: rows.map((r) => r.id) };
  }
  const at = { page: query.page, pageSize: INBOX_PAGE_SIZE };
  const [inquiries, total] = await Promise.all([
    db.inquiry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(at),
      select: {
        id: true,
        subject: true,
        inquiryType: true,
        status: true,
        priority: true,
        responseTimeSla: true,
        firstResponseAt: true,
        resolvedAt: true,
        createdAt: true,
        satisfactionRating: true,
        lead: { select: { id: true, name: true, email: true, sourceDomain: true } },
        assignee: { select: { id: true, name: true, email: true } },
      },
    }),
    db.inquiry.count({ where }),
  ]);
  const now = new Date();
  const items = inquiries.map((inquiry) => ({
    ...inquiry,
    lead: inquiry.lead && personalDataFor(inquiry.lead, actor.role),
    sla: slaState(inquiry, now),
  }));
  return pageOf(items, total, at);
}

export async function getInquiry(id: string, actor: Actor) {
  const inquiry = await getDb().inquiry.findUnique({
    where: { id },
    include: {
      lead: { select: { id: true, name: true, email: true, company: true, sourceDomain: true } },
      assignee: { select: { id: true, name: true, email: true } },
      messages: { orderBy: { createdAt: "asc" }, include: { author: { select: { name: true, email: true } } } },
    },
  });
  if (!inquiry) return null;
  return {
    ...inquiry,
    lead: inquiry.lead && personalDataFor(inquiry.lead, actor.role),
    sla: slaState(inquiry),
  };
}

/** One of an inquiry's stored attachments (name, type and path under UPLOAD_DIR), or null when either is unknown. */
export async function getInquiryAttachment({
  inquiryId,
  attachmentId,
}: {
  inquiryId: string;
  attachmentId: string;
}): Promise<{ name: string; type: string; path: string } | null> {
  const inquiry = await getDb().inquiry.findUnique({ where: { id: inquiryId }, select: { attachments: true } });
  const list = (Array.isArray(inquiry?.attachments) ? inquiry.attachments : []) as {
    id: string;
    name: string;
    type: string;
    path: string;
  }[];
  return list.find((a) => a.id === attachmentId) ?? null;
}

/** A change in the inbox: done, with a warning when its email could not be sent (the change itself is kept). */
export type InboxResult = Result<{ warning?: string }>;

/** The requester's address and site, read on the server only (staff may see it masked). */
async function requester(inquiryId: string) {
  const inquiry = await getDb().inquiry.findUnique({
    where: { id: inquiryId },
    select: {
      subject: true,
      lead: { select: { email: true, name: true, sourceDomain: true } },
      user: { select: { email: true, name: true } },
    },
  });
  if (!inquiry) return null;
  const email = inquiry.lead?.email ?? inquiry.user?.email ?? null;
  const brand = brandOfDomain(inquiry.lead?.sourceDomain) ?? "yuya";
  return { email, name: inquiry.lead?.name ?? inquiry.user?.name ?? null, subject: inquiry.subject, brand } as const;
}

/**
 * Sends a reply: stored on the thread first (so nothing is lost), then mailed; the first staff reply sets
 * first_response_at and moves an open inquiry to in progress.
 */
export async function replyToInquiry(
  id: string,
  { body, lng }: { body: string; lng: "ja" | "en" },
  actor: Actor,
  origin: RequestOrigin,
): Promise<InboxResult> {
  const to = await requester(id);
  if (!to) return fail("not_found", "errors.notFound");
  if (!to.email) return fail("invalid", "inbox.noAddress", { field: "body" });
  const db = getDb();
  const message = await db.$transaction(async (tx) => {
    const current = await tx.inquiry.findUniqueOrThrow({ where: { id }, select: { status: true, firstResponseAt: true } });
    const created = await tx.inquiryMessage.create({
      data: { inquiryId: id, authorId: actor.id, direction: "outbound", body },
      select: { id: true },
    });
    await tx.inquiry.update({
      where: { id },
      data: { firstResponseAt: current.firstResponseAt ?? new Date(), status: current.status === "open" ? "in_progress" : undefined },
    });
    return created;
  });
  await recordAudit({
    userId: actor.id,
    action: "POST",
    resource: "inquiries",
    resourceId: id,
    changes: { reply: message.id },
    ...origin,
    status: "success",
  });
  const brand = BRAND_INFO[to.brand];
  const subject = `Re: ${to.subject}`;
  const signature = lng === "en" ? `\n\n—\n${brand.name.en} (${brand.domain})` : `\n\n—\n${brand.name.ja}（${brand.domain}）`;
  try {
    await sendMail({ to: to.email, subject, text: `${body}${signature}` });
    await db.inquiryMessage.update({ where: { id: message.id }, data: { sentAt: new Date() } });
    return ok();
  } catch {
    return ok({ warning: "inbox.notSent" });
  }
}

export async function assignInquiry(id: string, assignee: string | null, actor: Actor, origin: RequestOrigin): Promise<InboxResult> {
  const db = getDb();
  if (assignee) {
    const user = await db.user.findUnique({ where: { id: assignee }, select: { role: true } });
    if (!user || user.role === "USER") return fail("invalid", "api.notStaff", { field: "assignedTo" });
  }
  const before = await db.inquiry.findUnique({ where: { id }, select: { assignedTo: true } });
  if (!before) return fail("not_found", "errors.notFound");
  await db.inquiry.update({ where: { id }, data: { assignedTo: assignee } });
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "inquiries",
    resourceId: id,
    changes: auditDiff(before, { assignedTo: assignee }),
    ...origin,
    status: "success",
  });
  return ok();
}

/** Moves an inquiry; resolving or closing stamps resolved_at and sends the requester the rating link once. */
export async function setInquiryStatus(
  id: string,
  status: InquiryStatus,
  { lng, baseUrl }: { lng: "ja" | "en"; baseUrl: (brand: "yuya" | "aoba") => string },
  actor: Actor,
  origin: RequestOrigin,
): Promise<InboxResult> {
  const db = getDb();
  const before = await db.inquiry.findUnique({ where: { id }, select: { status: true, resolvedAt: true, satisfactionRating: true } });
  if (!before) return fail("not_found", "errors.notFound");
  const done = status === "resolved" || status === "closed";
  const after = await db.inquiry.update({
    where: { id },
    data: { status, resolvedAt: done ? (before.resolvedAt ?? new Date()) : null },
    select: { status: true, resolvedAt: true },
  });
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "inquiries",
    resourceId: id,
    changes: auditDiff(before, { ...before, ...after }),
    ...origin,
    status: "success",
  });
  if (status === "resolved" && !before.resolvedAt && before.satisfactionRating === null) {
    const to = await requester(id);
    if (to?.email) {
      const link = `${baseUrl(to.brand)}/feedback/${await createFeedbackToken(id)}`;
      const mail =
        lng === "en"
          ? {
              subject: `How did we do? — ${to.subject}`,
              text: `Your inquiry "${to.subject}" is resolved.\n\nHow helpful were we? Rate us from 1 to 5 (one click, no sign-in):\n${link}\n\nThank you!`,
            }
          : {
              subject: `対応はいかがでしたか？ — ${to.subject}`,
              text: `お問い合わせ「${to.subject}」は解決済みになりました。\n\nよろしければ、対応の満足度を1〜5で教えてください（サインイン不要）:\n${link}\n\nありがとうございました。`,
            };
      try {
        await sendMail({ to: to.email, ...mail });
      } catch {
        return ok({ warning: "inbox.notSent" });
      }
    }
  }
  return ok();
}

// --- the rating link -----------------------------------------------------------------------------

const FEEDBACK = "inquiry-feedback";
const feedbackKey = () => new TextEncoder().encode(`${sessionSecret()}:${FEEDBACK}`);

export function createFeedbackToken(inquiryId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(FEEDBACK)
    .setSubject(inquiryId)
    .setIssuedAt()
    .setExpirationTime("30d")
    .sign(feedbackKey());
}

/** A rating link's inquiry, or not_found: code "expired" for a link past its time, "invalid" for anything else. */
export async function checkFeedbackToken(token: string): Promise<Result<{ inquiryId: string; subject: string; rated: boolean }>> {
  try {
    const { payload } = await jwtVerify(token, feedbackKey(), { audience: FEEDBACK, algorithms: ["HS256"] });
    const inquiry = payload.sub
      ? await getDb().inquiry.findUnique({ where: { id: payload.sub }, select: { id: true, subject: true, satisfactionRating: true } })
      : null;
    if (!inquiry) return fail("not_found", "feedback.invalid", { code: "invalid" });
    return ok({ inquiryId: inquiry.id, subject: inquiry.subject, rated: inquiry.satisfactionRating !== null });
  } catch (error) {
    return error instanceof errors.JWTExpired
      ? fail("not_found", "feedback.expired", { code: "expired" })
      : fail("not_found", "feedback.invalid", { code: "invalid" });
  }
}

/** Records the rating if there is none yet (once: a second answer changes nothing). */
export async function rateInquiry(inquiryId: string, rating: number): Promise<boolean> {
  const { count } = await getDb().inquiry.updateMany({
    where: { id: inquiryId, satisfactionRating: null },
    data: { satisfactionRating: rating },
  });
  return count > 0;
}

// The GDPR rights of a person: a copy of everything we hold about them (exportPersonData), and erasure
// (erasePerson). A person is a user, a lead email, or both: leads are found by the email's blind index.
// What erasure keeps, and why, is in docs/decisions/008-gdpr-erasure.md.
import { rm } from "node:fs/promises";
import path from "node:path";
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getDb, type Tx } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { getStripe } from "~/lib/stripe.server";
import { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/audit/audit.server";
import { isLastAdmin } from "~/modules/identity/users.server";
import { containsPattern } from "~/lib/search.server";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { scrubPendingImports } from "~/modules/leads/import.server";

export const DELETED = "[DELETED]";
export const EXPORT_FORMAT = "kizuna.person-export";
export const EXPORT_VERSION = 1;

/** A user (and, optionally, the email they were looked up by), or an email (a user's or only leads'). */
export type PersonRef = { userId: string; email?: string } | { email: string };

interface Person {
  user: { id: string; email: string; role: Role; erasedAt: Date | null } | null;
  /** The addresses the person is known by (the user's, and the one asked about). */
  emails: string[];
  leadIds: string[];
  inquiryIds: string[];
}

/** Finds who a reference names. Lead emails are matched through the blind index only. */
async function findPerson(db: Tx, ref: PersonRef): Promise<Person | null> {
  const user =
    "userId" in ref
      ? await db.user.findUnique({ where: { id: ref.userId }, select: { id: true, email: true, role: true, erasedAt: true } })
      : await db.user.findUnique({
          where: { email: normalizeEmail(ref.email) },
          select: { id: true, email: true, role: true, erasedAt: true },
        });
  const emails = [...new Set([...(ref.email ? [normalizeEmail(ref.email)] : []), ...(user && !user.erasedAt ? [user.email] : [])])];
  const leads = await db.lead.findMany({
    where: { OR: [{ emailHash: { in: emails.map(emailHash) } }, ...(user ? [{ userId: user.id }] : [])] },
    select: { id: true },
  });
  const leadIds = leads.map((lead) => lead.id);
  const inquiries = await db.inquiry.findMany({
    where: { OR: [{ leadId: { in: leadIds } }, ...(user ? [{ userId: user.id }] : [])] },
    select: { id: true },
  });
  if (!user && leadIds.length === 0) return null;
  return { user, emails, leadIds, inquiryIds: inquiries.map((inquiry) => inquiry.id) };
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);
const money = (value: { toString(): string } | null | undefined) => (value == null ? null : value.toString());

interface AttachmentJson {
  name?: string;
  type?: string;
  size?: number;
  path?: string;
}
const attachmentsOf = (value: unknown): AttachmentJson[] => (Array.isArray(value) ? (value as AttachmentJson[]) : []);

export type PersonExport = NonNullable<Awaited<ReturnType<typeof buildExport>>>;

/**
 * Everything held about the person, decrypted, as a versioned JSON document. Null when nothing is held. Audited
 * as an export by `actorId` (the person themself, or an admin), without the email or the data.
 */
export async function exportPersonData(ref: PersonRef, { actorId, origin }: { actorId: string; origin: RequestOrigin }) {
  const document = await buildExport(getDb(), ref);
  if (!document) return null;
  const self = actorId === document.user?.id;
  await recordAudit({
    userId: actorId,
    action: "export",
    resource: document.user ? "users" : "leads",
    resourceId: document.user?.id ?? document.leads[0]?.id ?? null,
    changes: self ? { self } : { self, leads: document.leads.length, inquiries: document.inquiries.length, orders: document.orders.length },
    ...origin,
    status: "success",
  });
  return document;
}

async function buildExport(db: Tx, ref: PersonRef) {
  const person = await findPerson(db, ref);
  if (!person) return null;
  const userId = person.user && !person.user.erasedAt ? person.user.id : null;
  const none = "00000000-0000-0000-0000-000000000000"; // matches no row: keeps the queries below unconditional

  const [user, leads, inquiries, orders, analytics, crossings, siteActivity, ownAudit] = await Promise.all([
    db.user.findUnique({
      where: { id: userId ?? none },
      include: {
        profile: true,
        accounts: { orderBy: { createdAt: "asc" } },
        sessions: { orderBy: { createdAt: "asc" } },
        apiTokens: { orderBy: { createdAt: "asc" } },
        savedViews: { orderBy: { createdAt: "asc" } },
        consentHistory: { orderBy: { createdAt: "asc" } },
      },
    }),
    db.lead.findMany({
      where: { id: { in: person.leadIds } },
      orderBy: { createdAt: "asc" },
      include: { activities: { orderBy: { createdAt: "asc" } } },
    }),
    db.inquiry.findMany({
      where: { id: { in: person.inquiryIds } },
      orderBy: { createdAt: "asc" },
      include: { messages: { orderBy: { createdAt: "asc" } } },
    }),
    db.order.findMany({
      where: { userId: userId ?? none },
      orderBy: { createdAt: "asc" },
      include: { items: { include: { product: { select: { name: true, licenseType: true } } } } },
    }),
    db.contentAnalytics.findMany({
      where: { userId: userId ?? none },
      orderBy: { createdAt: "asc" },
      include: { content: { select: { slug: true, title: true } } },
    }),
    db.crossSiteActivity.findMany({ where: { userId: userId ?? none }, orderBy: { createdAt: "asc" } }),
    db.$queryRaw<
      { site: string; first_at: Date; last_at: Date }[]
    >`SELECT site::text AS site, first_at, last_at FROM user_site_activity WHERE user_id = ${userId ?? none}::uuid ORDER BY site`,
    db.auditLog.findMany({
      where: { userId: userId ?? none },
      orderBy: { createdAt: "asc" },
      select: { action: true, resource: true, status: true, ipAddress: true, createdAt: true },
    }),
  ]);

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    user: user
      ? {
          id: user.id,
          email: user.email,
          name: user.name,
          image: user.image,
          emailVerified: iso(user.emailVerified),
          role: user.role,
          createdAt: iso(user.createdAt),
          updatedAt: iso(user.updatedAt),
        }
      : null,
    profile: user?.profile
      ? {
          displayName: user.profile.displayName,
          bio: user.profile.bio,
          websiteUrl: user.profile.websiteUrl,
          twitterHandle: user.profile.twitterHandle,
          discordId: user.profile.discordId,
          preferredCharacter: user.profile.preferredCharacter,
          preferredLanguage: user.profile.preferredLanguage,
          subscriptionTier: user.profile.subscriptionTier,
          totalSpent: money(user.profile.totalSpent),
          lastActivity: iso(user.profile.lastActivity),
          createdAt: iso(user.profile.createdAt),
          updatedAt: iso(user.profile.updatedAt),
        }
      : null,
    marketingConsent: user
      ? {
          current: user.profile?.marketingConsent ?? false,
          history: user.consentHistory.map((change) => ({
            purpose: change.purpose,
            granted: change.granted,
            source: change.source,
            at: iso(change.createdAt),
          })),
        }
      : null,
    // Sign-in methods without their OAuth tokens; sessions and API tokens without their digests.
    accounts: (user?.accounts ?? []).map((account) => ({
      provider: account.provider,
      type: account.type,
      providerAccountId: account.providerAccountId,
      scope: account.scope,
      createdAt: iso(account.createdAt),
    })),
    sessions: (user?.sessions ?? []).map((session) => ({
      site: session.site,
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
      createdAt: iso(session.createdAt),
      lastUsedAt: iso(session.lastUsedAt),
      expires: iso(session.expires),
    })),
    apiTokens: (user?.apiTokens ?? []).map((token) => ({
      name: token.name,
      prefix: token.prefix,
      createdAt: iso(token.createdAt),
      expiresAt: iso(token.expiresAt),
      lastUsedAt: iso(token.lastUsedAt),
      revokedAt: iso(token.revokedAt),
    })),
    savedViews: (user?.savedViews ?? []).map((view) => ({
      scope: view.scope,
      name: view.name,
      query: view.query,
      createdAt: iso(view.createdAt),
    })),
    leads: leads.map((lead) => ({
      id: lead.id,
      email: lead.email,
      name: lead.name,
      company: lead.company,
      jobTitle: lead.jobTitle,
      phone: lead.phone,
      source: lead.source,
      sourceDomain: lead.sourceDomain,
      sourcePage: lead.sourcePage,
      leadType: lead.leadType,
      status: lead.status,
      priority: lead.priority,
      estimatedValue: money(lead.estimatedValue),
      expectedCloseDate: iso(lead.expectedCloseDate),
      notes: lead.notes,
      gdprConsent: lead.gdprConsent,
      consentDate: iso(lead.consentDate),
      createdAt: iso(lead.createdAt),
      updatedAt: iso(lead.updatedAt),
      // Who on the staff did what is not the person's data: type, text and time only.
      activities: lead.activities.map((activity) => ({
        type: activity.activityType,
        description: activity.description,
        createdAt: iso(activity.createdAt),
      })),
    })),
    inquiries: inquiries.map((inquiry) => ({
      id: inquiry.id,
      leadId: inquiry.leadId,
      inquiryType: inquiry.inquiryType,
      subject: inquiry.subject,
      message: inquiry.message,
      status: inquiry.status,
      attachments: attachmentsOf(inquiry.attachments).map((file) => ({
        name: file.name ?? null,
        type: file.type ?? null,
        size: file.size ?? null,
      })),
      satisfactionRating: inquiry.satisfactionRating,
      createdAt: iso(inquiry.createdAt),
      firstResponseAt: iso(inquiry.firstResponseAt),
      resolvedAt: iso(inquiry.resolvedAt),
      messages: inquiry.messages.map((message) => ({
        direction: message.direction,
        body: message.body,
        sentAt: iso(message.sentAt),
        createdAt: iso(message.createdAt),
      })),
    })),
    orders: orders.map((order) => ({
      orderNumber: order.orderNumber,
      status: order.status,
      totalAmount: money(order.totalAmount),
      currency: order.currency,
      paymentMethod: order.paymentMethod,
      billingAddress: order.billingAddress,
      shippingAddress: order.shippingAddress,
      notes: order.notes,
      createdAt: iso(order.createdAt),
      items: order.items.map((item) => ({
        product: item.product?.name ?? null,
        quantity: item.quantity,
        unitPrice: money(item.unitPrice),
        totalPrice: money(item.totalPrice),
        downloadCount: item.downloadCount,
        downloadLimit: item.downloadLimit,
      })),
    })),
    subscriptions: (
      await db.subscription.findMany({
        where: { userId: userId ?? none },
        orderBy: { startedAt: "asc" },
        include: { product: { select: { name: true } } },
      })
    ).map((sub) => ({
      product: sub.product?.name ?? null,
      interval: sub.interval,
      status: sub.status,
      startedAt: iso(sub.startedAt),
      renewedAt: iso(sub.renewedAt),
      renewals: sub.renewals,
      cancelledAt: iso(sub.cancelledAt),
    })),
    licenses: orders.flatMap((order) =>
      order.items
        .filter((item) => item.licenseKey)
        .map((item) => ({
          orderNumber: order.orderNumber,
          product: item.product?.name ?? null,
          licenseType: item.product?.licenseType ?? null,
          licenseKey: item.licenseKey,
        })),
    ),
    contentAnalytics: analytics.map((event) => ({
      content: event.content.slug,
      title: event.content.title,
      eventType: event.eventType,
      referrer: event.referrer,
      userAgent: event.userAgent,
      ipAddress: event.ipAddress,
      createdAt: iso(event.createdAt),
    })),
    crossSiteActivity: crossings.map((crossing) => ({
      fromDomain: crossing.fromDomain,
      toDomain: crossing.toDomain,
      createdAt: iso(crossing.createdAt),
    })),
    siteActivity: siteActivity.map((row) => ({ site: row.site, firstAt: iso(row.first_at), lastAt: iso(row.last_at) })),
    // What the person did, as the audit log recorded it (without the recorded changes, which can be about others).
    auditTrail: ownAudit.map((row) => ({
      action: row.action,
      resource: row.resource,
      status: row.status,
      ipAddress: row.ipAddress,
      createdAt: iso(row.createdAt),
    })),
  };
}

export type EraseResult =
  | { status: "erased"; userId: string | null; counts: ErasureCounts; cancelByHand: string[] }
  | { status: "mismatch" }
  | { status: "already_erased"; userId: string }
  | { status: "not_found" }
  | { status: "last_admin" }
  | { status: "conflict" };

export interface ErasureCounts {
  leads: number;
  inquiries: number;
  ordersDetached: number;
  files: number;
  /** Rows of CSV imports not done yet (dry runs, running imports) that named the person. */
  importRows: number;
}

/**
 * Erases a person in one transaction: profile, sign-ins, sessions, tokens, views, consent history and analytics
 * are deleted; leads, inquiries and their threads anonymized ([DELETED]); orders kept for accounting but detached
 * and without addresses; personal data scrubbed out of audit rows; the users row kept as a tombstone (no email,
 * no name) so the append-only audit log keeps its actors. An audit entry records the erasure, not the data.
 * Attachment files are removed once the transaction has committed. A second erasure is a no-op.
 */
export async function erasePerson(
  ref: PersonRef,
  { actorId, origin }: { actorId: string | null; origin: RequestOrigin },
): Promise<EraseResult> {
  const db = getDb();
  let files: string[] = [];
  let endedSubscriptions: string[] = [];
  let result: EraseResult;
  // CSV imports not done yet would bring the person back: their rows go first, in a transaction of their own
  // (read committed: a running import's batches hold the same row locks, which a serializable erasure would
  // answer with a conflict every time).
  const importRows = await db.$transaction(async (tx) => {
    const person = await findPerson(tx, ref);
    const user = person?.user;
    if ("userId" in ref && ref.email && user && !user.erasedAt && user.email !== normalizeEmail(ref.email)) return 0; // a mismatch: refused below
    return scrubPendingImports(tx, person?.emails ?? (ref.email ? [ref.email] : []));
  });
  try {
    result = await db.$transaction(
      async (tx): Promise<EraseResult> => {
        const person = await findPerson(tx, ref);
        if (!person) return { status: "not_found" };
        const { user, leadIds, inquiryIds } = person;
        // A user id and an email that name two different people is a form that was tampered with.
        if ("userId" in ref && ref.email && user && !user.erasedAt && user.email !== normalizeEmail(ref.email))
          return { status: "mismatch" };
        if (user?.erasedAt && leadIds.length === 0) return { status: "already_erased", userId: user.id };
        if (user && !user.erasedAt && (await isLastAdmin(tx, user.role))) return { status: "last_admin" };
        const self = actorId !== null && actorId === user?.id;
        const userId = user && !user.erasedAt ? user.id : null;

        const inquiries = await tx.inquiry.findMany({ where: { id: { in: inquiryIds } }, select: { attachments: true } });
        files = inquiries.flatMap((inquiry) =>
          attachmentsOf(inquiry.attachments).flatMap((file) => (typeof file.path === "string" ? [file.path] : [])),
        );
        const names = userId ? await namesOf(tx, userId) : [];

        // Audit rows are append-only; this transaction alone may rewrite their personal parts (see the migration).
        await tx.$executeRaw`SELECT set_config('kizuna.gdpr_erasure', 'on', true)`;
        const subjects = [...(userId ? [userId] : []), ...leadIds, ...inquiryIds];
        // Short names would match unrelated rows: only names of 5 characters or more are searched for.
        const needles = [...person.emails, ...names.filter((name) => name.length >= 5)].map(containsPattern);
        await tx.$executeRaw`UPDATE audit_logs SET changes = ${JSON.stringify({ erased: true })}::jsonb
          WHERE changes IS NOT NULL AND (resource_id = ANY(${subjects}::text[]) OR changes::text ILIKE ANY(${needles}::text[]))`;
        if (userId) await tx.$executeRaw`UPDATE audit_logs SET ip_address = NULL, user_agent = NULL WHERE user_id = ${userId}::uuid`;

        // Leads and inquiries: anonymized in place, their status and value kept for the statistics.
        await tx.lead.updateMany({
          where: { id: { in: leadIds } },
          data: { email: DELETED, name: DELETED, company: null, jobTitle: null, phone: null, notes: null, sourcePage: null, userId: null },
        });
        // The blind index would still name the person; one per lead (an open lead's hash is unique per site), never an HMAC.
        if (leadIds.length) await tx.$executeRaw`UPDATE leads SET email_hash = 'deleted:' || id::text WHERE id = ANY(${leadIds}::uuid[])`;
        await tx.leadActivity.updateMany({ where: { leadId: { in: leadIds } }, data: { description: null } });
        await tx.leadActivity.updateMany({
          where: { leadId: { in: leadIds }, activityType: { in: ["created", "inquiry", "imported", "note"] } },
          data: { metadata: Prisma.DbNull },
        });
        await tx.inquiry.updateMany({
          where: { id: { in: inquiryIds } },
          data: { subject: DELETED, message: DELETED, attachments: Prisma.DbNull, userId: null },
        });
        await tx.inquiryMessage.updateMany({ where: { inquiryId: { in: inquiryIds } }, data: { body: DELETED } });
        // A stored API answer can repeat what was submitted; it is only there for retries.
        if (subjects.length)
          await tx.$executeRaw`DELETE FROM idempotency_keys WHERE response_body::text LIKE ANY(${subjects.map((id) => `%${id}%`)}::text[])`;
        // Sign-in codes name the address by its blind index (identity/sign-in-codes.server.ts).
        await tx.signInCode.deleteMany({ where: { emailHash: { in: person.emails.map(emailHash) } } });

        let ordersDetached = 0;
        if (userId) {
          ({ count: ordersDetached } = await tx.order.updateMany({
            where: { userId },
            data: { userId: null, billingAddress: Prisma.DbNull, shippingAddress: Prisma.DbNull, notes: null },
          }));
          // Subscriptions are kept for accounting like orders, detached; active ones end (and are cancelled at Stripe after commit).
          endedSubscriptions = (await tx.subscription.findMany({ where: { userId, status: "active" }, select: { providerId: true } })).map(
            (sub) => sub.providerId,
          );
          await tx.subscription.updateMany({ where: { userId, status: "active" }, data: { status: "cancelled", cancelledAt: new Date() } });
          await tx.subscription.updateMany({ where: { userId }, data: { userId: null } });
          await tx.contentAnalytics.deleteMany({ where: { userId } });
          await tx.crossSiteActivity.deleteMany({ where: { userId } });
          await tx.$executeRaw`DELETE FROM user_site_activity WHERE user_id = ${userId}::uuid`;
          await tx.session.deleteMany({ where: { userId } });
          await tx.account.deleteMany({ where: { userId } });
          await tx.apiToken.deleteMany({ where: { userId } });
          await tx.savedView.deleteMany({ where: { userId } });
          await tx.consentChange.deleteMany({ where: { userId } });
          await tx.userProfile.deleteMany({ where: { userId } });
          // Work assigned to an erased staff member goes back to the unassigned pile.
          await tx.lead.updateMany({ where: { assignedTo: userId }, data: { assignedTo: null } });
          await tx.inquiry.updateMany({ where: { assignedTo: userId }, data: { assignedTo: null } });
          await tx.user.update({
            where: { id: userId },
            data: {
              email: `erased-${userId}@erased.invalid`,
              name: null,
              image: null,
              emailVerified: null,
              role: "USER",
              erasedAt: new Date(),
            },
          });
        }

        const counts = { leads: leadIds.length, inquiries: inquiryIds.length, ordersDetached, files: files.length, importRows };
        await tx.auditLog.create({
          data: {
            userId: actorId,
            action: "erase",
            resource: userId ? "users" : "leads",
            resourceId: userId ?? leadIds[0] ?? null,
            changes: { self, ...counts },
            // The person's own address at the moment of erasure would be personal data left behind.
            ipAddress: self ? null : origin.ip || null,
            userAgent: self ? null : (origin.userAgent?.slice(0, 500) ?? null),
            status: "success",
          },
        });
        return { status: "erased", userId, counts, cancelByHand: [] as string[] };
      },
      { isolationLevel: "Serializable", timeout: 30_000 },
    );
  } catch (error) {
    // Two admins erasing each other at once must not both succeed (and leave no admin).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") return { status: "conflict" };
    throw error;
  }
  if (result.status === "erased" && files.length) await removeFiles(files);
  if (result.status === "erased" && endedSubscriptions.length) result.cancelByHand = await cancelAtStripe(endedSubscriptions, actorId);
  return result;
}

/** The person's names, to find them in audit changes that are not about their own records. */
async function namesOf(tx: Tx, userId: string): Promise<string[]> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, profile: { select: { displayName: true } } },
  });
  return [user.name, user.profile?.displayName].filter((value): value is string => !!value);
}

/**
 * An erased person is not charged again: their subscriptions are cancelled at Stripe. One that cannot be (Stripe
 * down or not configured) is returned for staff to cancel by hand, and recorded as a failed audit entry, which
 * the audit log shows even when the person erased themselves.
 */
async function cancelAtStripe(providerIds: string[], actorId: string | null): Promise<string[]> {
  const stripe = getStripe();
  const failed: string[] = [];
  for (const id of providerIds) {
    try {
      if (!stripe) throw new Error("Stripe is not configured");
      await stripe.subscriptions.cancel(id);
    } catch (error) {
      failed.push(id);
      await recordAudit({
        userId: actorId,
        action: "stripe_cancel",
        resource: "subscriptions",
        resourceId: id,
        changes: {
          reason: "gdpr_erasure",
          error: (error instanceof Error ? error.message : String(error)).slice(0, 300),
          todo: "cancel this subscription at Stripe by hand",
        },
        status: "failure",
      });
    }
  }
  return failed;
}

async function removeFiles(relativePaths: string[]): Promise<void> {
  const root = path.resolve(getEnv().UPLOAD_DIR);
  await Promise.all(
    relativePaths.map(async (relative) => {
      const file = path.resolve(root, relative);
      if (!file.startsWith(root + path.sep)) return; // never outside the upload directory
      await rm(file, { force: true });
    }),
  );
}

/** Records a change of the user's marketing consent, with its time (called where the profile is saved). */
export async function recordConsentChange(tx: Tx, userId: string, granted: boolean, source: "account" | "admin"): Promise<void> {
  await tx.consentChange.create({ data: { userId, granted, source } });
}

/** The user's current marketing consent and its history, newest first. */
export async function consentOf(userId: string) {
  const db = getDb();
  const [profile, history] = await Promise.all([
    db.userProfile.findUnique({ where: { userId }, select: { marketingConsent: true } }),
    db.consentChange.findMany({
      where: { userId, purpose: "marketing" },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { granted: true, source: true, createdAt: true },
    }),
  ]);
  return { current: profile?.marketingConsent ?? false, history };
}

/** What Admin › Privacy shows about an email before exporting or erasing: counts only. Null when nothing is held. */
export async function describePerson(ref: PersonRef) {
  const db = getDb();
  const person = await findPerson(db, ref);
  if (!person) return null;
  const user = person.user;
  const orders = user && !user.erasedAt ? await db.order.count({ where: { userId: user.id } }) : 0;
  return {
    user: user ? { id: user.id, email: user.erasedAt ? null : user.email, role: user.role, erasedAt: user.erasedAt } : null,
    leads: person.leadIds.length,
    inquiries: person.inquiryIds.length,
    orders,
  };
}

// Receiving an inquiry (the API and the contact page's question form): validate, store the attachments, then
// the requester's lead and the inquiry in one transaction; if that fails, the stored files are removed again.
import { parseWithZod } from "@conform-to/zod/v4";
import { getDb } from "~/lib/db.server";
import type { Brand } from "~/lib/tenant";
import type { InquiryType, LeadType, Priority } from "~/generated/prisma/client";
import { ownPageOrigin } from "~/modules/leads/intake.server";
import { submitInquiry, type SubmittedLead } from "~/modules/leads/leads.server";
import { AttachmentError, attachmentLimits, storeAttachments } from "./attachments.server.ts";
import { CreateInquirySchema } from "./inquiries.schema.ts";

const LEAD_TYPE_FOR: Record<InquiryType, LeadType> = {
  general: "other",
  technical_support: "other",
  business: "b2b_consultation",
  collaboration: "collaboration",
  licensing: "music_licensing",
  bug_report: "other",
};

const PRIORITY_FOR: Record<InquiryType, Priority> = {
  general: "medium",
  technical_support: "high",
  business: "high",
  collaboration: "medium",
  licensing: "medium",
  bug_report: "high",
};

/** A message key with its values, for the API (translated JSON) and the form (shown in place). */
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}

export type ReceiveResult =
  | { ok: true; submitted: SubmittedLead; attachments: number }
  | { ok: false; status: 400 | 413 | 415 | 422 | 503 | 507; fields: Record<string, FieldProblem[]>; submission?: InquirySubmission };

export const parseInquiry = (formData: FormData) => parseWithZod(formData, { schema: CreateInquirySchema });
export type InquirySubmission = ReturnType<typeof parseInquiry>;

const ATTACHMENT_KEYS: Record<AttachmentError["code"], string> = {
  too_many: "errors.attachmentsTooMany",
  too_large: "errors.attachmentsTooLarge",
  type_not_allowed: "errors.attachmentsType",
  type_mismatch: "errors.attachmentsMismatch",
  empty: "errors.attachmentsEmpty",
  malformed: "errors.formUnreadable",
  storage_full: "errors.attachmentsStorageFull",
  storage_unavailable: "errors.attachmentsStorageUnavailable",
};

export function attachmentProblem(error: AttachmentError): { status: AttachmentError["status"]; fields: Record<string, FieldProblem[]> } {
  const values: Record<string, string | number> = { name: error.detail.name ?? "" };
  if (error.detail.max !== undefined)
    values.max = error.code === "too_large" ? Math.round(error.detail.max / 1024 / 1024) : error.detail.max;
  return {
    status: error.status,
    fields: { [error.code === "malformed" ? "form" : "attachments"]: [{ key: ATTACHMENT_KEYS[error.code], values }] },
  };
}

export async function receiveInquiry(
  formData: FormData,
  { brand, user, via }: { brand: Brand; user: { email: string; name: string | null } | null; via: string },
): Promise<ReceiveResult> {
  const submission = parseInquiry(formData);
  if (submission.status !== "success") {
    const fields: Record<string, FieldProblem[]> = {};
    for (const [field, messages] of Object.entries(submission.error ?? {})) {
      if (messages?.length) fields[field] = messages.map((message) => ({ key: message }));
    }
    const onlyConsent = Object.keys(fields).every((field) => field === "gdprConsent");
    return { ok: false, status: onlyConsent ? 422 : 400, fields, submission };
  }
  const input = submission.value;
  const person = input.leadInfo ?? (user ? { email: user.email, name: user.name ?? user.email, company: undefined } : null);
  if (!person) return { ok: false, status: 400, fields: { "leadInfo.email": [{ key: "errors.leadInfoRequired" }] }, submission };

  const files = formData
    .getAll("attachments")
    .filter((value): value is File => typeof value === "object" && value !== null && "arrayBuffer" in value);
  if (files.length > attachmentLimits().maxFiles)
    return { ok: false, ...attachmentProblem(new AttachmentError("too_many", 400, { max: attachmentLimits().maxFiles })), submission };
  let stored: Awaited<ReturnType<typeof storeAttachments>>;
  try {
    stored = await storeAttachments(files);
  } catch (error) {
    if (error instanceof AttachmentError) return { ok: false, ...attachmentProblem(error), submission };
    throw error;
  }

  try {
    // One statement, atomic by itself.
    const submitted = await submitInquiry(
      getDb(),
      {
        email: person.email,
        name: person.name,
        company: person.company ?? null,
        ...ownPageOrigin(brand),
        leadType: LEAD_TYPE_FOR[input.type],
      },
      {
        subject: input.subject,
        message: input.message,
        inquiryType: input.type,
        priority: PRIORITY_FOR[input.type],
        attachments: stored.stored.length ? stored.stored.map((a) => ({ ...a })) : undefined,
      },
      { via },
    );
    return { ok: true, submitted, attachments: stored.stored.length };
  } catch (error) {
    await stored.remove(); // nothing half-written: no files without their inquiry
    throw error;
  }
}

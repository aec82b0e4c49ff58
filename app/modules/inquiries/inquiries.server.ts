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
import { messageWith } from "~/lib/i18n";
import { fail, ok, type Failure, type FailureKind, type Result } from "~/lib/result";

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

/** An attachment problem by field (the deliverable upload of a project reads it the same way). */
export function attachmentProblem(error: AttachmentError): { status: AttachmentError["status"]; fields: Record<string, FieldProblem[]> } {
  const values: Record<string, string | number> = { name: error.detail.name ?? "" };
  if (error.detail.max !== undefined)
    values.max = error.code === "too_large" ? Math.round(error.detail.max / 1024 / 1024) : error.detail.max;
  return {
    status: error.status,
    fields: { [error.code === "malformed" ? "form" : "attachments"]: [{ key: ATTACHMENT_KEYS[error.code], values }] },
  };
}

const KIND_OF: Record<AttachmentError["status"], FailureKind> = {
  400: "bad_request",
  413: "too_large",
  415: "unsupported",
  503: "unavailable",
  507: "storage_full",
};

/** Fields refused: 400 (422 when consent is all that is missing), the message naming them as the API always has. */
function refused(fields: Record<string, string[]>, kind: FailureKind = "bad_request"): Failure {
  return fail(kind, messageWith("api.invalid", { fields: Object.keys(fields).join(", ") }), { fields, code: "invalid_request" });
}

/**
 * An attachment the inquiry cannot take, as a Failure beside its field (messages with the file's name and the
 * limit). Our storage failing (full: 507, unwritable: 503) is not the sender's mistake: its own code and message.
 */
export function attachmentFailure(error: AttachmentError): Failure {
  const [field, problems] = Object.entries(attachmentProblem(error).fields)[0]!;
  const fields = { [field]: problems.map((p) => (p.values ? messageWith(p.key, p.values) : p.key)) };
  if (error.code === "storage_full") return fail("storage_full", fields[field]![0]!, { fields, code: "insufficient_storage" });
  if (error.code === "storage_unavailable") return fail("unavailable", fields[field]![0]!, { fields, code: "storage_unavailable" });
  return refused(fields, KIND_OF[error.status]);
}

export async function receiveInquiry(
  formData: FormData,
  { brand, user, via }: { brand: Brand; user: { email: string; name: string | null } | null; via: string },
): Promise<Result<{ submitted: SubmittedLead; attachments: number }>> {
  const submission = parseInquiry(formData);
  if (submission.status !== "success") {
    const fields: Record<string, string[]> = {};
    for (const [field, messages] of Object.entries(submission.error ?? {})) if (messages?.length) fields[field] = messages;
    const onlyConsent = Object.keys(fields).every((field) => field === "gdprConsent");
    return refused(fields, onlyConsent ? "invalid" : "bad_request");
  }
  const input = submission.value;
  const person = input.leadInfo ?? (user ? { email: user.email, name: user.name ?? user.email, company: undefined } : null);
  if (!person) return refused({ "leadInfo.email": ["errors.leadInfoRequired"] });

  const files = formData
    .getAll("attachments")
    .filter((value): value is File => typeof value === "object" && value !== null && "arrayBuffer" in value);
  if (files.length > attachmentLimits().maxFiles)
    return attachmentFailure(new AttachmentError("too_many", 400, { max: attachmentLimits().maxFiles }));
  let stored: Awaited<ReturnType<typeof storeAttachments>>;
  try {
    stored = await storeAttachments(files);
  } catch (error) {
    if (error instanceof AttachmentError) return attachmentFailure(error);
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
    return ok({ submitted, attachments: stored.stored.length });
  } catch (error) {
    await stored.remove(); // nothing half-written: no files without their inquiry
    throw error;
  }
}

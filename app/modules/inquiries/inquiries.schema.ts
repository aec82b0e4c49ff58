// POST /api/inquiries and the contact page's question form: the spec's CreateInquiryRequest (multipart),
// plus consent, which storing the requester's details needs. Field names nest with dots ("leadInfo.email"),
// as Conform and plain HTML forms send them.
import { z } from "zod";
import { pageParam } from "~/lib/list";
import { AS_SENT, emailField, optionalText, requiredText } from "~/lib/schema-fields";
import { PRIORITIES } from "~/modules/leads/leads.schema";

/** What the public may choose; staff also see bug reports (from the SDK and imports). */
export const INQUIRY_TYPES = ["general", "technical_support", "business", "collaboration", "licensing"] as const;
export const ALL_INQUIRY_TYPES = [...INQUIRY_TYPES, "bug_report"] as const;
export const INQUIRY_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;

/** A checkbox ("on") or an API's "true": both say yes. */
const consent = z.preprocess((value) => (value === "on" || value === "true" ? true : value), z.literal(true, { error: "errors.consent" }));

export const CreateInquirySchema = z.object({
  type: z.enum(INQUIRY_TYPES, { error: "errors.inquiryType" }),
  subject: requiredText(255),
  message: requiredText(5000),
  leadInfo: z
    .object({
      email: emailField,
      name: requiredText(100),
      company: optionalText(200, AS_SENT),
    })
    .optional(),
  gdprConsent: consent,
});
export type CreateInquiry = z.infer<typeof CreateInquirySchema>;

/** The inbox's filters (the admin list). */
export const InboxQuerySchema = z.object({
  status: z.enum(INQUIRY_STATUSES, { error: "errors.inquiryStatus" }).optional(),
  priority: z.enum(PRIORITIES, { error: "errors.priority" }).optional(),
  type: z.enum(ALL_INQUIRY_TYPES, { error: "errors.inquiryType" }).optional(),
  character: z.enum(["yuya", "aoba"], { error: "errors.character" }).optional(),
  assignee: z.union([z.uuid(), z.literal("me"), z.literal("none")], { error: "errors.assignee" }).optional(),
  /** Only those past their first-response time without an answer. */
  breached: z.literal("1").optional(),
  page: pageParam,
});
export type InboxQuery = z.output<typeof InboxQuerySchema>;

/** The inquiry page's forms: a reply (mailed in the chosen language), the assignee ("" for no one), the status. */
export const InquiryReplySchema = z.object({
  body: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(20_000, { error: "errors.tooLong:20000" }),
  lng: z.enum(["ja", "en"]).default("ja"),
});
export const InquiryAssignSchema = z.object({ assignedTo: z.uuid({ error: "errors.userId" }).optional() });
export const InquiryStatusSchema = z.object({
  status: z.enum(INQUIRY_STATUSES, { error: "errors.inquiryStatus" }),
  lng: z.enum(["ja", "en"]).catch("ja"),
});

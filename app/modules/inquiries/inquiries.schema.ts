// POST /api/inquiries and the contact page's question form: the spec's CreateInquiryRequest (multipart),
// plus consent, which storing the requester's details needs. Field names nest with dots ("leadInfo.email"),
// as Conform and plain HTML forms send them.
import { z } from "zod";
import { emailField, NO_NUL } from "~/modules/leads/leads.schema";

/** What the public may choose; staff also see bug reports (from the SDK and imports). */
export const INQUIRY_TYPES = ["general", "technical_support", "business", "collaboration", "licensing"] as const;
export const ALL_INQUIRY_TYPES = [...INQUIRY_TYPES, "bug_report"] as const;
export const INQUIRY_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;

const required = (max: number) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(max, { error: `errors.tooLong:${max}` })
    .refine(...NO_NUL);

/** A checkbox ("on") or an API's "true": both say yes. */
const consent = z.preprocess((value) => (value === "on" || value === "true" ? true : value), z.literal(true, { error: "errors.consent" }));

export const CreateInquirySchema = z.object({
  type: z.enum(INQUIRY_TYPES, { error: "errors.inquiryType" }),
  subject: required(255),
  message: required(5000),
  leadInfo: z
    .object({
      email: emailField,
      name: required(100),
      company: z.string().trim().max(200, { error: "errors.tooLong:200" }).refine(...NO_NUL).optional(),
    })
    .optional(),
  gdprConsent: consent,
});
export type CreateInquiry = z.infer<typeof CreateInquirySchema>;

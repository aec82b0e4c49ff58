// POST /api/inquiries and the contact page's question form: the spec's CreateInquiryRequest (multipart),
// plus consent, which storing the requester's details needs. Field names nest with dots ("leadInfo.email"),
// as Conform and plain HTML forms send them.
import { z } from "zod";
import { AS_SENT, emailField, optionalText, requiredText } from "~/lib/schema-fields";

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

// Input schemas for leads, shared by the brand contact form (client and server) and, later, POST /api/leads.
// Messages are translation keys ("errors.email", "errors.tooLong:100"), turned into text by translateError.
import { z } from "zod";

export const LEAD_TYPES = ["b2b_consultation", "tool_interest", "collaboration", "music_licensing", "other"] as const;

const required = (max: number) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(max, { error: `errors.tooLong:${max}` });

const optional = (max: number) => z.string().trim().max(max, { error: `errors.tooLong:${max}` }).optional();

/** What a visitor sends from a brand site's contact page; the site itself supplies source and domain. */
export const ContactFormSchema = z.object({
  name: required(100),
  email: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(255, { error: "errors.tooLong:255" })
    .pipe(z.email({ error: "errors.email" })),
  company: optional(200),
  phone: optional(50).refine((value) => !value || /^[0-9+\-() ]{6,}$/.test(value), { error: "errors.phone" }),
  leadType: z.enum(LEAD_TYPES).default("other"),
  message: required(5000),
  gdprConsent: z.literal(true, { error: "errors.consent" }),
});

export type ContactForm = z.infer<typeof ContactFormSchema>;

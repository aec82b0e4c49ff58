// Embed keys (created in the admin) and what an embedded form sends (POST /api/embed/v1/leads).
import { z } from "zod";
import { emailField, phoneField } from "~/lib/schema-fields";
import { LEAD_TYPES } from "~/modules/leads/leads.schema";

export const PUBLIC_KEY = /^pk_[A-Za-z0-9]{24}$/;
export const MAX_ORIGINS = 20;

/** An origin as a browser sends it: scheme, host and port only (no path, no trailing slash). */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `errors.tooLong:${max}` })
    .optional()
    .transform((value) => value || undefined);

/** The admin's form: a name, the site the leads belong to, their lead source, and the allowed origins (one per line). */
export const EmbedKeySchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong:100" }),
  tenant: z.enum(["yuya", "aoba"], { error: "errors.character" }),
  source: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong:100" }),
  allowedOrigins: z
    .string({ error: "errors.required" })
    .transform((value) => [
      ...new Set(
        value
          .split(/[\s,]+/)
          .map((line) => line.trim().replace(/\/$/, "").toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string())
        .min(1, { error: "errors.required" })
        .max(MAX_ORIGINS, { error: `errors.tooManyOrigins:${MAX_ORIGINS}` })
        // On the list, not on each line: the form shows the message beside the one field it has.
        .refine((origins) => origins.every(isOrigin), { error: "errors.origin" }),
    ),
});
export type EmbedKeyInput = z.infer<typeof EmbedKeySchema>;

/**
 * What embed.js sends. The key (header X-Kizuna-Key) fixes the site and the source; `website` is a
 * honeypot and `elapsedMs` the time the visitor took — bots fill the one and are too fast for the other.
 */
export const EmbedLeadSchema = z.strictObject({
  email: emailField,
  name: text(100),
  company: text(200),
  phone: phoneField,
  message: text(5000),
  leadType: z.enum(LEAD_TYPES, { error: "errors.leadType" }).default("other"),
  gdprConsent: z.literal(true, { error: "errors.consent" }),
  sourcePage: z.string().max(500, { error: "errors.tooLong:500" }).optional(),
  website: z.string().max(500).optional(),
  elapsedMs: z
    .number()
    .int()
    .min(0)
    .max(86_400_000 * 30)
    .optional(),
});
export type EmbedLead = z.infer<typeof EmbedLeadSchema>;

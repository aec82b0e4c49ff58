// The forms of the privacy screens (account page and Admin › Privacy), shared by the browser and the actions.
// Messages are translation keys.
import { z } from "zod";

const email = z
  .string({ error: "privacy.emailRequired" })
  .trim()
  .min(1, { error: "privacy.emailRequired" })
  .max(255, { error: "errors.tooLong:255" })
  .pipe(z.email({ error: "privacy.invalidEmail" }))
  .transform((value) => value.toLowerCase());

/** Whom Admin › Privacy looks up: a user's or a lead's email. */
export const PersonLookupSchema = z.object({ email });

/** The user erasing their own account types their email to confirm. */
export function eraseOwnAccountSchema(ownEmail: string) {
  return z.object({
    confirmEmail: z
      .string({ error: "privacy.confirmRequired" })
      .trim()
      .min(1, { error: "privacy.confirmRequired" })
      .refine((value) => value.toLowerCase() === ownEmail.toLowerCase(), { error: "privacy.confirmMismatch" }),
  });
}

/** An admin erasing someone types the email again. */
export const AdminEraseSchema = z
  .object({
    email,
    confirmEmail: z.string({ error: "privacy.confirmRequired" }).trim().min(1, { error: "privacy.confirmRequired" }),
  })
  .refine((form) => form.confirmEmail.toLowerCase() === form.email, { error: "privacy.confirmMismatch", path: ["confirmEmail"] });

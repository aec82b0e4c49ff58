// What a user may change of their own profile (user_profiles), shared by the account form in the browser and
// the action. Messages are translation keys, as in the lead schemas.
import { z } from "zod";
import { optionalText } from "~/lib/schema-fields";

export const CHARACTERS = ["YUYA", "AOBA", "BOTH"] as const;

export const ProfileFormSchema = z.object({
  displayName: optionalText(50),
  bio: optionalText(500),
  websiteUrl: z
    .string()
    .trim()
    .max(255, { error: "errors.tooLong:255" })
    .refine((value) => !value || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value), { error: "account.invalidUrl" })
    .optional()
    .transform((value) => value || null),
  // "@kabuki_yuya" and "kabuki_yuya" are the same handle; stored without the @.
  twitterHandle: z
    .string()
    .trim()
    .refine((value) => !value || /^@?[A-Za-z0-9_]{1,15}$/.test(value), { error: "account.invalidTwitter" })
    .optional()
    .transform((value) => (value ? value.replace(/^@/, "") : null)),
  // A Discord username (2–32 of a–z 0–9 _ .) or a numeric user id.
  discordId: z
    .string()
    .trim()
    .refine((value) => !value || /^(?:[a-z0-9_.]{2,32}|\d{17,20})$/.test(value), { error: "account.invalidDiscord" })
    .optional()
    .transform((value) => value || null),
  preferredCharacter: z.enum(CHARACTERS, { error: "errors.required" }),
  marketingConsent: z.boolean().default(false),
});

export type ProfileForm = z.output<typeof ProfileFormSchema>;

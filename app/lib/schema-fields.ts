// Zod pieces the forms and the JSON API share. Messages are translation keys ("errors.email",
// "errors.tooLong:100"), turned into text by translateError.
import { z } from "zod";
import { looksLikeCiphertext } from "./ciphertext.ts";

/** PostgreSQL text cannot hold NUL (U+0000): a field with one is refused by name here, not by the database. */
const noNul = (value: string) => !value.includes("\u0000");
/** Nor text shaped like our stored ciphertext: never legitimate input (see ciphertext.ts). */
const notCiphertext = (value: string) => !looksLikeCiphertext(value);

/** Trimmed text of at most `max` characters, optionally refusing what cannot or must not be stored. */
function boundedText(max: number, refuseUnstorable: boolean) {
  const text = z
    .string()
    .trim()
    .max(max, { error: `errors.tooLong:${max}` });
  return refuseUnstorable ? text.refine(noNul, { error: "errors.nul" }).refine(notCiphertext, { error: "errors.ciphertext" }) : text;
}

export interface OptionalTextOptions {
  /**
   * Keep an empty field as "" and a missing one as undefined, instead of null for both: for the lead and inquiry
   * schemas, whose services tell "sent empty" from "not sent" (an update leaves an unsent field as it is).
   */
  keepEmpty?: boolean;
  /**
   * Refuse NUL and ciphertext-shaped text by field (errors.nul, errors.ciphertext): for input that may not pass
   * through readForm, which refuses both for every form before any schema sees it (the contact page, the JSON
   * API, CSV rows).
   */
  refuseUnstorable?: boolean;
}

/** The lead schemas' optional text: kept as sent, and refused when it cannot or must not be stored. */
export const AS_SENT = { keepEmpty: true, refuseUnstorable: true } as const;

const nullWhenEmpty = (max: number, refuseUnstorable: boolean) =>
  boundedText(max, refuseUnstorable)
    .optional()
    .transform((value) => value || null);
const keptAsSent = (max: number, refuseUnstorable: boolean) => boundedText(max, refuseUnstorable).optional();

/**
 * An optional text field: trimmed, at most `max` characters (errors.tooLong:max); empty or missing → null unless
 * `keepEmpty` (see OptionalTextOptions).
 */
export function optionalText(max: number, options?: OptionalTextOptions & { keepEmpty?: false }): ReturnType<typeof nullWhenEmpty>;
export function optionalText(max: number, options: OptionalTextOptions & { keepEmpty: true }): ReturnType<typeof keptAsSent>;
export function optionalText(max: number, { keepEmpty = false, refuseUnstorable = false }: OptionalTextOptions = {}) {
  return keepEmpty ? keptAsSent(max, refuseUnstorable) : nullWhenEmpty(max, refuseUnstorable);
}

/** Required text: trimmed, not empty, at most `max` characters, no NUL, not ciphertext-shaped. */
export const requiredText = (max: number) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(max, { error: `errors.tooLong:${max}` })
    .refine(noNul, { error: "errors.nul" })
    .refine(notCiphertext, { error: "errors.ciphertext" });

/** A required email address, trimmed, at most 255 characters. */
export const emailField = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, { error: "errors.required" })
  .max(255, { error: "errors.tooLong:255" })
  .pipe(z.email({ error: "errors.email" }));

/** An optional phone number: digits, +, -, parentheses and spaces; kept as sent like the lead schemas' text. */
export const phoneField = optionalText(50, AS_SENT).refine((value) => !value || /^[0-9+\-() ]{6,}$/.test(value), { error: "errors.phone" });

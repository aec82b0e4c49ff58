// Zod pieces the forms share.
import { z } from "zod";

/** An optional text field: trimmed, at most `max` characters (errors.tooLong:max), empty → null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `errors.tooLong:${max}` })
    .optional()
    .transform((value) => value || null);

// Saved views: the form that names one (shared by the action and the browser's check).
import { z } from "zod";

export const SaveViewSchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong:100" }),
  query: z.string().max(2000, { error: "errors.tooLong:2000" }).default(""),
});

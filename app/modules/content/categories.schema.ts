// Content categories as the admin edits them: one form per change (create, edit, move up/down, delete), each
// told apart by `intent`. A category's scope is chosen when it is created and does not change (its tree is per scope).
import { z } from "zod";
import { optionalText as text } from "~/lib/schema-fields";
import { CONTENT_OWNERS, slugField } from "./contents.schema.ts";

const name = z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong:100" });
const id = z.uuid({ error: "contents.categoryUnknown" });
/** No parent ("") is a root category. */
const parentId = z
  .uuid({ error: "contents.parentUnknown" })
  .optional()
  .transform((value) => value ?? null);

export const CategoryCreateSchema = z.object({
  intent: z.literal("create"),
  name,
  slug: slugField(100),
  characterScope: z.enum(CONTENT_OWNERS, { error: "errors.site" }),
  parentId,
  description: text(2000),
});

export const CategoryUpdateSchema = z.object({
  intent: z.literal("update"),
  id,
  name,
  slug: slugField(100),
  parentId,
  description: text(2000),
});

export const CategoryMoveSchema = z.object({
  intent: z.literal("move"),
  id,
  direction: z.enum(["up", "down"], { error: "contents.direction" }),
});

export const CategoryDeleteSchema = z.object({ intent: z.literal("delete"), id });

export const CategoryActionSchema = z.discriminatedUnion(
  "intent",
  [CategoryCreateSchema, CategoryUpdateSchema, CategoryMoveSchema, CategoryDeleteSchema],
  {
    error: "account.unknownAction",
  },
);
export type CategoryCreateInput = z.output<typeof CategoryCreateSchema>;
export type CategoryUpdateInput = z.output<typeof CategoryUpdateSchema>;

// Contents as the admin edits them: the editor form (shared by the browser's Conform form and the action), the
// list's URL filters, and the small pure rules both sides need (slugs, tags, which categories fit an owner).
import { z } from "zod";
import { pageParam } from "~/lib/list";
import { optionalText as text } from "~/lib/schema-fields";

export const CONTENT_OWNERS = ["yuya", "aoba", "shared"] as const;
export type ContentOwner = (typeof CONTENT_OWNERS)[number];
export const CONTENT_TYPES = ["blog", "tool", "music", "video", "documentation", "case_study"] as const;
export const CONTENT_STATUSES = ["draft", "published", "archived"] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** Search engines show about this much of a title and a description; longer is allowed, with a hint. */
export const SEO_TITLE_HINT = 60;
export const SEO_DESCRIPTION_HINT = 160;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;

/** A slug is lower-case latin letters and digits in words joined by single hyphens ("ai-in-retail-2"). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug suggested from a title: accents dropped, anything else than a–z and 0–9 becomes one hyphen. "" if nothing is left. */
export function slugify(text: string, max = 80): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, max)
    .replace(/^-+|-+$/g, "");
}

/**
 * Tags typed as "AI, 音楽、 music ,ai": split on ASCII and Japanese commas, width-normalised (NFKC), inner spaces
 * collapsed, empties dropped, and each tag kept once (the first spelling wins; "AI" and "ai" are the same tag).
 */
export function parseTags(raw: string | null | undefined): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of (raw ?? "").split(/[,、，]/)) {
    const tag = part.normalize("NFKC").replace(/\s+/g, " ").trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

/**
 * Which category scopes a content may use: a brand's content its own brand's categories and the shared ones; a
 * shared content (shown on both sites) any category.
 */
export function categoryScopesFor(owner: ContentOwner): ContentOwner[] {
  return owner === "shared" ? [...CONTENT_OWNERS] : [owner, "shared"];
}

/** `published_at` after a save: set once, when a content is first published; archiving or unpublishing keeps it. */
export function publishedAtAfter(previous: Date | null, status: ContentStatus, now = new Date()): Date | null {
  return status === "published" && !previous ? now : previous;
}

/** A slug field: optional in the form (the service suggests one from the title), else well-formed. */
export const slugField = (max: number) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(max, { error: `errors.tooLong:${max}` })
    .regex(SLUG_PATTERN, { error: "contents.slugFormat" })
    .optional();

const metadataField = z
  .string()
  .max(20_000, { error: "errors.tooLong:20000" })
  .optional()
  .transform((raw, ctx): Record<string, unknown> | null => {
    if (!raw?.trim()) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "contents.metadataJson" });
      return z.NEVER;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      ctx.addIssue({ code: "custom", message: "contents.metadataObject" });
      return z.NEVER;
    }
    return value as Record<string, unknown>;
  });

export const ContentFormSchema = z.object({
  title: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(255, { error: "errors.tooLong:255" }),
  slug: slugField(255),
  content: z
    .string()
    .max(200_000, { error: "errors.tooLong:200000" })
    .optional()
    .transform((value) => value ?? ""),
  excerpt: text(1000),
  characterOwner: z.enum(CONTENT_OWNERS, { error: "errors.site" }),
  contentType: z.enum(CONTENT_TYPES, { error: "errors.contentType" }),
  status: z.enum(CONTENT_STATUSES, { error: "contents.statusInvalid" }).default("draft"),
  featured: z.boolean().default(false),
  tags: z
    .string()
    .max(2_000, { error: "errors.tooLong:2000" })
    .optional()
    .transform(parseTags)
    .refine((tags) => tags.length <= MAX_TAGS, { error: `contents.tooManyTags:${MAX_TAGS}` })
    .refine((tags) => tags.every((tag) => tag.length <= MAX_TAG_LENGTH), { error: `contents.tagTooLong:${MAX_TAG_LENGTH}` }),
  seoTitle: text(255),
  seoDescription: text(1000),
  metadata: metadataField,
  categoryIds: z
    .array(z.uuid({ error: "contents.categoryUnknown" }))
    .max(50, { error: "contents.tooManyCategories:50" })
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type ContentInput = z.output<typeof ContentFormSchema>;

/** The list's filters, from the query string (read with readListQuery: blank = absent, a bad value is 400 naming it). */
export const ContentListQuerySchema = z.object({
  q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  owner: z.enum(CONTENT_OWNERS, { error: "errors.site" }).optional(),
  type: z.enum(CONTENT_TYPES, { error: "errors.contentType" }).optional(),
  status: z.enum(CONTENT_STATUSES, { error: "contents.statusInvalid" }).optional(),
  category: z.uuid({ error: "contents.categoryUnknown" }).optional(),
  tag: z
    .string()
    .trim()
    .max(MAX_TAG_LENGTH, { error: `contents.tagTooLong:${MAX_TAG_LENGTH}` })
    .optional(),
  page: pageParam,
});
export type ContentListQuery = z.output<typeof ContentListQuerySchema>;

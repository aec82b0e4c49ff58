// Contents in the admin: the filtered list, the editor's load and save (slug, categories that fit the owner,
// published_at set once), delete, and the preview (the same renderer the brand sites use). Changes are audited.
import { parseWithZod } from "@conform-to/zod/v4";
import { getDb, type Tx } from "~/lib/db.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma } from "~/generated/prisma/client";
import { flattenCategoryTree, type CategoryNode } from "./categories.server.ts";
import {
  categoryScopesFor,
  CONTENT_OWNERS,
  ContentFormSchema,
  publishedAtAfter,
  slugify,
  type ContentInput,
  type ContentListQuery,
  type ContentOwner,
} from "./contents.schema.ts";
import { renderMarkdown } from "./markdown.server.ts";
import { containsText } from "~/lib/search.server";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { fail, ok, type Result } from "~/lib/result";
import { pageOf, pageWindow } from "~/lib/list";

type Actor = { id: string; role: Role };

export const CONTENT_PAGE_SIZE = 25;

/** The preview of a body, exactly as the brand sites will render it (sanitized). */
export function renderPreview(markdown: string): string {
  return renderMarkdown(markdown);
}

/**
 * The editor's answer to "Preview": the body rendered, and the form's values sent back without errors (nothing is
 * saved, so nothing is wrong yet) — without JS the page comes back with what was typed and the preview below it.
 */
export function previewSubmission(formData: FormData) {
  const submission = parseWithZod(formData, { schema: ContentFormSchema });
  return {
    result: { ...submission.reply(), status: "success" as const, error: undefined },
    preview: renderPreview(String(formData.get("content") ?? "")),
  };
}

/** Every category as options, by scope in tree order, with its depth (for indented labels). */
export async function categoryOptions(): Promise<Pick<CategoryNode, "id" | "name" | "slug" | "characterScope" | "depth">[]> {
  const rows = await getDb().contentCategory.findMany({
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, slug: true, characterScope: true, description: true, parentId: true, sortOrder: true },
  });
  return CONTENT_OWNERS.flatMap((scope) =>
    flattenCategoryTree(rows.filter((row) => row.characterScope === scope).map((row) => ({ ...row, contentCount: 0 }))).map(
      ({ id, name, slug, characterScope, depth }) => ({ id, name, slug, characterScope, depth }),
    ),
  );
}

/** The ids of a category and every category below it (a list filtered by a category shows its subcategories' contents too). */
async function subtreeOf(categoryId: string): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH RECURSIVE tree AS (
      SELECT id FROM content_categories WHERE id = ${categoryId}::uuid
      UNION
      SELECT c.id FROM content_categories c JOIN tree ON c.parent_id = tree.id
    )
    SELECT id::text AS id FROM tree`;
  return rows.map((row) => row.id);
}

/** One page of contents, newest first, filtered (a category with its subcategories). */
export async function listContents(query: ContentListQuery) {
  const categoryIds = query.category ? await subtreeOf(query.category) : null;
  const where: Prisma.ContentWhereInput = {
    characterOwner: query.owner,
    contentType: query.type,
    status: query.status,
    title: query.q ? containsText(query.q) : undefined,
    tags: query.tag ? { array_contains: [query.tag] } : undefined,
    categories: categoryIds ? { some: { categoryId: { in: categoryIds } } } : undefined,
  };
  const at = { page: query.page, pageSize: CONTENT_PAGE_SIZE };
  const db = getDb();
  const [contents, total] = await Promise.all([
    db.content.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(at),
      select: {
        id: true,
        title: true,
        slug: true,
        characterOwner: true,
        contentType: true,
        status: true,
        featured: true,
        viewCount: true,
        likeCount: true,
        downloadCount: true,
        publishedAt: true,
        createdAt: true,
        updatedAt: true,
        tags: true,
        categories: { select: { category: { select: { id: true, name: true } } } },
      },
    }),
    db.content.count({ where }),
  ]);
  const items = contents.map(({ categories: links, tags: raw, ...content }) => ({
    ...content,
    tags: tagList(raw),
    categories: links.map((link) => link.category),
  }));
  return pageOf(items, total, at);
}

/** What the list's filters offer: the categories (in tree order) and the tags in use. */
export async function contentFacets() {
  const [categories, tags] = await Promise.all([
    categoryOptions(),
    getDb().$queryRaw<
      { tag: string }[]
    >`SELECT DISTINCT jsonb_array_elements_text(tags) AS tag FROM contents WHERE jsonb_typeof(tags) = 'array' ORDER BY tag LIMIT 500`,
  ]);
  return { categories, tags: tags.map((row) => row.tag) };
}

function tagList(value: Prisma.JsonValue | null): string[] {
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === "string") : [];
}

/** A content as the editor shows it: its fields, its tags as one line, its metadata as pretty JSON, its category ids. */
export async function getContentForEdit(id: string) {
  const content = await getDb().content.findUnique({ where: { id }, include: { categories: { select: { categoryId: true } } } });
  if (!content) return null;
  const { categories, tags, metadata, ...rest } = content;
  return {
    ...rest,
    tags: tagList(tags).join(", "),
    metadata:
      metadata === null || (typeof metadata === "object" && !Array.isArray(metadata) && Object.keys(metadata).length === 0)
        ? ""
        : JSON.stringify(metadata, null, 2),
    categoryIds: categories.map((c) => c.categoryId),
  };
}

/** Whether each chosen category exists and its scope fits the owner (see categoryScopesFor). */
async function categoryProblem(tx: Tx, ids: readonly string[], owner: ContentOwner) {
  if (ids.length === 0) return null;
  const found = await tx.contentCategory.findMany({ where: { id: { in: [...ids] } }, select: { characterScope: true } });
  if (found.length !== ids.length) return fail("invalid", "contents.categoryUnknown", { field: "categoryIds" });
  const allowed = categoryScopesFor(owner);
  if (found.some((c) => !allowed.includes(c.characterScope))) return fail("invalid", "contents.categoryScope", { field: "categoryIds" });
  return null;
}

async function slugTaken(tx: Tx, slug: string, exceptId?: string): Promise<boolean> {
  const other = await tx.content.findUnique({ where: { slug }, select: { id: true } });
  return Boolean(other && other.id !== exceptId);
}

function isSlugConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** What an update's audit row compares (the body only by its length). */
const AUDITED = [
  "title",
  "slug",
  "excerpt",
  "characterOwner",
  "contentType",
  "status",
  "featured",
  "tags",
  "seoTitle",
  "seoDescription",
  "metadata",
] as const;

function columns(input: ContentInput, slug: string) {
  return {
    title: input.title,
    slug,
    content: input.content,
    excerpt: input.excerpt,
    characterOwner: input.characterOwner,
    contentType: input.contentType,
    status: input.status,
    featured: input.featured,
    tags: input.tags as Prisma.InputJsonValue,
    seoTitle: input.seoTitle,
    seoDescription: input.seoDescription,
    metadata: input.metadata === null ? Prisma.DbNull : (input.metadata as Prisma.InputJsonValue),
  };
}

export async function createContent(input: ContentInput, actor: Actor, origin: RequestOrigin): Promise<Result<{ id: string }>> {
  const slug = input.slug ?? slugify(input.title);
  if (!slug) return fail("bad_request", "contents.slugRequired", { field: "slug" });
  try {
    const result = await getDb().$transaction(async (tx) => {
      if (await slugTaken(tx, slug)) return fail("conflict", "contents.slugTaken", { field: "slug" });
      const problem = await categoryProblem(tx, input.categoryIds, input.characterOwner);
      if (problem) return problem;
      const created = await tx.content.create({
        data: {
          ...columns(input, slug),
          publishedAt: publishedAtAfter(null, input.status),
          categories: { create: input.categoryIds.map((categoryId) => ({ categoryId })) },
        },
        select: { id: true, publishedAt: true },
      });
      return ok(created);
    });
    if (!result.ok) return result;
    await recordAudit({
      userId: actor.id,
      action: "POST",
      resource: "contents",
      resourceId: result.id,
      changes: {
        title: input.title,
        slug,
        characterOwner: input.characterOwner,
        contentType: input.contentType,
        status: input.status,
        publishedAt: result.publishedAt?.toISOString() ?? null,
        categoryIds: input.categoryIds,
      },
      ...origin,
      status: "success",
    });
    return ok({ id: result.id });
  } catch (error) {
    if (isSlugConflict(error)) return fail("conflict", "contents.slugTaken", { field: "slug" });
    throw error;
  }
}

export async function updateContent(id: string, input: ContentInput, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const slug = input.slug ?? slugify(input.title);
  if (!slug) return fail("bad_request", "contents.slugRequired", { field: "slug" });
  try {
    const result = await getDb().$transaction(async (tx) => {
      const before = await tx.content.findUnique({ where: { id }, include: { categories: { select: { categoryId: true } } } });
      if (!before) return fail("not_found", "errors.notFound");
      if (await slugTaken(tx, slug, id)) return fail("conflict", "contents.slugTaken", { field: "slug" });
      const problem = await categoryProblem(tx, input.categoryIds, input.characterOwner);
      if (problem) return problem;
      const after = await tx.content.update({
        where: { id },
        data: { ...columns(input, slug), publishedAt: publishedAtAfter(before.publishedAt, input.status) },
      });
      await tx.contentCategoryRelation.deleteMany({ where: { contentId: id } });
      await tx.contentCategoryRelation.createMany({ data: input.categoryIds.map((categoryId) => ({ contentId: id, categoryId })) });
      // The body is long: the audit says that it changed, not what it was.
      const pick = (row: Omit<typeof before, "categories">, categoryIds: string[]) => ({
        ...Object.fromEntries(AUDITED.map((key) => [key, row[key]])),
        contentLength: row.content?.length ?? 0,
        publishedAt: row.publishedAt,
        categoryIds: [...categoryIds].sort(),
      });
      return ok({
        changes: auditDiff(
          pick(
            before,
            before.categories.map((c) => c.categoryId),
          ),
          pick(after, input.categoryIds),
        ),
      });
    });
    if (!result.ok) return result;
    await recordAudit({
      userId: actor.id,
      action: "PUT",
      resource: "contents",
      resourceId: id,
      changes: result.changes,
      ...origin,
      status: "success",
    });
    return ok();
  } catch (error) {
    if (isSlugConflict(error)) return fail("conflict", "contents.slugTaken", { field: "slug" });
    throw error;
  }
}

/** Deletes a content; its category links and analytics events go with it (the schema cascades). */
export async function deleteContent(id: string, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const before = await db.content.findUnique({ where: { id }, select: { title: true, slug: true, characterOwner: true, status: true } });
  if (!before) return fail("not_found", "errors.notFound");
  await db.content.delete({ where: { id } });
  await recordAudit({
    userId: actor.id,
    action: "DELETE",
    resource: "contents",
    resourceId: id,
    changes: before,
    ...origin,
    status: "success",
  });
  return ok();
}

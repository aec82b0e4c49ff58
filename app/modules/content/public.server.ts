// What the brand sites show of the contents: a brand's own and the shared ones, published and due, listed by
// category (a category includes its subcategories) and tag, featured first; one content by slug with its related
// ones; and on which brand a shared content is canonical (docs/decisions/009-public-content-and-tracking.md).
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/lib/db.server";
import { BRANDS, type Brand } from "~/lib/tenant";
import { markdownToText, renderMarkdown } from "./markdown.server";

export const PAGE_SIZE = 9;
const RELATED = 3;

/** Contents a brand's site shows at `now`: its own and the shared ones, published with a date not in the future. */
export function visibleOn(brand: Brand, now = new Date()): Prisma.ContentWhereInput {
  return { status: "published", publishedAt: { lte: now }, characterOwner: { in: [brand, "shared"] } };
}

/**
 * The brand whose address is a content's canonical one: its owner's, and for a shared content the brand named in
 * `metadata.canonicalSite`, else the first brand (yuya) — one fixed address, so the two sites never compete.
 */
export function canonicalBrand(content: { characterOwner: string; metadata?: Prisma.JsonValue | null }): Brand {
  if (content.characterOwner === "yuya" || content.characterOwner === "aoba") return content.characterOwner;
  const chosen =
    content.metadata && typeof content.metadata === "object" && !Array.isArray(content.metadata)
      ? content.metadata.canonicalSite
      : undefined;
  return BRANDS.find((brand) => brand === chosen) ?? BRANDS[0];
}

/** The description of a content for meta tags and feeds: its SEO description, else its excerpt, else its opening text. */
export function describeContent(content: { seoDescription: string | null; excerpt: string | null; content: string | null }): string {
  return content.seoDescription?.trim() || content.excerpt?.trim() || markdownToText(content.content ?? "");
}

/** The tags of a content (a JSON array of strings; anything else is no tags). */
export function tagsOf(tags: Prisma.JsonValue | null): string[] {
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string" && tag.trim() !== "") : [];
}

export interface PublicCategory {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  depth: number;
}

/** The categories a brand's site shows (its own and the shared), as a tree flattened in order (parents first). */
export async function publicCategories(brand: Brand): Promise<PublicCategory[]> {
  const rows = await getDb().contentCategory.findMany({
    where: { characterScope: { in: [brand, "shared"] } },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    select: { id: true, slug: true, name: true, parentId: true },
  });
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, typeof rows>();
  for (const row of rows) {
    // A parent from another scope is not shown here: the category hangs at the top.
    const parent = row.parentId && ids.has(row.parentId) ? row.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const flat: PublicCategory[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      flat.push({ ...row, parentId: parent, depth });
      walk(row.id, depth + 1);
    }
  };
  walk(null, 0);
  return flat;
}

/** A category and everything below it, among those shown. */
export function subtreeIds(categories: readonly PublicCategory[], rootId: string): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) for (const c of categories) if (c.parentId === ids[i]) ids.push(c.id);
  return ids;
}

export interface ListQuery {
  category?: string | null;
  tag?: string | null;
  page?: number;
}

const cardSelect = {
  id: true,
  slug: true,
  title: true,
  excerpt: true,
  seoDescription: true,
  content: true,
  contentType: true,
  characterOwner: true,
  featured: true,
  tags: true,
  publishedAt: true,
} satisfies Prisma.ContentSelect;

type CardRow = Prisma.ContentGetPayload<{ select: typeof cardSelect }>;

const toCard = (row: CardRow) => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  summary: row.excerpt?.trim() || markdownToText(row.content ?? ""),
  contentType: row.contentType,
  shared: row.characterOwner === "shared",
  featured: row.featured,
  tags: tagsOf(row.tags),
  publishedAt: row.publishedAt!.toISOString(),
});

export type ContentCard = ReturnType<typeof toCard>;

/** A page of the brand's contents, featured first, then newest; null when the category is not one the brand shows. */
export async function listPublicContents(brand: Brand, query: ListQuery, now = new Date()) {
  const categories = await publicCategories(brand);
  const category = query.category ? categories.find((c) => c.slug === query.category) : undefined;
  if (query.category && !category) return null;
  const where: Prisma.ContentWhereInput = {
    AND: [
      visibleOn(brand, now),
      category ? { categories: { some: { categoryId: { in: subtreeIds(categories, category.id) } } } } : {},
      query.tag ? { tags: { array_contains: [query.tag] } } : {},
    ],
  };
  const db = getDb();
  const rowsOf = (page: number) =>
    db.content.findMany({
      where,
      orderBy: [{ featured: "desc" }, { publishedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: cardSelect,
    });
  // The count, the page asked for and the tags at once; a page past the end is read again as the last page.
  const asked = Math.max(1, Math.trunc(query.page ?? 1) || 1);
  const [total, askedRows, tags] = await Promise.all([db.content.count({ where }), rowsOf(asked), publicTags(brand, now)]);
  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(asked, totalPages);
  const rows = page === asked ? askedRows : await rowsOf(page);
  return {
    items: rows.map(toCard),
    total,
    page,
    totalPages,
    categories,
    category: category?.slug ?? null,
    tag: query.tag ?? null,
    tags,
  };
}

/** Every tag used by a content the brand shows, alphabetically. */
async function publicTags(brand: Brand, now: Date): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ tag: string }[]>`
    SELECT DISTINCT t.tag FROM contents c CROSS JOIN LATERAL jsonb_array_elements_text(c.tags) AS t(tag)
     WHERE c.status = 'published' AND c.published_at <= ${now} AND c.character_owner IN (${brand}::character_owner, 'shared')
       AND jsonb_typeof(c.tags) = 'array' AND t.tag <> ''
     ORDER BY 1`;
  return rows.map((r) => r.tag);
}

/** One content the brand shows, rendered, with its categories (those the brand shows) and related contents; null otherwise. */
export async function getPublicContent(brand: Brand, slug: string, now = new Date()) {
  const db = getDb();
  const row = await db.content.findFirst({
    where: { AND: [{ slug }, visibleOn(brand, now)] },
    include: { categories: { include: { category: { select: { id: true, slug: true, name: true, characterScope: true } } } } },
  });
  if (!row) return null;
  const categories = row.categories.map((r) => r.category).filter((c) => c.characterScope === brand || c.characterScope === "shared");
  const tags = tagsOf(row.tags);
  const related = await db.content.findMany({
    where: {
      AND: [
        visibleOn(brand, now),
        { id: { not: row.id } },
        {
          OR: [
            { categories: { some: { categoryId: { in: categories.map((c) => c.id) } } } },
            ...tags.map((tag) => ({ tags: { array_contains: [tag] } })),
          ],
        },
      ],
    },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: RELATED,
    select: cardSelect,
  });
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    seoTitle: row.seoTitle,
    description: describeContent(row),
    html: renderMarkdown(row.content ?? ""),
    contentType: row.contentType,
    shared: row.characterOwner === "shared",
    canonicalBrand: canonicalBrand(row),
    categories: categories.map(({ slug: s, name }) => ({ slug: s, name })),
    tags,
    publishedAt: row.publishedAt!.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    counts: { views: row.viewCount, likes: row.likeCount, downloads: row.downloadCount },
    related: related.map(toCard),
  };
}

export type PublicContent = NonNullable<Awaited<ReturnType<typeof getPublicContent>>>;

/** The id of a content the brand shows, by id or slug; null when there is none. */
export async function findVisibleContentId(
  brand: Brand,
  ref: { contentId?: string; slug?: string },
  now = new Date(),
): Promise<string | null> {
  const row = await getDb().content.findFirst({
    where: { AND: [ref.contentId ? { id: ref.contentId } : { slug: ref.slug! }, visibleOn(brand, now)] },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** What the sitemap and the feed list: the brand's visible contents, newest first. */
export async function feedContents(brand: Brand, now = new Date(), limit?: number) {
  const rows = await getDb().content.findMany({
    where: visibleOn(brand, now),
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    ...(limit ? { take: limit } : {}),
    select: {
      slug: true,
      title: true,
      excerpt: true,
      seoDescription: true,
      content: true,
      characterOwner: true,
      metadata: true,
      tags: true,
      publishedAt: true,
      updatedAt: true,
    },
  });
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    description: describeContent(row),
    canonicalBrand: canonicalBrand(row),
    tags: tagsOf(row.tags),
    publishedAt: row.publishedAt!,
    updatedAt: row.updatedAt,
  }));
}

// Content categories: one tree per scope (yuya, aoba, shared). Creating, editing, moving under another parent,
// reordering siblings and deleting all run in one transaction that holds the tree's lock, so two admins moving
// categories at the same time cannot build a cycle between them. Every change is audited.
import { getDb, type Tx } from "~/lib/db.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma } from "~/generated/prisma/client";
import type { CategoryCreateInput, CategoryUpdateInput } from "./categories.schema.ts";
import { CONTENT_OWNERS, slugify, type ContentOwner } from "./contents.schema.ts";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { fail, ok, type Result } from "~/lib/result";

type Actor = { id: string; role: Role };

const notFound = () => fail("not_found", "contents.categoryUnknown", { field: "id" });

export interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  characterScope: ContentOwner;
  description: string | null;
  parentId: string | null;
  sortOrder: number;
  contentCount: number;
}

export interface CategoryNode extends CategoryRow {
  depth: number;
  /** Position among its siblings, to show or hide the up/down buttons. */
  first: boolean;
  last: boolean;
  /** Itself and everything below it: what it may not be moved under. */
  subtree: string[];
}

/**
 * A scope's categories in display order (depth first, siblings by sort_order), each with its depth. A category
 * whose parent is missing, in another scope or part of a cycle (data from before these rules) is shown at the
 * root rather than lost.
 */
export function flattenCategoryTree(rows: readonly CategoryRow[]): CategoryNode[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, CategoryRow[]>();
  for (const row of rows) {
    const parent = row.parentId && ids.has(row.parentId) ? row.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: CategoryNode[] = [];
  const placed = new Set<string>();
  const visit = (parent: string | null, depth: number): string[] => {
    const siblings = (children.get(parent) ?? []).filter((row) => !placed.has(row.id));
    const below: string[] = [];
    siblings.forEach((row, i) => {
      placed.add(row.id);
      const node: CategoryNode = { ...row, depth, first: i === 0, last: i === siblings.length - 1, subtree: [row.id] };
      out.push(node);
      node.subtree.push(...visit(row.id, depth + 1));
      below.push(...node.subtree);
    });
    return below;
  };
  visit(null, 0);
  // Whatever a cycle kept out of reach of the roots.
  for (const row of rows) {
    if (placed.has(row.id)) continue;
    children.set(null, [row]);
    visit(null, 0);
  }
  return out;
}

const ORDER = [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }] satisfies Prisma.ContentCategoryOrderByWithRelationInput[];

/** Every category, as one flattened tree per scope. */
export async function listCategoryTrees(): Promise<Record<ContentOwner, CategoryNode[]>> {
  const rows = await getDb().contentCategory.findMany({
    orderBy: ORDER,
    select: {
      id: true,
      name: true,
      slug: true,
      characterScope: true,
      description: true,
      parentId: true,
      sortOrder: true,
      _count: { select: { contents: true } },
    },
  });
  const trees = {} as Record<ContentOwner, CategoryNode[]>;
  for (const scope of CONTENT_OWNERS) {
    trees[scope] = flattenCategoryTree(
      rows.filter((row) => row.characterScope === scope).map(({ _count, ...row }) => ({ ...row, contentCount: _count.contents })),
    );
  }
  return trees;
}

/** Serializes every change to the category trees (see the file's comment). */
async function lockTree(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('content_categories', 0))`;
}

async function nextSortOrder(tx: Tx, scope: ContentOwner, parentId: string | null): Promise<number> {
  const last = await tx.contentCategory.aggregate({ where: { characterScope: scope, parentId }, _max: { sortOrder: true } });
  return (last._max.sortOrder ?? -1) + 1;
}

async function slugTaken(tx: Tx, slug: string, exceptId?: string): Promise<boolean> {
  const other = await tx.contentCategory.findUnique({ where: { slug }, select: { id: true } });
  return Boolean(other && other.id !== exceptId);
}

/** Checks a parent for a category of `scope` (the category itself is `selfId` when it exists): same scope, no cycle. */
async function parentProblem(tx: Tx, parentId: string, scope: ContentOwner, selfId?: string) {
  const parent = await tx.contentCategory.findUnique({ where: { id: parentId }, select: { characterScope: true } });
  if (!parent) return fail("invalid", "contents.parentUnknown", { field: "parentId" });
  if (parent.characterScope !== scope) return fail("invalid", "contents.parentScope", { field: "parentId" });
  if (!selfId) return null;
  // Walk up from the new parent: meeting the category itself means it would sit inside its own subtree.
  const seen = new Set<string>();
  for (let at: string | null = parentId; at;) {
    if (at === selfId) return fail("invalid", "contents.parentCycle", { field: "parentId" });
    if (seen.has(at)) break;
    seen.add(at);
    const row: { parentId: string | null } | null = await tx.contentCategory.findUnique({ where: { id: at }, select: { parentId: true } });
    at = row?.parentId ?? null;
  }
  return null;
}

function isSlugConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function createCategory(input: CategoryCreateInput, actor: Actor, origin: RequestOrigin): Promise<Result<{ id: string }>> {
  const slug = input.slug ?? slugify(input.name, 100);
  if (!slug) return fail("bad_request", "contents.slugRequired", { field: "slug" });
  try {
    const result = await getDb().$transaction(async (tx) => {
      await lockTree(tx);
      if (await slugTaken(tx, slug)) return fail("conflict", "contents.slugTaken", { field: "slug" });
      if (input.parentId) {
        const problem = await parentProblem(tx, input.parentId, input.characterScope);
        if (problem) return problem;
      }
      const created = await tx.contentCategory.create({
        data: {
          name: input.name,
          slug,
          characterScope: input.characterScope,
          description: input.description,
          parentId: input.parentId,
          sortOrder: await nextSortOrder(tx, input.characterScope, input.parentId),
        },
        select: { id: true },
      });
      return ok({ id: created.id });
    });
    if (result.ok) {
      await recordAudit({
        userId: actor.id,
        action: "POST",
        resource: "content_categories",
        resourceId: result.id,
        changes: { name: input.name, slug, characterScope: input.characterScope, parentId: input.parentId },
        ...origin,
        status: "success",
      });
    }
    return result;
  } catch (error) {
    if (isSlugConflict(error)) return fail("conflict", "contents.slugTaken", { field: "slug" });
    throw error;
  }
}

/** Renames, re-slugs, re-describes and moves a category under another parent of its scope (appended last there). */
export async function updateCategory(input: CategoryUpdateInput, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const slug = input.slug ?? slugify(input.name, 100);
  if (!slug) return fail("bad_request", "contents.slugRequired", { field: "slug" });
  try {
    const result = await getDb().$transaction(async (tx) => {
      await lockTree(tx);
      const before = await tx.contentCategory.findUnique({ where: { id: input.id } });
      if (!before) return notFound();
      if (await slugTaken(tx, slug, input.id)) return fail("conflict", "contents.slugTaken", { field: "slug" });
      if (input.parentId === input.id) return fail("invalid", "contents.parentCycle", { field: "parentId" });
      if (input.parentId && input.parentId !== before.parentId) {
        const problem = await parentProblem(tx, input.parentId, before.characterScope, input.id);
        if (problem) return problem;
      }
      const moved = input.parentId !== before.parentId;
      const after = await tx.contentCategory.update({
        where: { id: input.id },
        data: {
          name: input.name,
          slug,
          description: input.description,
          parentId: input.parentId,
          ...(moved ? { sortOrder: await nextSortOrder(tx, before.characterScope, input.parentId) } : {}),
        },
      });
      const pick = ({ name, slug, description, parentId, sortOrder }: typeof before) => ({ name, slug, description, parentId, sortOrder });
      return ok({ changes: auditDiff(pick(before), pick(after)) });
    });
    if (!result.ok) return result;
    await recordAudit({
      userId: actor.id,
      action: "PUT",
      resource: "content_categories",
      resourceId: input.id,
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

/** Swaps a category with its previous or next sibling and rewrites the siblings' sort_order as 0, 1, 2, … */
export async function moveCategory(id: string, direction: "up" | "down", actor: Actor, origin: RequestOrigin): Promise<Result> {
  const result = await getDb().$transaction(async (tx) => {
    await lockTree(tx);
    const category = await tx.contentCategory.findUnique({ where: { id }, select: { characterScope: true, parentId: true } });
    if (!category) return notFound();
    const siblings = await tx.contentCategory.findMany({
      where: { characterScope: category.characterScope, parentId: category.parentId },
      orderBy: ORDER,
      select: { id: true, sortOrder: true },
    });
    const from = siblings.findIndex((s) => s.id === id);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= siblings.length) return ok({ changes: null });
    const order = siblings.map((s) => s.id);
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [i, siblingId] of order.entries()) {
      if (siblings.find((s) => s.id === siblingId)!.sortOrder !== i)
        await tx.contentCategory.update({ where: { id: siblingId }, data: { sortOrder: i } });
    }
    return ok({ changes: { position: { from, to } } });
  });
  if (!result.ok) return result;
  if (result.changes)
    await recordAudit({
      userId: actor.id,
      action: "PUT",
      resource: "content_categories",
      resourceId: id,
      changes: result.changes,
      ...origin,
      status: "success",
    });
  return ok();
}

/**
 * Deletes a category. Its children move up to its parent (after the parent's other children, in their order), so
 * nothing below it is lost; contents only lose this category (their other categories stay).
 */
export async function deleteCategory(id: string, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const result = await getDb().$transaction(async (tx) => {
    await lockTree(tx);
    const category = await tx.contentCategory.findUnique({ where: { id }, include: { _count: { select: { contents: true } } } });
    if (!category) return notFound();
    const children = await tx.contentCategory.findMany({ where: { parentId: id }, orderBy: ORDER, select: { id: true } });
    let next = await nextSortOrder(tx, category.characterScope, category.parentId);
    for (const child of children)
      await tx.contentCategory.update({ where: { id: child.id }, data: { parentId: category.parentId, sortOrder: next++ } });
    await tx.contentCategory.delete({ where: { id } });
    return ok({
      changes: {
        name: category.name,
        slug: category.slug,
        characterScope: category.characterScope,
        childrenMovedTo: category.parentId,
        children: children.map((c) => c.id),
        contentsUnlinked: category._count.contents,
      },
    });
  });
  if (!result.ok) return result;
  await recordAudit({
    userId: actor.id,
    action: "DELETE",
    resource: "content_categories",
    resourceId: id,
    changes: result.changes,
    ...origin,
    status: "success",
  });
  return ok();
}

import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/database.ts";
import {
  createCategory,
  deleteCategory,
  flattenCategoryTree,
  listCategoryTrees,
  moveCategory,
  updateCategory,
  type CategoryRow,
} from "./categories.server.ts";

const { url, db } = await createTestDatabase();
const origin = { ip: "127.0.0.1", userAgent: "vitest" };
let actor: { id: string; role: "ADMIN" };

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  actor = { id: (await db.user.create({ data: { email: "cat-admin@example.com", role: "ADMIN" } })).id, role: "ADMIN" };
});

async function create(name: string, scope: "yuya" | "aoba" | "shared", parentId: string | null = null, slug?: string) {
  const result = await createCategory({ intent: "create", name, slug, characterScope: scope, parentId, description: null }, actor, origin);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.id;
}
const names = async (scope: "yuya" | "aoba" | "shared") => (await listCategoryTrees())[scope].map((n) => `${"-".repeat(n.depth)}${n.name}`);

describe("flattenCategoryTree", () => {
  const row = (id: string, parentId: string | null, sortOrder = 0): CategoryRow => ({
    id,
    name: id,
    slug: id,
    characterScope: "yuya",
    description: null,
    parentId,
    sortOrder,
    contentCount: 0,
  });
  it("orders depth first and marks first/last siblings and subtrees", () => {
    const nodes = flattenCategoryTree([row("a", null), row("b", "a"), row("c", "a"), row("d", null), row("e", "c")]);
    expect(nodes.map((n) => [n.id, n.depth, n.first, n.last])).toEqual([
      ["a", 0, true, false],
      ["b", 1, true, false],
      ["c", 1, false, true],
      ["e", 2, true, true],
      ["d", 0, false, true],
    ]);
    expect(nodes[0]!.subtree.sort()).toEqual(["a", "b", "c", "e"]);
  });
  it("shows categories caught in a cycle or under a missing parent at the root instead of losing them", () => {
    const nodes = flattenCategoryTree([row("x", "y"), row("y", "x"), row("z", "gone")]);
    expect(nodes.map((n) => n.id).sort()).toEqual(["x", "y", "z"]);
  });
});

describe("category trees", () => {
  it("creates, nests and refuses duplicate slugs, cross-scope parents and cycles", async () => {
    const root = await create("Guides", "yuya");
    const child = await create("Prompting", "yuya", root);
    const grandchild = await create("Advanced", "yuya", child);
    expect(await names("yuya")).toEqual(["Guides", "-Prompting", "--Advanced"]);

    expect(
      await createCategory(
        { intent: "create", name: "Guides", slug: undefined, characterScope: "aoba", parentId: null, description: null },
        actor,
        origin,
      ),
    ).toEqual({ ok: false, kind: "conflict", field: "slug", message: "contents.slugTaken" });
    expect(
      await createCategory(
        { intent: "create", name: "歌", slug: undefined, characterScope: "aoba", parentId: null, description: null },
        actor,
        origin,
      ),
    ).toMatchObject({ ok: false, field: "slug", message: "contents.slugRequired" });
    expect(
      await createCategory(
        { intent: "create", name: "Songs", slug: "songs", characterScope: "aoba", parentId: root, description: null },
        actor,
        origin,
      ),
    ).toMatchObject({ ok: false, field: "parentId", message: "contents.parentScope" });

    const update = (id: string, parentId: string | null, name = "Guides") =>
      updateCategory({ intent: "update", id, name, slug: undefined, parentId, description: null }, actor, origin);
    expect(await update(root, grandchild)).toMatchObject({ ok: false, field: "parentId", message: "contents.parentCycle" });
    expect(await update(root, root)).toMatchObject({ ok: false, field: "parentId", message: "contents.parentCycle" });
    const aoba = await create("Live", "aoba");
    expect(await update(child, aoba, "Prompting")).toMatchObject({ ok: false, field: "parentId", message: "contents.parentScope" });
    expect(await names("yuya")).toEqual(["Guides", "-Prompting", "--Advanced"]);

    // Moving Advanced up to the root appends it after Guides.
    expect(await update(grandchild, null, "Advanced")).toEqual({ ok: true });
    expect(await names("yuya")).toEqual(["Guides", "-Prompting", "Advanced"]);
    expect(await db.auditLog.count({ where: { resource: "content_categories", action: "PUT", resourceId: grandchild } })).toBe(1);
  });

  it("reorders siblings, rewriting sort_order 0, 1, 2", async () => {
    const a = await create("Alpha", "shared");
    const b = await create("Beta", "shared");
    const c = await create("Gamma", "shared");
    expect(await moveCategory(c, "up", actor, origin)).toEqual({ ok: true });
    expect(await names("shared")).toEqual(["Alpha", "Gamma", "Beta"]);
    expect(await moveCategory(a, "up", actor, origin)).toEqual({ ok: true }); // already first: nothing changes
    expect(await moveCategory(a, "down", actor, origin)).toEqual({ ok: true });
    expect(await names("shared")).toEqual(["Gamma", "Alpha", "Beta"]);
    const orders = await db.contentCategory.findMany({
      where: { id: { in: [a, b, c] } },
      orderBy: { sortOrder: "asc" },
      select: { id: true, sortOrder: true },
    });
    expect(orders).toEqual([
      { id: c, sortOrder: 0 },
      { id: a, sortOrder: 1 },
      { id: b, sortOrder: 2 },
    ]);
  });

  it("deletes a category, moving its children up to its parent and unlinking its contents", async () => {
    const top = await create("Music", "aoba");
    const middle = await create("Stems", "aoba", top);
    const leaf1 = await create("Drums", "aoba", middle);
    const leaf2 = await create("Bass", "aoba", middle);
    const content = await db.content.create({
      data: { title: "T", slug: "cat-test", characterOwner: "aoba", categories: { create: [{ categoryId: middle }, { categoryId: top }] } },
    });
    expect(await deleteCategory(middle, actor, origin)).toEqual({ ok: true });
    expect(await db.contentCategory.findMany({ where: { id: { in: [leaf1, leaf2] } }, select: { parentId: true } })).toEqual([
      { parentId: top },
      { parentId: top },
    ]);
    expect((await names("aoba")).slice(0, 3)).toEqual(["Live", "Music", "-Drums"]);
    expect(await db.contentCategoryRelation.findMany({ where: { contentId: content.id }, select: { categoryId: true } })).toEqual([
      { categoryId: top },
    ]);
    expect(await db.auditLog.count({ where: { resource: "content_categories", action: "DELETE", resourceId: middle } })).toBe(1);
    expect(await deleteCategory(middle, actor, origin)).toMatchObject({ ok: false, kind: "not_found" });
  });
});

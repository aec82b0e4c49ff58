import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/database.ts";
import type { ContentInput } from "./contents.schema.ts";
import { contentFacets, createContent, getContentForEdit, listContents, previewSubmission, updateContent } from "./contents.server.ts";

const { url, db } = await createTestDatabase();
const origin = { ip: "127.0.0.1", userAgent: "vitest" };
let actor: { id: string; role: "ADMIN" };

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  actor = { id: (await db.user.create({ data: { email: "content-admin@example.com", role: "ADMIN" } })).id, role: "ADMIN" };
});

const input = (fields: Partial<ContentInput> = {}): ContentInput => ({
  title: "A post",
  slug: undefined,
  content: "Body **text** that is long enough",
  excerpt: null,
  characterOwner: "yuya",
  contentType: "blog",
  status: "draft",
  featured: false,
  tags: [],
  seoTitle: null,
  seoDescription: null,
  metadata: null,
  categoryIds: [],
  ...fields,
});

describe("contents", () => {
  it("gives one of two simultaneous saves of the same slug a field error, not a 500", async () => {
    const results = await Promise.all([
      createContent(input({ slug: "race" }), actor, origin),
      createContent(input({ slug: "race" }), actor, origin),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, kind: "conflict", field: "slug", message: "contents.slugTaken" });
    expect(await db.content.count({ where: { slug: "race" } })).toBe(1);
  });

  it("refuses categories of the other site and leaves the content as it was", async () => {
    const aoba = await db.contentCategory.create({ data: { name: "Aoba only", slug: "aoba-only", characterScope: "aoba" } });
    const shared = await db.contentCategory.create({ data: { name: "Shared", slug: "shared-cat", characterScope: "shared" } });
    const created = await createContent(input({ slug: "scoped", categoryIds: [shared.id] }), actor, origin);
    if (!created.ok) throw new Error("not created");
    expect(await updateContent(created.id, input({ slug: "scoped", title: "Changed", categoryIds: [aoba.id] }), actor, origin)).toEqual({
      ok: false,
      kind: "invalid",
      field: "categoryIds",
      message: "contents.categoryScope",
    });
    const after = await getContentForEdit(created.id);
    expect(after).toMatchObject({ title: "A post", categoryIds: [shared.id] });
    expect(
      await updateContent(
        created.id,
        input({ slug: "scoped", characterOwner: "shared", categoryIds: [aoba.id, shared.id] }),
        actor,
        origin,
      ),
    ).toEqual({ ok: true });
  });

  it("audits what changed, the body only by its length", async () => {
    const created = await createContent(input({ slug: "audited", tags: ["a"] }), actor, origin);
    if (!created.ok) throw new Error("not created");
    await updateContent(
      created.id,
      input({ slug: "audited", status: "published", content: "secret new body", tags: ["a", "b"] }),
      actor,
      origin,
    );
    const row = await db.auditLog.findFirstOrThrow({ where: { resource: "contents", resourceId: created.id, action: "PUT" } });
    expect(row.changes).toMatchObject({
      status: { from: "draft", to: "published" },
      tags: { from: ["a"], to: ["a", "b"] },
      contentLength: { to: 15 },
    });
    expect(JSON.stringify(row.changes)).not.toContain("secret new body");
    expect((row.changes as Record<string, { to: unknown }>).publishedAt!.to).toEqual(expect.any(String));
  });

  it("lists by tag and title, and previews without saving or complaining", async () => {
    const page = await listContents({ tag: "b", q: "post", page: 1 });
    expect(page.items.map((c) => c.slug)).toEqual(["audited"]);
    expect((await contentFacets()).tags).toEqual(["a", "b"]);
    const form = new FormData();
    form.set("title", "");
    form.set("content", "<script>x()</script>\n\n_hi_");
    const preview = previewSubmission(form);
    expect(preview.preview).toBe("<p><em>hi</em></p>");
    expect(preview.result.error).toBeUndefined();
  });
});

// Contents in the admin against the real server and the demo data: the filtered list, the editor (create, edit,
// publish, sanitized preview, field errors for slug conflicts, bad metadata and categories of another site), the
// category trees (nest, reorder, cycles and cross-site parents refused, delete), who may do it, and the audit rows.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
let visitors = new Map<string, Visitor>();

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  visitors = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com"]);
});
afterAll(async () => {
  await server?.stop();
});

const EN = { "accept-language": "en" };
const admin = () => visitors.get("admin")!;

/** Posts a form that may repeat a field (categoryIds), as a browser does. */
function postForm(visitor: Visitor, pathname: string, entries: [string, string][], headers: Record<string, string> = {}) {
  return server.request({
    host: "admin",
    path: pathname,
    method: "POST",
    headers: {
      cookie: visitor.cookies("admin"),
      "content-type": "application/x-www-form-urlencoded",
      origin: new URL(server.url("admin")).origin,
      ...headers,
    },
    body: new URLSearchParams(entries).toString(),
  });
}

const rows = (html: string) => [...html.matchAll(/data-content="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const previewOf = (html: string) => /data-preview="html">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
const categoryId = async (slug: string) => (await db.contentCategory.findUniqueOrThrow({ where: { slug } })).id;

const MARKDOWN = [
  "# Hello",
  "",
  "**bold** and a [link](https://example.com) and a [trap](javascript:alert(1))",
  "",
  "<script>alert('xss')</script>",
  "",
  '<img src=x onerror="alert(2)">',
].join("\n");

function editorForm(fields: Record<string, string>, categoryIds: string[] = []): [string, string][] {
  const base = {
    intent: "save",
    title: "Hello World",
    slug: "",
    content: MARKDOWN,
    excerpt: "",
    characterOwner: "yuya",
    contentType: "blog",
    status: "draft",
    tags: "",
    seoTitle: "",
    seoDescription: "",
    metadata: "",
  };
  return [...Object.entries({ ...base, ...fields }), ...categoryIds.map((id): [string, string] => ["categoryIds", id])];
}

describe("contents list", () => {
  it("lists newest first and filters by owner, status, type, category (with subcategories), tag and title", async () => {
    const all = await admin().get("admin", "/admin/contents");
    expect(all.status).toBe(200);
    const newest = await db.content.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 25 });
    expect(rows(all.body)).toEqual(newest.map((c) => c.id));

    const aobaPublished = await admin().get("admin", "/admin/contents?owner=aoba&status=published");
    expect(rows(aobaPublished.body).sort()).toEqual(
      (await db.content.findMany({ where: { characterOwner: "aoba", status: "published" } })).map((c) => c.id).sort(),
    );

    // aoba-music holds the track; its child aoba-stems holds the stems: both are listed under the parent.
    const music = await admin().get("admin", `/admin/contents?category=${await categoryId("aoba-music")}`);
    const stems = await db.content.findUniqueOrThrow({ where: { slug: "aoba-night-sky-stems" } });
    expect(rows(music.body)).toContain(stems.id);
    expect(rows(music.body)).toContain((await db.content.findUniqueOrThrow({ where: { slug: "aoba-night-sky" } })).id);
    expect(rows(music.body)).not.toContain((await db.content.findUniqueOrThrow({ where: { slug: "yuya-prompt-kit" } })).id);

    const tools = await admin().get("admin", "/admin/contents?type=tool&q=prompt");
    expect(rows(tools.body)).toEqual([(await db.content.findUniqueOrThrow({ where: { slug: "yuya-prompt-kit" } })).id]);
    const tagged = await admin().get("admin", "/admin/contents?tag=news");
    expect(rows(tagged.body)).toEqual([(await db.content.findUniqueOrThrow({ where: { slug: "shared-collab-announcement" } })).id]);

    // Counters from the contents table, and a filter value nobody could mean is refused naming it (the list policy:
    // 400, never silently replaced), not a 500; the page with its filters stays usable.
    expect(all.body).toContain(`>${stems.viewCount}<`);
    const refused = await admin().get("admin", "/admin/contents?owner=nobody&page=-1&category=x");
    expect(refused.status).toBe(400);
    for (const field of ["owner", "page", "category"]) expect(refused.body).toMatch(new RegExp(`<p>${field}(<!-- -->)?:`));
    expect(refused.body).toContain('name="owner"');
    expect(rows((await admin().get("admin", "/admin/contents?page=2")).body)).toEqual([]);
  });
});

describe("the editor", () => {
  it("creates a draft with a suggested slug, normalised tags, metadata and categories, and audits it", async () => {
    const res = await postForm(
      admin(),
      "/admin/contents/new",
      editorForm({ tags: "AI, 音楽、ai , ", metadata: '{"bpm": 96}' }, [await categoryId("yuya-ai"), await categoryId("shared-news")]),
    );
    expect(res.status, res.body.slice(0, 500)).toBe(302);
    const content = await db.content.findUniqueOrThrow({ where: { slug: "hello-world" }, include: { categories: true } });
    expect(res.headers.location).toBe(`/admin/contents/${content.id}?saved=1`);
    expect(content).toMatchObject({
      title: "Hello World",
      status: "draft",
      publishedAt: null,
      tags: ["AI", "音楽"],
      metadata: { bpm: 96 },
      characterOwner: "yuya",
    });
    expect(content.categories.map((c) => c.categoryId).sort()).toEqual(
      [await categoryId("yuya-ai"), await categoryId("shared-news")].sort(),
    );
    expect(await db.auditLog.count({ where: { resource: "contents", resourceId: content.id, action: "POST", status: "success" } })).toBe(1);
  });

  it("shows the body rendered and sanitized: no script, no javascript: link, no event handler", async () => {
    const content = await db.content.findUniqueOrThrow({ where: { slug: "hello-world" } });
    const page = await admin().get("admin", `/admin/contents/${content.id}`);
    expect(page.status).toBe(200);
    const html = previewOf(page.body);
    expect(html).toContain("<h1>Hello</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('href="https://example.com"');
    expect(html).not.toMatch(/<script|javascript:|onerror|<img/i);

    // "Preview" without JS: the same rendering, the typed values kept, nothing saved.
    const preview = await postForm(
      admin(),
      `/admin/contents/${content.id}`,
      editorForm({ intent: "preview", title: "Unsaved title", content: "## Sub\n\n<script>alert(3)</script>ok" }),
    );
    expect(preview.status).toBe(200);
    expect(previewOf(preview.body)).toContain("<h2>Sub</h2>");
    expect(previewOf(preview.body)).not.toContain("<script");
    expect(preview.body).toContain('value="Unsaved title"');
    expect((await db.content.findUniqueOrThrow({ where: { id: content.id } })).title).toBe("Hello World");
  });

  it("publishing sets published_at once; archiving and republishing keep it", async () => {
    const content = await db.content.findUniqueOrThrow({ where: { slug: "hello-world" } });
    const save = (status: string) =>
      postForm(admin(), `/admin/contents/${content.id}`, editorForm({ slug: "hello-world", status, featured: "on" }));
    expect((await save("published")).status).toBe(302);
    const published = await db.content.findUniqueOrThrow({ where: { id: content.id } });
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(published.featured).toBe(true);
    expect((await save("archived")).status).toBe(302);
    expect((await db.content.findUniqueOrThrow({ where: { id: content.id } })).publishedAt).toEqual(published.publishedAt);
    expect((await save("published")).status).toBe(302);
    const again = await db.content.findUniqueOrThrow({ where: { id: content.id }, include: { categories: true } });
    expect(again).toMatchObject({ status: "published", publishedAt: published.publishedAt, tags: [], metadata: null });
    expect(again.categories).toEqual([]);
    const audits = await db.auditLog.findMany({
      where: { resource: "contents", resourceId: content.id, action: "PUT" },
      orderBy: { createdAt: "asc" },
    });
    expect(audits).toHaveLength(3);
    expect(audits[1]!.changes).toMatchObject({ status: { from: "published", to: "archived" } });
  });

  it("answers a taken slug, bad metadata and categories of another site with field errors, writing nothing", async () => {
    const before = await db.content.count();
    const taken = await postForm(admin(), "/admin/contents/new", editorForm({ slug: "yuya-prompt-kit" }), EN);
    expect(taken.status).toBe(409);
    expect(taken.body).toContain("This slug is already used");

    const badJson = await postForm(admin(), "/admin/contents/new", editorForm({ slug: "other", metadata: "{bpm: 96" }), EN);
    expect(badJson.status).toBe(400);
    expect(badJson.body).toContain("Not valid JSON");
    const notObject = await postForm(admin(), "/admin/contents/new", editorForm({ slug: "other", metadata: "[1, 2]" }), EN);
    expect(notObject.status).toBe(400);
    expect(notObject.body).toContain("Must be a JSON object");

    const otherSite = await postForm(admin(), "/admin/contents/new", editorForm({ slug: "other" }, [await categoryId("aoba-music")]), EN);
    expect(otherSite.status).toBe(422);
    expect(otherSite.body).toContain("A content can only use categories of its own site or shared ones");
    // A shared content may use any site's category.
    expect(
      (
        await postForm(
          admin(),
          "/admin/contents/new",
          editorForm({ slug: "shared-one", characterOwner: "shared" }, [await categoryId("aoba-music"), await categoryId("yuya-ai")]),
        )
      ).status,
    ).toBe(302);

    const bad = await postForm(
      admin(),
      "/admin/contents/new",
      editorForm({ title: "", slug: "Not A Slug", characterOwner: "both", contentType: "podcast" }),
      EN,
    );
    expect(bad.status).toBe(400);
    for (const text of ["This field is required", "Use lower-case letters", "Must be yuya, aoba or shared", "Use blog, tool, music"])
      expect(bad.body).toContain(text);
    const japanese = await postForm(admin(), "/admin/contents/new", editorForm({ title: "夜空のワルツ" }), EN);
    expect(japanese.status).toBe(400);
    expect(japanese.body).toContain("the title has no latin letters");

    expect(await db.content.count()).toBe(before + 1);
    const existing = await db.content.findUniqueOrThrow({ where: { slug: "hello-world" } });
    expect((await postForm(admin(), `/admin/contents/${existing.id}`, editorForm({ slug: "aoba-night-sky" }), EN)).status).toBe(409);
    expect((await db.content.findUniqueOrThrow({ where: { id: existing.id } })).slug).toBe("hello-world");
  });

  it("deletes (ADMIN) after the confirmation form, audited", async () => {
    const content = await db.content.findUniqueOrThrow({ where: { slug: "shared-one" } });
    const res = await postForm(admin(), `/admin/contents/${content.id}`, [["intent", "delete"]]);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/admin/contents?deleted=1");
    expect(await db.content.count({ where: { id: content.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { resource: "contents", resourceId: content.id, action: "DELETE" } })).toBe(1);
    expect((await admin().get("admin", `/admin/contents/${content.id}`)).status).toBe(404);
  });
});

describe("view on site", () => {
  it("links a published content to its canonical brand page, and a draft to nothing", async () => {
    const shared = await db.content.findFirstOrThrow({ where: { status: "published", characterOwner: "shared" } });
    const page = await admin().get("admin", `/admin/contents/${shared.id}`, EN);
    expect(page.body).toMatch(new RegExp(`href="http://yuya\\.localhost:\\d+/content/${shared.slug}"[^>]*data-site-url`));
    const aoba = await db.content.findFirstOrThrow({ where: { status: "published", characterOwner: "aoba" } });
    expect((await admin().get("admin", `/admin/contents/${aoba.id}`, EN)).body).toMatch(
      new RegExp(`href="http://aoba\\.localhost:\\d+/content/${aoba.slug}"`),
    );
    const draft = await db.content.findFirstOrThrow({ where: { status: "draft" } });
    expect((await admin().get("admin", `/admin/contents/${draft.id}`, EN)).body).not.toContain("data-site-url");
  });
});

describe("category trees", () => {
  const post = (entries: Record<string, string>) => postForm(admin(), "/admin/contents/categories", Object.entries(entries), EN);
  const tree = async (scope: "yuya" | "aoba" | "shared") => {
    const page = await admin().get("admin", "/admin/contents/categories");
    const section = page.body.slice(page.body.indexOf(`data-scope="${scope}"`));
    return [
      ...section
        .slice(0, section.indexOf("data-scope=", 20) === -1 ? undefined : section.indexOf("data-scope=", 20))
        .matchAll(/data-category="([a-z0-9-]+)" data-depth="(\d+)"/g),
    ].map((m) => `${"-".repeat(Number(m[2]))}${m[1]}`);
  };

  it("creates and nests, reorders siblings, and refuses cycles and parents of another site", async () => {
    expect((await post({ intent: "create", name: "Guides", characterScope: "shared" })).status).toBe(200);
    const guides = await categoryId("guides");
    expect((await post({ intent: "create", name: "Deep dives", characterScope: "shared", parentId: guides })).status).toBe(200);
    const deep = await categoryId("deep-dives");
    expect((await post({ intent: "create", name: "Howto", slug: "howto", characterScope: "shared", parentId: guides })).status).toBe(200);
    expect(await tree("shared")).toEqual(["shared-news", "guides", "-deep-dives", "-howto"]);

    const up = await post({ intent: "move", id: await categoryId("howto"), direction: "up" });
    expect(up.status).toBe(200);
    expect(await tree("shared")).toEqual(["shared-news", "guides", "-howto", "-deep-dives"]);
    expect(
      (await db.contentCategory.findMany({ where: { parentId: guides }, orderBy: { sortOrder: "asc" } })).map((c) => [c.slug, c.sortOrder]),
    ).toEqual([
      ["howto", 0],
      ["deep-dives", 1],
    ]);

    const cycle = await post({ intent: "update", id: guides, name: "Guides", slug: "guides", parentId: deep });
    expect(cycle.status).toBe(422);
    expect(cycle.body).toContain("cannot be moved inside itself");
    const crossSite = await post({
      intent: "update",
      id: deep,
      name: "Deep dives",
      slug: "deep-dives",
      parentId: await categoryId("aoba-music"),
    });
    expect(crossSite.status).toBe(422);
    expect(crossSite.body).toContain("The parent must belong to the same site");
    const crossCreate = await post({ intent: "create", name: "Stray", characterScope: "yuya", parentId: guides });
    expect(crossCreate.status).toBe(422);
    const dupe = await post({ intent: "create", name: "Anything", slug: "aoba-music", characterScope: "aoba" });
    expect(dupe.status).toBe(409);
    expect(dupe.body).toContain("This slug is already used");
    expect(await tree("shared")).toEqual(["shared-news", "guides", "-howto", "-deep-dives"]);

    // Moving Deep dives to the top level (renamed on the way), appended after the others.
    expect((await post({ intent: "update", id: deep, name: "Deep dives!", slug: "deep-dives", parentId: "" })).status).toBe(200);
    expect(await tree("shared")).toEqual(["shared-news", "guides", "-howto", "deep-dives"]);
    expect(await db.auditLog.count({ where: { resource: "content_categories", resourceId: deep, action: "PUT" } })).toBe(1);
  });

  it("deletes a category: its children move up to its parent, contents lose only it", async () => {
    const music = await categoryId("aoba-music");
    const stems = await db.contentCategory.findUniqueOrThrow({ where: { slug: "aoba-stems" } });
    expect((await post({ intent: "create", name: "Drums", characterScope: "aoba", parentId: stems.id })).status).toBe(200);
    const linked = await db.contentCategoryRelation.findMany({ where: { categoryId: stems.id } });
    expect(linked.length).toBeGreaterThan(0);
    const res = await post({ intent: "delete", id: stems.id });
    expect(res.status).toBe(200);
    expect((await db.contentCategory.findUniqueOrThrow({ where: { slug: "drums" } })).parentId).toBe(music);
    expect(await db.content.count({ where: { id: { in: linked.map((l) => l.contentId) } } })).toBe(linked.length);
    expect(await db.auditLog.count({ where: { resource: "content_categories", resourceId: stems.id, action: "DELETE" } })).toBe(1);
    expect((await post({ intent: "delete", id: stems.id })).status).toBe(404);
  });

  it("answers nonsense with a 400, not a 500", async () => {
    expect((await post({ intent: "explode" })).status).toBe(400);
    expect((await post({ intent: "move", id: "not-an-id", direction: "up" })).status).toBe(400);
  });
});

describe("access", () => {
  it("is for ADMIN: a role without contents permissions gets 403 and changes nothing", async () => {
    const manager = visitors.get("manager")!;
    const [contents, categories, audits] = [
      await db.content.count(),
      await db.contentCategory.count(),
      await db.auditLog.count({ where: { action: "permission_denied", resource: "contents" } }),
    ];
    for (const pathname of ["/admin/contents", "/admin/contents/new", "/admin/contents/categories"])
      expect((await manager.get("admin", pathname)).status, pathname).toBe(403);
    const any = await db.content.findFirstOrThrow();
    expect((await manager.get("admin", `/admin/contents/${any.id}`)).status).toBe(403);
    expect((await postForm(manager, "/admin/contents/new", editorForm({ slug: "by-manager" }))).status).toBe(403);
    expect((await postForm(manager, `/admin/contents/${any.id}`, [["intent", "delete"]])).status).toBe(403);
    expect(
      (
        await postForm(manager, "/admin/contents/categories", [
          ["intent", "create"],
          ["name", "X"],
          ["characterScope", "yuya"],
        ])
      ).status,
    ).toBe(403);
    expect([await db.content.count(), await db.contentCategory.count()]).toEqual([contents, categories]);
    expect(await db.auditLog.count({ where: { action: "permission_denied", resource: "contents" } })).toBe(audits + 7);
  });
});

import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { CategoryActionSchema } from "./categories.schema.ts";
import { categoryScopesFor, ContentFormSchema, ContentListQuerySchema, parseTags, publishedAtAfter, slugify } from "./contents.schema.ts";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};
const base: [string, string][] = [
  ["title", "Hello"],
  ["characterOwner", "yuya"],
  ["contentType", "blog"],
];

describe("content rules", () => {
  it("suggests slugs from latin titles and nothing from titles without latin letters", () => {
    expect(slugify("  Café Über-AI: 2026 Edition!! ")).toBe("cafe-uber-ai-2026-edition");
    expect(slugify("夜空のワルツ")).toBe("");
    expect(slugify("AI 入門 guide")).toBe("ai-guide");
    expect(slugify("a".repeat(100)).length).toBe(80);
  });

  it("normalises and dedupes tags", () => {
    expect(parseTags(" AI, 音楽、ai ,, ＡＩ , machine   learning，music ")).toEqual(["AI", "音楽", "machine learning", "music"]);
    expect(parseTags("")).toEqual([]);
    expect(parseTags(undefined)).toEqual([]);
  });

  it("lets a brand content use its own and shared categories, a shared content any", () => {
    expect(categoryScopesFor("yuya")).toEqual(["yuya", "shared"]);
    expect(categoryScopesFor("aoba")).toEqual(["aoba", "shared"]);
    expect(categoryScopesFor("shared").sort()).toEqual(["aoba", "shared", "yuya"]);
  });

  it("sets published_at once, on first publishing, and keeps it through archiving and unpublishing", () => {
    const now = new Date("2026-01-02T03:04:05Z");
    const earlier = new Date("2025-06-01T00:00:00Z");
    expect(publishedAtAfter(null, "draft", now)).toBeNull();
    expect(publishedAtAfter(null, "published", now)).toEqual(now);
    expect(publishedAtAfter(earlier, "published", now)).toEqual(earlier);
    expect(publishedAtAfter(earlier, "archived", now)).toEqual(earlier);
    expect(publishedAtAfter(earlier, "draft", now)).toEqual(earlier);
  });
});

describe("ContentFormSchema through Conform", () => {
  it("reads checkboxes, repeated categories, tags and metadata", () => {
    const ids = ["0196b5a4-0000-7000-8000-000000000001", "0196b5a4-0000-7000-8000-000000000002"];
    const submission = parseWithZod(
      form([
        ...base,
        ["featured", "on"],
        ["categoryIds", ids[0]!],
        ["categoryIds", ids[1]!],
        ["categoryIds", ids[0]!],
        ["tags", "a, b, A"],
        ["metadata", '{"bpm": 96}'],
        ["slug", "Hello-World"],
      ]),
      { schema: ContentFormSchema },
    );
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value).toMatchObject({
      featured: true,
      categoryIds: ids,
      tags: ["a", "b"],
      metadata: { bpm: 96 },
      slug: "hello-world",
      status: "draft",
      excerpt: null,
      content: "",
    });
  });

  it("accepts a single category and no metadata", () => {
    const submission = parseWithZod(form([...base, ["categoryIds", "0196b5a4-0000-7000-8000-000000000001"], ["metadata", "  "]]), {
      schema: ContentFormSchema,
    });
    expect(submission.status).toBe("success");
    if (submission.status === "success")
      expect(submission.value).toMatchObject({ categoryIds: ["0196b5a4-0000-7000-8000-000000000001"], metadata: null, featured: false });
  });

  it("names each bad field", () => {
    const submission = parseWithZod(
      form([
        ["title", ""],
        ["characterOwner", "both"],
        ["contentType", "podcast"],
        ["status", "live"],
        ["slug", "no spaces"],
        ["metadata", "{bpm: 96}"],
        ["tags", Array.from({ length: 21 }, (_, i) => `t${i}`).join(",")],
        ["categoryIds", "nope"],
      ]),
      { schema: ContentFormSchema },
    );
    expect(submission.status).toBe("error");
    const errors = submission.reply().error ?? {};
    expect(errors.title).toEqual(["errors.required"]);
    expect(errors.characterOwner).toEqual(["errors.site"]);
    expect(errors.contentType).toEqual(["errors.contentType"]);
    expect(errors.status).toEqual(["contents.statusInvalid"]);
    expect(errors.slug).toEqual(["contents.slugFormat"]);
    expect(errors.metadata).toEqual(["contents.metadataJson"]);
    expect(errors.tags).toEqual(["contents.tooManyTags:20"]);
    expect(errors["categoryIds[0]"] ?? errors.categoryIds).toEqual(["contents.categoryUnknown"]);
  });

  it("refuses metadata that is JSON but not an object", () => {
    for (const metadata of ["[1,2]", "42", '"text"', "null"]) {
      const submission = parseWithZod(form([...base, ["metadata", metadata]]), { schema: ContentFormSchema });
      expect(submission.reply().error?.metadata, metadata).toEqual(["contents.metadataObject"]);
    }
  });

  it("reads good list filters and refuses bad ones naming each (the list policy: never silently replaced)", () => {
    expect(ContentListQuerySchema.parse({ type: "blog", status: "published", q: "  ai " })).toEqual({
      type: "blog",
      status: "published",
      page: 1,
      q: "ai",
    });
    const refused = ContentListQuerySchema.safeParse({ owner: "nobody", type: "blog", category: "x", page: "-3" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["category", "owner", "page"]);
  });
});

describe("CategoryActionSchema", () => {
  it("tells the forms apart by intent and names bad fields", () => {
    const ok = parseWithZod(
      form([
        ["intent", "create"],
        ["name", "Tools"],
        ["characterScope", "yuya"],
      ]),
      { schema: CategoryActionSchema },
    );
    expect(ok.status).toBe("success");
    if (ok.status === "success") expect(ok.value).toMatchObject({ intent: "create", name: "Tools", parentId: null, description: null });
    const bad = parseWithZod(
      form([
        ["intent", "update"],
        ["id", "0196b5a4-0000-7000-8000-000000000001"],
        ["name", ""],
        ["parentId", "x"],
        ["slug", "A B"],
      ]),
      { schema: CategoryActionSchema },
    );
    expect(bad.reply().error).toMatchObject({
      name: ["errors.required"],
      parentId: ["contents.parentUnknown"],
      slug: ["contents.slugFormat"],
    });
    const move = parseWithZod(
      form([
        ["intent", "move"],
        ["id", "0196b5a4-0000-7000-8000-000000000001"],
        ["direction", "sideways"],
      ]),
      { schema: CategoryActionSchema },
    );
    expect(move.reply().error).toMatchObject({ direction: ["contents.direction"] });
  });
});

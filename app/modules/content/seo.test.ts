import { describe, expect, it } from "vitest";
import { seoMeta } from "./seo";

describe("seoMeta", () => {
  const base = {
    title: "夜空のワルツ — 猫空あおば",
    description: "やさしい音",
    canonical: "https://aoba-nekosora.com/content/night",
    siteName: "猫空あおば",
    lng: "ja" as const,
    feedUrl: "https://aoba-nekosora.com/feed.xml",
    feedTitle: "猫空あおば",
  };

  it("gives an article its title, description, canonical, Open Graph, dates, tags and the feed link", () => {
    const meta = seoMeta({ ...base, type: "article", publishedAt: "2026-01-01T00:00:00.000Z", tags: ["music"] });
    expect(meta).toEqual(
      expect.arrayContaining([
        { title: base.title },
        { name: "description", content: base.description },
        { tagName: "link", rel: "canonical", href: base.canonical },
        { tagName: "link", rel: "alternate", type: "application/rss+xml", title: base.feedTitle, href: base.feedUrl },
        { property: "og:type", content: "article" },
        { property: "og:url", content: base.canonical },
        { property: "og:site_name", content: base.siteName },
        { property: "og:locale", content: "ja_JP" },
        { property: "og:locale:alternate", content: "en_US" },
        { property: "article:published_time", content: "2026-01-01T00:00:00.000Z" },
        { property: "article:tag", content: "music" },
      ]),
    );
  });

  it("gives a list page no article tags, and English its locale", () => {
    const meta = seoMeta({ ...base, type: "website", lng: "en", tags: ["x"] });
    expect(meta).toContainEqual({ property: "og:locale", content: "en_US" });
    expect(meta.some((m) => "property" in m && String(m.property).startsWith("article:"))).toBe(false);
  });
});

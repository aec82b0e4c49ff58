// XML escaping and robots.txt of the brand sites' feeds (the documents themselves: tests/integration/content-site.test.ts).
import { describe, expect, it } from "vitest";
import { buildRobots, contentPath, xmlEscape } from "./feeds.server";

describe("xmlEscape", () => {
  it("escapes the five XML specials once and drops characters XML forbids", () => {
    expect(xmlEscape(`R&D <b> "q" 'a'`)).toBe("R&amp;D &lt;b&gt; &quot;q&quot; &apos;a&apos;");
    expect(xmlEscape("&amp;")).toBe("&amp;amp;");
    expect(xmlEscape("a\u0000b\u0008c\u000Bd\uFFFEe")).toBe("abcde");
    expect(xmlEscape("改行\nと\tタブ 😺")).toBe("改行\nと\tタブ 😺");
  });
});

describe("paths and robots", () => {
  it("encodes a slug in a content path", () => {
    expect(contentPath("a b&c")).toBe("/content/a%20b%26c");
  });

  it("names the sitemap on the origin and keeps crawlers out of private paths", () => {
    const robots = buildRobots("https://aoba-nekosora.com");
    expect(robots).toContain("Sitemap: https://aoba-nekosora.com/sitemap.xml");
    for (const path of ["/account", "/api/", "/login"]) expect(robots).toContain(`Disallow: ${path}`);
  });
});

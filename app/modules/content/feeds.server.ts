// sitemap.xml, the RSS 2.0 feed and robots.txt of a brand site, with absolute addresses on the brand's origin.
// The sitemap lists only canonical addresses (a shared content on the brand it is canonical on); the feed
// lists everything the site shows, so its readers see the collaborations too.
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import { feedContents } from "./public.server";

/** Text for XML character data and attribute values; characters XML 1.0 forbids are dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** The site's own pages besides the contents, in the sitemap. */
const STATIC_PAGES = ["/", "/content", "/shop", "/contact"];

export const contentPath = (slug: string) => `/content/${encodeURIComponent(slug)}`;

/** sitemap.xml: the home, content index, shop and contact pages and every content canonical on this brand. */
export async function buildSitemap(brand: Brand, origin: string, now = new Date()): Promise<string> {
  const contents = (await feedContents(brand, now)).filter((c) => c.canonicalBrand === brand);
  const newest = contents.reduce<Date | null>((latest, c) => (!latest || c.updatedAt > latest ? c.updatedAt : latest), null);
  const url = (loc: string, lastmod: Date | null) =>
    `  <url>\n    <loc>${xmlEscape(loc)}</loc>\n${lastmod ? `    <lastmod>${lastmod.toISOString()}</lastmod>\n` : ""}  </url>`;
  const entries = [
    ...STATIC_PAGES.map((path) => url(`${origin}${path}`, path === "/content" ? newest : null)),
    ...contents.map((c) => url(`${origin}${contentPath(c.slug)}`, c.updatedAt)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</urlset>\n`;
}

export const FEED_SIZE = 20;

/** The feed's title, in a language: the brand's name. */
export const feedTitle = (brand: Brand, lng: "ja" | "en") => BRAND_INFO[brand].name[lng];

/** RSS 2.0 of the newest contents the brand shows, with pubDate (RFC 822) and a permalink guid on this origin. */
export async function buildRss(brand: Brand, origin: string, lng: "ja" | "en", description: string, now = new Date()): Promise<string> {
  const contents = await feedContents(brand, now, FEED_SIZE);
  const self = `${origin}/feed.xml`;
  const items = contents.map((c) => {
    const link = `${origin}${contentPath(c.slug)}`;
    return [
      "    <item>",
      `      <title>${xmlEscape(c.title)}</title>`,
      `      <link>${xmlEscape(link)}</link>`,
      `      <guid isPermaLink="true">${xmlEscape(link)}</guid>`,
      `      <description>${xmlEscape(c.description)}</description>`,
      `      <pubDate>${c.publishedAt.toUTCString()}</pubDate>`,
      ...c.tags.map((tag) => `      <category>${xmlEscape(tag)}</category>`),
      "    </item>",
    ].join("\n");
  });
  const lastBuild = contents[0]?.publishedAt ?? now;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">`,
    "  <channel>",
    `    <title>${xmlEscape(feedTitle(brand, lng))}</title>`,
    `    <link>${xmlEscape(`${origin}/content`)}</link>`,
    `    <description>${xmlEscape(description)}</description>`,
    `    <language>${lng}</language>`,
    `    <lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate>`,
    `    <atom:link href="${xmlEscape(self)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}

/** robots.txt: everything but the account, sign-in and API paths may be crawled; where the sitemap is. */
export function buildRobots(origin: string): string {
  return [
    "User-agent: *",
    "Disallow: /account",
    "Disallow: /login",
    "Disallow: /auth/",
    "Disallow: /api/",
    "Disallow: /downloads/",
    "",
    `Sitemap: ${origin}/sitemap.xml`,
    "",
  ].join("\n");
}

// The head of a public content page: title, description, canonical address, Open Graph and the feed link, as
// Remix meta descriptors. Pure (the route's meta function runs in the browser too); loaders compute the inputs.
import type { MetaDescriptor } from "@remix-run/node";

export interface PageSeo {
  title: string;
  description: string;
  /** Absolute URL on the canonical brand's public origin. */
  canonical: string;
  siteName: string;
  lng: "ja" | "en";
  type: "article" | "website";
  /** Absolute URL of the brand's RSS feed. */
  feedUrl: string;
  feedTitle: string;
  publishedAt?: string;
  updatedAt?: string;
  tags?: string[];
}

export const OG_LOCALES = { ja: "ja_JP", en: "en_US" } as const;

/** Meta tags and links for a page: <title>, description, canonical, og:* (and article:* for an article), RSS. */
export function seoMeta(seo: PageSeo): MetaDescriptor[] {
  const other = seo.lng === "ja" ? "en" : "ja";
  const tags: MetaDescriptor[] = [
    { title: seo.title },
    { name: "description", content: seo.description },
    { tagName: "link", rel: "canonical", href: seo.canonical },
    { tagName: "link", rel: "alternate", type: "application/rss+xml", title: seo.feedTitle, href: seo.feedUrl },
    { property: "og:title", content: seo.title },
    { property: "og:description", content: seo.description },
    { property: "og:type", content: seo.type },
    { property: "og:url", content: seo.canonical },
    { property: "og:site_name", content: seo.siteName },
    { property: "og:locale", content: OG_LOCALES[seo.lng] },
    { property: "og:locale:alternate", content: OG_LOCALES[other] },
    { name: "twitter:card", content: "summary" },
  ];
  if (seo.type === "article") {
    if (seo.publishedAt) tags.push({ property: "article:published_time", content: seo.publishedAt });
    if (seo.updatedAt) tags.push({ property: "article:modified_time", content: seo.updatedAt });
    for (const tag of seo.tags ?? []) tags.push({ property: "article:tag", content: tag });
  }
  return tags;
}

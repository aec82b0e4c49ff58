// /feed.xml of a brand site: RSS 2.0 of its newest contents (own and shared), in the reader's language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translatorFor } from "~/lib/api.server";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import { BRAND_INFO } from "~/modules/brand/brands";
import { buildRss } from "~/modules/content/feeds.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  const t = await translatorFor(request);
  const rss = await buildRss(brand, context.urls[brand], lng, t("content.feedDescription", { name: BRAND_INFO[brand].name[lng] }));
  return new Response(rss, {
    headers: {
      "Content-Type": "application/rss+xml; charset=utf-8",
      "Cache-Control": "public, max-age=600",
      Vary: "Accept-Language, Cookie",
    },
  });
}

// /sitemap.xml of a brand site: its pages and the contents canonical on it, with absolute URLs on its origin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireBrand } from "~/lib/site.server";
import { buildSitemap } from "~/modules/content/feeds.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  return new Response(await buildSitemap(brand, context.urls[brand]), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=600" },
  });
}

// /robots.txt: a brand site may be crawled (not its account, sign-in and API paths) and names its sitemap; the
// admin host and the local index are not for crawlers at all.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isBrand } from "~/lib/tenant";
import { buildRobots } from "~/modules/content/feeds.server";

export function loader({ context }: LoaderFunctionArgs) {
  const body = isBrand(context.site) ? buildRobots(context.urls[context.site]) : "User-agent: *\nDisallow: /\n";
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}

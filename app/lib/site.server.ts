// Guards for which host a route belongs to. A route of the brand sites does not exist on the admin host and
// the other way round: both answer 404, as for any unknown path.
import type { AppLoadContext } from "@remix-run/node";
import { getEnv } from "./env.server.ts";
import { isBrand, type Brand } from "./tenant.ts";

export function requireBrand(context: AppLoadContext): Brand {
  if (!isBrand(context.site)) throw new Response("Not Found", { status: 404 });
  return context.site;
}

export function requireAdminHost(context: AppLoadContext): void {
  if (context.site !== "admin") throw new Response("Not Found", { status: 404 });
}

/**
 * This site's own origin for absolute links (mail, OAuth callbacks, payment return pages): from the configured
 * host names (context.urls), never from the request's Host or X-Forwarded-Host, which a client can set.
 */
export function siteOrigin(context: AppLoadContext): string {
  if (context.site === "index") {
    // The index host has no entry of its own in context.urls: the admin's scheme and port, the index's name.
    const url = new URL(context.urls.admin);
    url.hostname = getEnv().INDEX_HOSTS[0] ?? "localhost";
    return url.origin;
  }
  return new URL(context.urls[context.site]).origin;
}

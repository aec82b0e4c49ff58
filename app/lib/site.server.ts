// Guards for which host a route belongs to. A route of the brand sites does not exist on the admin host and
// the other way round: both answer 404, as for any unknown path.
import type { AppLoadContext } from "@remix-run/node";
import { isBrand, type Brand } from "./tenant.ts";

export function requireBrand(context: AppLoadContext): Brand {
  if (!isBrand(context.site)) throw new Response("Not Found", { status: 404 });
  return context.site;
}

export function requireAdminHost(context: AppLoadContext): void {
  if (context.site !== "admin") throw new Response("Not Found", { status: 404 });
}

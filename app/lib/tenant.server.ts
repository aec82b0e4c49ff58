// Resolves the site a request is for from its Host header, against the host map from configuration.
import type { Env } from "./env.server.ts";
import type { Site, SiteUrls } from "./tenant.ts";

export type HostMap = ReadonlyMap<string, Site>;

export function buildHostMap(env: Pick<Env, "YUYA_HOSTS" | "AOBA_HOSTS" | "ADMIN_HOSTS" | "INDEX_HOSTS">): HostMap {
  const map = new Map<string, Site>();
  for (const host of env.YUYA_HOSTS) map.set(host, "yuya");
  for (const host of env.AOBA_HOSTS) map.set(host, "aoba");
  for (const host of env.ADMIN_HOSTS) map.set(host, "admin");
  for (const host of env.INDEX_HOSTS) map.set(host, "index");
  return map;
}

export type HostResolution =
  { kind: "site"; site: Site; hostname: string; port: string } | { kind: "unknown"; hostname: string } | { kind: "malformed" };

const HOST_HEADER = /^(?<name>[a-z0-9.-]{1,253}|\[[0-9a-f:.]+\])(?::(?<port>\d{1,5}))?$/i;

export function resolveHost(hostHeader: string | undefined, hosts: HostMap): HostResolution {
  const match = HOST_HEADER.exec(hostHeader?.trim() ?? "");
  const name = match?.groups?.name;
  if (!name || name.startsWith(".") || name.includes("..")) return { kind: "malformed" };
  const hostname = name.toLowerCase().replace(/\.$/, "");
  const port = match.groups?.port ?? "";
  if (port && Number(port) > 65535) return { kind: "malformed" };
  const site = hosts.get(hostname);
  return site ? { kind: "site", site, hostname, port } : { kind: "unknown", hostname };
}

/**
 * Base URLs of the three hosts, all from configuration: the request only decides between the *.localhost names
 * (with the server's PORT) and the public ones (with PUBLIC_PORT, or none). The port of its Host header is
 * ignored: a client can send any, and these URLs go into mail, OAuth callbacks and payment return pages.
 */
export function siteUrls(
  env: Pick<Env, "YUYA_HOSTS" | "AOBA_HOSTS" | "ADMIN_HOSTS" | "PUBLIC_SCHEME" | "PORT" | "PUBLIC_PORT">,
  // The request's port may be passed along (the resolved host carries one); it is not used.
  requestHost: { hostname: string; port?: string },
): SiteUrls {
  const local = requestHost.hostname === "localhost" || requestHost.hostname.endsWith(".localhost") || requestHost.hostname === "127.0.0.1";
  const pick = (hosts: string[]) => {
    const candidates = local ? hosts.filter((h) => h.endsWith(".localhost")) : hosts.filter((h) => !h.endsWith(".localhost"));
    return candidates[0] ?? hosts[0] ?? "localhost";
  };
  const port = local ? env.PORT : env.PUBLIC_PORT;
  const suffix = port ? `:${port}` : "";
  const base = (hosts: string[]) => `${env.PUBLIC_SCHEME}://${pick(hosts)}${suffix}`;
  return { yuya: base(env.YUYA_HOSTS), aoba: base(env.AOBA_HOSTS), admin: base(env.ADMIN_HOSTS) };
}

/**
 * The sites' URLs outside a request (links in mail sent by jobs): the public host names when the configuration
 * says how they are reached (PUBLIC_SCHEME=https behind a TLS proxy, or a PUBLIC_PORT), the *.localhost ones with
 * PORT otherwise — a local `npm start` runs in production mode too, on http://*.localhost.
 */
export function publicSiteUrls(
  env: Pick<Env, "YUYA_HOSTS" | "AOBA_HOSTS" | "ADMIN_HOSTS" | "PUBLIC_SCHEME" | "PORT" | "PUBLIC_PORT">,
): SiteUrls {
  const deployed = env.PUBLIC_SCHEME === "https" || env.PUBLIC_PORT !== undefined;
  return siteUrls(env, { hostname: deployed ? "public" : "localhost" });
}

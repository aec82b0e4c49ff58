// The tenant a request belongs to, resolved once from the Host header at the server edge (server/app.ts)
// and handed to every loader and action through the Remix load context.
import type { Logger } from "pino";
import type { Metrics } from "./metrics.server.ts";
import type { Registry } from "~/modules/plugins/registry.server";
import type { RateLimits } from "./rate-limit.server.ts";

export const BRANDS = ["yuya", "aoba"] as const;
export type Brand = (typeof BRANDS)[number];
/** A brand site or the shared admin (not the database enum `Tenant` of embed keys, which Prisma generates). */
export type BrandOrAdmin = Brand | "admin";

/** What `/` on a bare `localhost` shows: an index of the three hosts. */
export type Site = BrandOrAdmin | "index";

export interface SiteUrls {
  yuya: string;
  aoba: string;
  admin: string;
}

export interface KizunaLoadContext {
  site: Site;
  /** Absolute base URLs of the three hosts as seen by this request (same scheme and port). */
  urls: SiteUrls;
  requestId: string;
  /** Per-request nonce the Content-Security-Policy allows for inline scripts. */
  cspNonce: string;
  /** The process's rate limits (the edge limits by address; the app limits by user and by email). */
  limits: RateLimits;
  /** What the plugins registered at boot (lead sources, product types, KPIs). */
  registry: Registry;
  /** The request's logger (pino, with the request id). */
  logger: Logger;
  /**
   * Marks the request as failed with this error (the first one counts): the request's access log line is then
   * written at error level and carries it (type, message, code, stack) — one JSON line per failed request.
   */
  failed(error: unknown): void;
  /** The process's Prometheus metrics (absent where no server runs, e.g. unit tests). */
  metrics?: Metrics;
  /**
   * Set by handleError (entry.server.tsx) when a loader or action failed because the database is away: the
   * edge (server/remix-handler.ts) then answers 503 with Retry-After instead of Remix's 500.
   */
  databaseUnavailable?: boolean;
}

export function isBrand(site: string): site is Brand {
  return site === "yuya" || site === "aoba";
}

declare module "@remix-run/server-runtime" {
  // Declaration merging needs an interface; it adds KizunaLoadContext's members to Remix's context type.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends KizunaLoadContext {}
}

// The one path every decision of the edge is taken on (rate limits, CORS, the API's error shape, body limits).
// Remix matches routes case-insensitively, after the URL parser has resolved dot segments and backslashes and
// after decoding %-escapes, and it ignores a trailing slash and single fetch's `.data` suffix; Express's
// req.path does none of that. Deciding on req.path let `/Auth/email`, `/%61pi/leads` or `/api/leads/` reach
// the same route as `/auth/email` or `/api/leads` without its limit.
import type { Request } from "express";
import { canonicalPath, pathIsUnder } from "../app/lib/paths.ts";

const cache = new WeakMap<Request, string>();

/** The request's path as Remix would route it (canonicalPath), worked out once per request. */
export function edgePath(req: Request): string {
  let found = cache.get(req);
  if (found === undefined) {
    found = canonicalPath(req.originalUrl);
    cache.set(req, found);
  }
  return found;
}

/** Whether the path is `prefix` itself or below it (`/api` → `/api`, `/api/leads`; not `/apis`). */
export function isUnder(req: Request, prefix: string): boolean {
  return pathIsUnder(edgePath(req), prefix);
}

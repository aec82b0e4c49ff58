// The one path every decision of the edge is taken on (rate limits, CORS, the API's error shape, body limits).
// Remix matches routes case-insensitively, after the URL parser has resolved dot segments and backslashes and
// after decoding %-escapes, and it ignores a trailing slash and single fetch's `.data` suffix; Express's
// req.path does none of that. Deciding on req.path let `/Auth/email`, `/%61pi/leads` or `/api/leads/` reach
// the same route as `/auth/email` or `/api/leads` without its limit.
import type { Request } from "express";

const cache = new WeakMap<Request, string>();

/** The request's path as Remix would route it, folded to one spelling: decoded, lower-case, no `//`, no trailing `/` or `.data`. */
export function edgePath(req: Request): string {
  let found = cache.get(req);
  if (found === undefined) {
    found = canonicalPath(req.originalUrl);
    cache.set(req, found);
  }
  return found;
}

export function canonicalPath(url: string): string {
  // Parsed as Remix's request.url is built (origin + path, so `//x` stays a path): the WHATWG parser resolves
  // `..`, `%2e%2e` and `\` here exactly as there.
  let parsed: string;
  try {
    parsed = new URL(`http://edge.invalid${url}`).pathname;
  } catch {
    parsed = url;
  }
  const decoded = parsed
    .split("/")
    .map(decodeSegment)
    .join("/")
    .toLowerCase()
    .replace(/\/{2,}/g, "/");
  // Single fetch asks for `/path.data` (and `/_root.data` for the index route): the same route as `/path`.
  const route = decoded.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  return route.length > 1 ? route.replace(/\/+$/, "") || "/" : "/";
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a broken escape: Remix keeps the segment as it is too
  }
}

/** Whether the path is `prefix` itself or below it (`/api` → `/api`, `/api/leads`; not `/apis`). */
export function isUnder(req: Request, prefix: string): boolean {
  const path = edgePath(req);
  return path === prefix || path.startsWith(`${prefix}/`);
}

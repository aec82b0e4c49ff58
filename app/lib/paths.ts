// A request path folded to the one spelling Remix routes it by: the edge (server/edge-path.ts) takes its rate
// limits, CORS and error shapes on it, and the app tells API requests apart by it. Remix matches routes
// case-insensitively, after the URL parser has resolved dot segments and backslashes and after decoding
// %-escapes, and it ignores a trailing slash and single fetch's `.data` suffix.

/** The path as Remix would route it: decoded, lower-case, no `//`, no trailing `/` or `.data`. */
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

/** Whether a canonical path is `prefix` itself or below it (`/api` → `/api`, `/api/leads`; not `/apis`). */
export function pathIsUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

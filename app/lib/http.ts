// Small HTTP helpers shared by routes.

// Any host will do as the base: only a path that stays on it is kept, and the path is what we return.
const SAME_SITE = "http://same-site.invalid";
// Browsers drop tab, CR and LF from a URL and read "\\" as "/", so "/\t/evil" and "/\\evil" would go to
// //evil; any whitespace or control character is refused outright (a real path has them %-encoded).
const UNSAFE_CHARACTER = /[\s\p{Cc}\p{Cf}\\]/u;

/** A same-site path to go back to ("/…", which stays on this site once a browser has parsed it), else `fallback`. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || UNSAFE_CHARACTER.test(value)) return fallback;
  if (!URL.canParse(value, SAME_SITE)) return fallback;
  const parsed = new URL(value, SAME_SITE);
  // "/..//evil" parses to the path "//evil": harmless as given, but refused, as no page of ours needs it.
  if (parsed.origin !== SAME_SITE || parsed.pathname.startsWith("//")) return fallback;
  return value;
}

/** The API's error shape: `{ error: { code, message, fields? } }`, where fields name what was wrong. */
export function jsonError(status: number, code: string, message: string, fields?: Record<string, string[]>): Response {
  return Response.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a route parameter is a UUID (anything else cannot name a record: answer 404 without a query). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** Throws the 404 that a page's error boundary (or a resource route's client) sees for a record that is not there. */
export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/** The value, or the 404 thrown when a lookup found nothing. */
export function found<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) notFound();
  return value;
}

/** A route's id parameter when it is a UUID; anything else names no record: 404 without a query. */
export function uuidParam(value: string | undefined): string {
  if (!isUuid(value)) notFound();
  return value;
}

/** Each failed field's messages (message keys), by the first segment of its path; `fallback` for the whole form. */
export function messagesByField(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  fallback?: string,
): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[String(issue.path[0] ?? fallback)] ??= []).push(issue.message);
  return fields;
}

// Small HTTP helpers shared by routes.

/** A same-site path to go back to: only "/..." (not "//host" or "/\\host"), else "/". */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
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

/** Each failed field's messages (message keys), by the first segment of its path; `fallback` for the whole form. */
export function messagesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[], fallback?: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[String(issue.path[0] ?? fallback)] ??= []).push(issue.message);
  return fields;
}

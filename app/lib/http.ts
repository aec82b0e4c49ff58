// Small HTTP helpers shared by routes.

/** A same-site path to go back to: only "/..." (not "//host" or "/\\host"), else "/". */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

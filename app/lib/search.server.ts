// Text search in list filters: what the user typed is matched literally. Prisma's `contains`, and `equals` with
// `mode: "insensitive"`, become ILIKE without escaping (prisma/prisma#10810), so a typed `%` or `_` would
// otherwise match anything.

/** `text` with LIKE's wildcards and its escape character escaped (PostgreSQL's default escape is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** A Prisma string filter: contains `text`, case-insensitive, wildcards taken literally. */
export function containsText(text: string) {
  return { contains: escapeLike(text), mode: "insensitive" as const };
}

/** A Prisma string filter: equals `text`, case-insensitive, wildcards taken literally. */
export function equalsText(text: string) {
  return { equals: escapeLike(text), mode: "insensitive" as const };
}

/** The ILIKE pattern for "contains `text`" in raw SQL. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

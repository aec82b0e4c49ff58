// One shape for a paged list and one reading of its query, for every admin list and API list. The policy (see
// CONTRIBUTING.md): blank parameters are absent; a value that does not parse is refused with 400 naming the
// field (a page shows the message beside its filter, the API answers its error shape) — never silently replaced.
import { z } from "zod";

/** One page of a list: the rows, where the page is, and how many there are in all. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  /** Set when `total` is the planner's estimate (a count too large to take exactly on every request). */
  totalIsEstimate?: boolean;
}

/** The page number parameter every list takes: a whole number from 1, 1 when absent. */
export const pageParam = z.coerce
  .number({ error: "errors.page" })
  .int({ error: "errors.page" })
  .min(1, { error: "errors.page" })
  .max(100_000, { error: "errors.page" })
  .default(1);

/** The rows `skip`/`take` for a page. */
export function pageWindow({ page, pageSize }: { page: number; pageSize: number }): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

/** A Page from the page's rows and the total count. */
export function pageOf<T>(
  items: T[],
  total: number,
  { page, pageSize }: { page: number; pageSize: number },
  totalIsEstimate = false,
): Page<T> {
  return {
    items,
    page,
    pageSize,
    total,
    totalPages: Math.max(1, Math.ceil(total / pageSize)),
    ...(totalIsEstimate ? { totalIsEstimate } : {}),
  };
}

/** The query parameters of a list request, blanks dropped (an empty filter select submits ""). */
export function listParams(url: URL | string): Record<string, string> {
  const { searchParams } = typeof url === "string" ? new URL(url) : url;
  return Object.fromEntries([...searchParams].filter(([, value]) => value !== ""));
}

/** Reads a list page's query with its schema: the query, or each refused field's messages (message keys). */
export function readListQuery<S extends z.ZodType>(
  request: Request,
  schema: S,
  defaults: Record<string, string> = {},
): { query: z.output<S>; fields: null } | { query: null; fields: Record<string, string[]> } {
  const parsed = schema.safeParse({ ...defaults, ...listParams(request.url) });
  if (parsed.success) return { query: parsed.data, fields: null };
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fields[String(issue.path[0] ?? "q")] ??= []).push(issue.message);
  return { query: null, fields };
}

// Saved views: a staff member's named filters for an admin list, kept as the list's query string.
import { getDb } from "~/lib/db.server";
import { isUuid } from "~/lib/http";

export const SAVED_VIEW_SCOPES = ["leads", "inquiries"] as const;
export type SavedViewScope = (typeof SAVED_VIEW_SCOPES)[number];

/** Only the list's own parameters are kept (no page): a view is a filter, not a position. */
export function viewQuery(search: string, allowed: readonly string[]): string {
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const [key, value] of params) if (allowed.includes(key) && key !== "page" && value !== "") kept.append(key, value);
  return kept.toString();
}

export function listSavedViews(userId: string, scope: SavedViewScope) {
  return getDb().savedView.findMany({ where: { userId, scope }, orderBy: { name: "asc" }, select: { id: true, name: true, query: true } });
}

export function saveView(userId: string, scope: SavedViewScope, name: string, query: string) {
  return getDb().savedView.upsert({
    where: { userId_scope_name: { userId, scope, name } },
    create: { userId, scope, name, query },
    update: { query },
    select: { id: true },
  });
}

export async function deleteView(userId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false; // no view has that id (and PostgreSQL would refuse to compare it)
  const { count } = await getDb().savedView.deleteMany({ where: { id, userId } });
  return count > 0;
}

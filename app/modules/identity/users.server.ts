// Staff management: the list of users for the admin, and role changes (ADMIN only), which are audited and
// never leave the installation without an admin.
import { getDb, type Tx } from "~/lib/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { Prisma } from "~/generated/prisma/client";
import type { Role } from "./permissions.ts";
import { containsText } from "~/lib/search.server";
import { pageOf, pageWindow, type Page } from "~/lib/list";
import type { UserListQuery } from "./users.schema.ts";
import { fail, ok, type Failure, type Result } from "~/lib/result";

export const PAGE_SIZE = 50;

export async function listUsers(query: UserListQuery): Promise<Page<UserRow>> {
  const where: Prisma.UserWhereInput = {
    // Erased people stay only as tombstones (privacy/gdpr.server.ts): not users any more.
    erasedAt: null,
    role: query.role,
    ...(query.q
      ? {
          OR: [
            { email: containsText(query.q) },
            { name: containsText(query.q) },
            {
              profile: {
                displayName: containsText(query.q),
              },
            },
          ],
        }
      : {}),
  };
  const db = getDb();
  const at = { page: query.page, pageSize: PAGE_SIZE };
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ role: "asc" }, { createdAt: "desc" }],
      ...pageWindow(at),
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        createdAt: true,
        accounts: { select: { provider: true } },
        sessions: {
          select: { lastUsedAt: true },
          orderBy: { lastUsedAt: { sort: "desc", nulls: "last" } },
          take: 1,
        },
      },
    }),
    db.user.count({ where }),
  ]);
  const users = rows.map(({ sessions, accounts, ...user }) => ({
    ...user,
    providers: [...new Set(accounts.map((a) => a.provider))],
    lastSeenAt: sessions[0]?.lastUsedAt ?? null,
  }));
  return pageOf(users, total, at);
}

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  providers: string[];
  lastSeenAt: Date | null;
}

/**
 * Whether a user of this role is the only ADMIN left: they may be neither demoted nor erased (the installation
 * would have no one to manage it). Call it inside a Serializable transaction, so two such changes cannot both pass.
 */
export async function isLastAdmin(tx: Tx, role: Role): Promise<boolean> {
  if (role !== "ADMIN") return false;
  return (await tx.user.count({ where: { role: "ADMIN" } })) <= 1;
}

/** Sets a user's role. The last admin cannot be demoted (the installation would have no one to manage it). */
export async function changeRole(
  { actorId, userId, role }: { actorId: string; userId: string; role: Role },
  origin: { ip: string | null; userAgent: string | null },
): Promise<Result<{ changed: boolean }>> {
  const db = getDb();
  let result: { ok: true; changed: boolean; from?: Role } | Failure;
  try {
    result = await db.$transaction(
      async (tx): Promise<{ ok: true; changed: boolean; from?: Role } | Failure> => {
        const user = await tx.user.findUnique({
          where: { id: userId },
          select: { role: true },
        });
        if (!user) return fail("not_found", "users.unknownUser", { field: "userId" });
        if (user.role === role) return ok({ changed: false });
        if (await isLastAdmin(tx, user.role)) return fail("conflict", "users.lastAdmin", { field: "role" });
        await tx.user.update({ where: { id: userId }, data: { role } });
        return ok({ changed: true, from: user.role });
      },
      // Two admins demoting each other at once must not both succeed.
      { isolationLevel: "Serializable" },
    );
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034")) throw error;
    result = fail("conflict", "users.conflict", { field: "role" });
  }
  if (result.ok && !result.changed) return result;
  await recordAudit({
    userId: actorId,
    action: "role_change",
    resource: "users",
    resourceId: userId,
    changes: result.ok ? { role: { from: result.from, to: role } } : { role: { to: role }, error: result.message },
    ...origin,
    status: result.ok ? "success" : "failure",
  });
  if (!result.ok) return result;
  return ok({ changed: result.changed });
}

/** Everyone who can be assigned work: the staff roles. */
export function listStaff() {
  return getDb().user.findMany({
    where: { role: { in: ["ADMIN", "MANAGER", "SUPPORT"] } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true, role: true },
  });
}

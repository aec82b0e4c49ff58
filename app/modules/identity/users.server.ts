// Staff management: the list of users for the admin, and role changes (ADMIN only), which are audited and
// never leave the installation without an admin.
import { z } from "zod";
import { getDb, type Tx } from "~/lib/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { Prisma } from "~/generated/prisma/client";
import { ROLES, type Role } from "./permissions.ts";
import { containsText } from "~/lib/search.server";

export const UserListQuery = z.object({
  q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const PAGE_SIZE = 50;

export async function listUsers(query: UserListQuery) {
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
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ role: "asc" }, { createdAt: "desc" }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
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
  return {
    users: rows.map(({ sessions, accounts, ...user }) => ({
      ...user,
      providers: [...new Set(accounts.map((a) => a.provider))],
      lastSeenAt: sessions[0]?.lastUsedAt ?? null,
    })),
    total,
    totalPages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export const RoleChange = z.object({
  userId: z.uuid({ error: "users.unknownUser" }),
  role: z.enum(ROLES, { error: "users.unknownRole" }),
});

export type RoleChangeResult = { ok: true; changed: boolean } | { ok: false; status: 404 | 409; field: "userId" | "role"; message: string };

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
): Promise<RoleChangeResult> {
  const db = getDb();
  let result: RoleChangeResult & { from?: Role };
  try {
    result = await db.$transaction(
      async (tx): Promise<RoleChangeResult & { from?: Role }> => {
        const user = await tx.user.findUnique({
          where: { id: userId },
          select: { role: true },
        });
        if (!user)
          return {
            ok: false,
            status: 404,
            field: "userId",
            message: "users.unknownUser",
          };
        if (user.role === role) return { ok: true, changed: false };
        if (await isLastAdmin(tx, user.role))
          return {
            ok: false,
            status: 409,
            field: "role",
            message: "users.lastAdmin",
          };
        await tx.user.update({ where: { id: userId }, data: { role } });
        return { ok: true, changed: true, from: user.role };
      },
      // Two admins demoting each other at once must not both succeed.
      { isolationLevel: "Serializable" },
    );
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034")) throw error;
    result = {
      ok: false,
      status: 409,
      field: "role",
      message: "users.conflict",
    };
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
  return { ok: true, changed: result.changed };
}

/** Everyone who can be assigned work: the staff roles. */
export function listStaff() {
  return getDb().user.findMany({
    where: { role: { in: ["ADMIN", "MANAGER", "SUPPORT"] } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true, role: true },
  });
}

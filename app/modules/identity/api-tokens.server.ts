// Personal API tokens for integrations and scripts: shown once, stored as a SHA-256 digest, named, expiring,
// revocable; a request with `Authorization: Bearer <token>` acts as the token's owner with the owner's role.
import { digestToken, randomToken } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "./permissions.ts";
import { touchDue } from "./session.server.ts";

const PREFIX = "kz_";
const DAY = 86_400_000;

export interface CreatedToken {
  id: string;
  /** The token itself: shown to its owner once, never stored. */
  token: string;
  expiresAt: Date;
}

/** A new token for `userId`, audited as theirs (from the admin page, or `npm run api-token` with no address). */
export async function createApiToken({
  userId,
  name,
  days = 90,
  origin,
}: {
  userId: string;
  name: string;
  days?: number;
  origin: RequestOrigin;
}): Promise<CreatedToken> {
  const token = `${PREFIX}${randomToken(32)}`;
  const row = await getDb().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name, tokenHash: digestToken(token), prefix: token.slice(0, 10), expiresAt: new Date(Date.now() + days * DAY) },
    });
    const audit = { userId, action: "POST", resource: "api_tokens", resourceId: created.id, changes: { name, days } };
    await recordAudit({ ...audit, ...origin, status: "success" }, tx);
    return created;
  });
  return { id: row.id, token, expiresAt: row.expiresAt };
}

export function listApiTokens(userId: string) {
  return getDb().apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, expiresAt: true, lastUsedAt: true, revokedAt: true, createdAt: true },
  });
}

/** Revokes one of the user's own tokens (false: not theirs, or revoked already); audited when it was. */
export async function revokeApiToken({ userId, id, origin }: { userId: string; id: string; origin: RequestOrigin }): Promise<boolean> {
  const { count } = await getDb().apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count > 0) await recordAudit({ userId, action: "DELETE", resource: "api_tokens", resourceId: id, ...origin, status: "success" });
  return count > 0;
}

export interface TokenUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  tokenId: string;
}

/** The owner of a valid bearer token (and records the use), or null for a missing, unknown, expired or revoked one. */
export async function authenticateBearer(request: Request): Promise<TokenUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]?.startsWith(PREFIX)) return null;
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { tokenHash: digestToken(match[1]) }, include: { user: true } });
  if (!row || row.revokedAt || row.expiresAt < new Date()) return null;
  // The last use to within minutes: a busy integration's requests stay reads instead of each writing this row.
  if (touchDue(row.lastUsedAt)) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role, tokenId: row.id };
}

import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { authenticateBearer, createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.server.ts";

const { url, db } = await createTestDatabase();
beforeAll(() => {
  process.env.DATABASE_URL = url;
});

const origin = { ip: "203.0.113.9", userAgent: "vitest" };
const bearer = (token: string) => new Request("http://admin.localhost/api/leads", { headers: { authorization: `Bearer ${token}` } });

describe("API tokens", () => {
  it("are stored only as a digest, act as their owner with the owner's role, and record their use", async () => {
    const owner = await db.user.create({ data: { email: "ops@example.com", role: "MANAGER" } });
    const { id, token } = await createApiToken({ userId: owner.id, name: "CI import", origin });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.lastUsedAt).toBeNull();

    const user = await authenticateBearer(bearer(token));
    expect(user).toMatchObject({ id: owner.id, role: "MANAGER", tokenId: id });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("record the last use to within a few minutes, so a busy integration's requests do not each write the token", async () => {
    const owner = await db.user.create({ data: { email: "busy@example.com", role: "MANAGER" } });
    const { id, token } = await createApiToken({ userId: owner.id, name: "busy", origin });
    const recent = new Date(Date.now() - 60_000);
    await db.apiToken.update({ where: { id }, data: { lastUsedAt: recent } });
    expect(await authenticateBearer(bearer(token))).toMatchObject({ id: owner.id });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(recent);

    const old = new Date(Date.now() - 10 * 60_000);
    await db.apiToken.update({ where: { id }, data: { lastUsedAt: old } });
    expect(await authenticateBearer(bearer(token))).toMatchObject({ id: owner.id });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("refuses unknown, malformed, expired and revoked tokens", async () => {
    const owner = await db.user.create({ data: { email: "ops2@example.com", role: "ADMIN" } });
    const { id, token } = await createApiToken({ userId: owner.id, name: "old", origin });
    expect(await authenticateBearer(bearer(`${token}x`))).toBeNull();
    expect(await authenticateBearer(new Request("http://x/", { headers: { authorization: token } }))).toBeNull();

    await db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authenticateBearer(bearer(token))).toBeNull();

    const fresh = await createApiToken({ userId: owner.id, name: "fresh", origin });
    expect(await revokeApiToken({ userId: owner.id, id: fresh.id, origin })).toBe(true);
    expect(await authenticateBearer(bearer(fresh.token))).toBeNull();
    expect((await listApiTokens(owner.id)).map((t) => [t.name, Boolean(t.revokedAt)])).toEqual([
      ["fresh", true],
      ["old", false],
    ]);
  });

  it("cannot be revoked by someone else", async () => {
    const [a, b] = await Promise.all([
      db.user.create({ data: { email: "a@example.com", role: "ADMIN" } }),
      db.user.create({ data: { email: "b@example.com", role: "ADMIN" } }),
    ]);
    const { id, token } = await createApiToken({ userId: a.id, name: "mine", origin });
    expect(await revokeApiToken({ userId: b.id, id, origin })).toBe(false);
    // The creation is audited as the owner's; a refused revocation is not audited.
    const audits = await db.auditLog.findMany({ where: { resource: "api_tokens", resourceId: id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((row) => [row.userId, row.action, row.ipAddress])).toEqual([[a.id, "POST", "203.0.113.9"]]);
    expect(await authenticateBearer(bearer(token))).not.toBeNull();
  });
});

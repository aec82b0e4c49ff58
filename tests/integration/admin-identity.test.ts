// The admin's identity screens against the real server: roles (ADMIN only, audited, never the last admin),
// personal API tokens (shown once, used as Bearer on /api, revocable) and the audit log with its filters.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { Visitor } from "../support/visitor.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
let outbox: string;
const { url, db } = await createTestDatabase();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

async function staff(email: string, role: Role): Promise<{ visitor: Visitor; id: string }> {
  const user = await db.user.upsert({ where: { email }, create: { email, name: email.split("@")[0], role }, update: { role } });
  const visitor = new Visitor(server);
  await signInWithEmail(visitor, "admin", email, outbox);
  return { visitor, id: user.id };
}

describe("users and roles", () => {
  it("an admin changes a role; it takes effect at once and is audited", async () => {
    const { visitor: admin, id: adminId } = await staff("boss@example.com", "ADMIN");
    const { visitor: member, id: memberId } = await staff("member@example.com", "USER");
    expect((await member.get("admin", "/admin")).status).toBe(403);

    const list = await admin.get("admin", "/admin/users?q=member");
    expect(list.status).toBe(200);
    expect(list.body).toContain('data-user="member@example.com"');
    expect(list.body).not.toContain('data-user="boss@example.com"');

    const changed = await admin.post("admin", "/admin/users", { userId: memberId, role: "MANAGER" });
    expect(changed.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: memberId } })).role).toBe("MANAGER");
    expect((await member.get("admin", "/admin")).status).toBe(200);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "role_change", resourceId: memberId } });
    expect(audit).toMatchObject({ userId: adminId, status: "success", changes: { role: { from: "USER", to: "MANAGER" } } });
  });

  it("support sees the list but cannot change a role", async () => {
    const { visitor, id } = await staff("helper@example.com", "SUPPORT");
    const target = await db.user.create({ data: { email: "target@example.com", role: "USER" } });
    const list = await visitor.get("admin", "/admin/users");
    expect(list.status).toBe(200);
    expect(list.body).not.toContain('name="userId"');
    const refused = await visitor.post("admin", "/admin/users", { userId: target.id, role: "ADMIN" });
    expect(refused.status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("USER");
    expect(await db.auditLog.count({ where: { userId: id, action: "permission_denied", resource: "users" } })).toBe(1);
  });

  it("a manager cannot see users at all", async () => {
    const { visitor } = await staff("pm@example.com", "MANAGER");
    expect((await visitor.get("admin", "/admin/users")).status).toBe(403);
  });

  it("the last admin cannot be demoted", async () => {
    const { visitor } = await staff("boss@example.com", "ADMIN");
    const others = await db.user.findMany({ where: { role: "ADMIN", NOT: { email: "boss@example.com" } } });
    expect(others).toHaveLength(0);
    const second = await staff("second-admin@example.com", "ADMIN");
    const boss = await db.user.findUniqueOrThrow({ where: { email: "boss@example.com" } });

    // With two admins, one may demote the other; then the remaining one is the last.
    expect((await second.visitor.post("admin", "/admin/users", { userId: boss.id, role: "USER" })).status).toBe(200);
    const refused = await visitor.post("admin", "/admin/users", { userId: second.id, role: "USER" });
    expect(refused.status).toBe(403); // boss is no longer an admin
    await db.user.update({ where: { id: boss.id }, data: { role: "USER" } });
    const self = await second.visitor.get("admin", "/admin/users?role=ADMIN");
    expect(self.body).toContain('data-user="second-admin@example.com"');
    // The page offers no role control for oneself; posting it anyway is refused as the last admin.
    const last = await second.visitor.post("admin", "/admin/users", { userId: second.id, role: "USER" });
    expect(last.status).toBe(409);
    expect(last.body).toContain("users.lastAdmin");
    expect((await db.user.findUniqueOrThrow({ where: { id: second.id } })).role).toBe("ADMIN");
    await db.user.update({ where: { id: boss.id }, data: { role: "ADMIN" } });
  });

  it("bad input names the field", async () => {
    const { visitor } = await staff("boss@example.com", "ADMIN");
    const target = await db.user.create({ data: { email: "bad-input@example.com" } });
    const badRole = await visitor.post("admin", "/admin/users", { userId: target.id, role: "OWNER" });
    expect(badRole.status).toBe(400);
    expect(badRole.body).toContain("users.unknownRole");
    const badId = await visitor.post("admin", "/admin/users", { userId: "nope", role: "USER" });
    expect(badId.status).toBe(400);
    expect(badId.body).toContain("users.unknownUser");
    const missing = await visitor.post("admin", "/admin/users", { userId: "0196b5a4-0000-7000-8000-000000000000", role: "USER" });
    expect(missing.status).toBe(404);
  });
});

describe("API tokens", () => {
  it("is shown once, acts as its owner on /api, records its use, and can be revoked", async () => {
    const { visitor, id } = await staff("integrator@example.com", "MANAGER");
    const created = await visitor.post("admin", "/admin/tokens", { intent: "create", name: "nightly export", days: "30" });
    expect(created.status).toBe(200);
    const token = /data-new-token[^>]*>(kz_[A-Za-z0-9_-]+)</.exec(created.body)?.[1];
    expect(token).toBeTruthy();

    const row = await db.apiToken.findFirstOrThrow({ where: { userId: id } });
    expect(row.tokenHash).not.toContain(token!);
    expect(JSON.stringify(row)).not.toContain(token!);
    const list = await visitor.get("admin", "/admin/tokens");
    expect(list.body).toContain('data-token="nightly export"');
    expect(list.body).not.toContain(token!); // never shown again

    const me = await server.request({ host: "admin", path: "/api/me", headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const body = JSON.parse(me.body) as { user: { email: string; role: string }; via: string; permissions: Record<string, string[]> };
    expect(body).toMatchObject({ user: { email: "integrator@example.com", role: "MANAGER" }, via: "token" });
    expect(body.permissions.projects).toEqual(["create", "read", "update"]);
    expect(body.permissions.users).toBeUndefined();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();

    expect((await visitor.post("admin", "/admin/tokens", { intent: "revoke", id: row.id })).status).toBe(200);
    const after = await server.request({ host: "admin", path: "/api/me", headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(await db.auditLog.count({ where: { userId: id, resource: "api_tokens" } })).toBe(2);
  });

  it("a token cannot be revoked by someone else, and bad input names the field", async () => {
    const owner = await staff("owner@example.com", "SUPPORT");
    await owner.visitor.post("admin", "/admin/tokens", { intent: "create", name: "mine", days: "7" });
    const token = await db.apiToken.findFirstOrThrow({ where: { userId: owner.id } });
    const other = await staff("other-staff@example.com", "SUPPORT");
    expect((await other.visitor.post("admin", "/admin/tokens", { intent: "revoke", id: token.id })).status).toBe(404);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();

    const noName = await owner.visitor.post("admin", "/admin/tokens", { intent: "create", name: "  ", days: "7" });
    expect(noName.status).toBe(400);
    const badDays = await owner.visitor.post("admin", "/admin/tokens", { intent: "create", name: "x", days: "9999" });
    expect(badDays.status).toBe(400);
    expect(badDays.body).toContain("tokens.badLifetime");
    expect(await db.apiToken.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("a signed-out visitor and a USER get no tokens", async () => {
    expect((await new Visitor(server).post("admin", "/admin/tokens", { intent: "create", name: "x", days: "7" })).status).toBe(302);
    const { visitor } = await staff("plain-user@example.com", "USER");
    expect((await visitor.post("admin", "/admin/tokens", { intent: "create", name: "x", days: "7" })).status).toBe(403);
  });

  it("/api/me without credentials, or with a bad token, is a 401 JSON error", async () => {
    for (const authorization of [undefined, "Bearer kz_nope", "Basic abc"]) {
      const res = await server.request({ host: "yuya", path: "/api/me", headers: authorization ? { authorization } : {} });
      expect(res.status, authorization).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: "unauthenticated" } });
    }
  });
});

describe("audit log page", () => {
  it("lists entries newest first and filters them", async () => {
    const { visitor } = await staff("auditor@example.com", "ADMIN");
    const all = await visitor.get("admin", "/admin/audit");
    expect(all.status).toBe(200);
    expect(all.body).toContain('data-audit="sign_in"');

    const roles = await visitor.get("admin", "/admin/audit?action=role_change&status=success");
    expect(roles.status).toBe(200);
    expect(roles.body).toContain('data-audit="role_change"');
    expect(roles.body).not.toContain('data-audit="sign_in"');

    const byUser = await visitor.get("admin", "/admin/audit?user=nobody-like-this");
    expect(byUser.body).not.toContain("data-audit=");

    const future = await visitor.get("admin", "/admin/audit?from=2999-01-01");
    expect(future.body).not.toContain("data-audit=");
  });

  it("answers bad filters with 400 naming the field", async () => {
    const { visitor } = await staff("auditor@example.com", "ADMIN");
    const badDate = await visitor.get("admin", "/admin/audit?from=yesterday");
    expect(badDate.status).toBe(400);
    expect(badDate.body).toContain('id="audit-from-error"');
    const reversed = await visitor.get("admin", "/admin/audit?from=2026-02-01&to=2026-01-01");
    expect(reversed.status).toBe(400);
    expect(reversed.body).toContain('id="audit-to-error"');
    expect((await visitor.get("admin", "/admin/audit?status=maybe")).status).toBe(400);
    expect((await visitor.get("admin", "/admin/audit?page=-3")).status).toBe(400);
  });

  it("reads blank filters as absent and refuses a bad value with 400 naming the field", async () => {
    const { visitor } = await staff("auditor@example.com", "ADMIN");
    const blank = await visitor.get("admin", "/admin/audit?resource=&action=&user=&status=&from=&to=&page=");
    expect(blank.status).toBe(200);
    expect(blank.body).toContain('data-audit="sign_in"');
    const bad = await visitor.get("admin", "/admin/audit?status=maybe&action=sign_in");
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('id="audit-status-error"');
    expect(bad.body).toContain('id="audit-action"');
  });

  it("is closed to roles without audit access", async () => {
    const { visitor } = await staff("pm2@example.com", "MANAGER");
    expect((await visitor.get("admin", "/admin/audit")).status).toBe(403);
  });
});

describe("per-user API limit", () => {
  let limited: RunningServer;
  beforeAll(async () => {
    limited = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, TRUST_PROXY: "1", RATE_LIMIT_API_PER_MINUTE: "3" });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("one account is limited across addresses", async () => {
    const user = await db.user.create({ data: { email: "busy-bot@example.com", role: "MANAGER" } });
    const token = `kz_${"b".repeat(43)}`;
    await giveApiToken(db, user.id, token, "bot");
    const statuses: number[] = [];
    // Three addresses, within each one's own limit of 3; the account's limit is 6.
    for (const ip of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) {
      for (let i = 0; i < 3; i++) {
        const res = await limited.request({
          host: "yuya",
          path: "/api/me",
          headers: { authorization: `Bearer ${token}`, "x-forwarded-for": ip },
        });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.headers["retry-after"]).toBeTruthy();
          expect(JSON.parse(res.body)).toMatchObject({ error: { code: "rate_limited" } });
        }
      }
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429, 429]);
  });
});

describe("analytics page query", () => {
  it("reads blank filters as absent and refuses a bad value with 400 naming the field", async () => {
    const { visitor } = await staff("auditor@example.com", "ADMIN");
    const blank = await visitor.get("admin", "/admin/analytics?period=&character=&type=&from=&to=");
    expect(blank.status).toBe(200);
    expect(blank.body).not.toContain('aria-invalid="true"');
    const bad = await visitor.get("admin", "/admin/analytics?type=nonsense&period=daily");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/<select[^>]*name="type"[^>]*aria-invalid="true"|<select[^>]*aria-invalid="true"[^>]*name="type"/);
    expect(bad.body).not.toMatch(/<select[^>]*name="period"[^>]*aria-invalid="true"/);
  });
});

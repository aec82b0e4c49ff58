// Attack: claim or replay another client's Idempotency-Key. Keys were stored per route and site only, so caller
// B sending caller A's key (seen in a log, or guessed) got A's stored response back — for a staff token's
// submission that includes the lead's id — and could claim a key first so that A's real submission was refused
// or answered with B's response. A key now belongs to its caller: the user (session or API token), else the
// client address; for embeds, the address under the (public) embed key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import type { RunningServer, TestResponse } from "../support/server.ts";
import { apiCall, staffOfEveryRole, startTestServer, type Staff } from "../support/staff.ts";

let server: RunningServer;
let staff: Map<Role, Staff>;
const database = await createTestDatabase();
const { url, db } = database;

beforeAll(async () => {
  // Behind a proxy that says who the client is, as in production.
  const started = await startTestServer(url, { TRUST_PROXY: "1", EMBED_MIN_FILL_MS: "0" });
  server = started.server;
  staff = await staffOfEveryRole(server, started.outbox, database, "idem");
});
afterAll(async () => {
  await server?.stop();
});

const json = (res: TestResponse) => JSON.parse(res.body) as { data: Record<string, string>; error?: { code: string } };
const lead = (email: string, message = "よろしくお願いします") => ({
  email,
  name: "冪等 太郎",
  source: "yuya_site",
  sourceDomain: "yuya-kabuki.com",
  leadType: "other",
  message,
  gdprConsent: true,
});
const from = (address: string, key: string) => ({ "x-forwarded-for": address, "idempotency-key": key });

describe("Idempotency-Key", () => {
  it("replays a response only to the caller who sent it (anonymous callers by address)", async () => {
    const body = lead("idem-anon@example.jp");
    const a = await apiCall(server, "POST", "yuya", "/api/leads", { body, headers: from("203.0.113.10", "shared-key-1") });
    expect(a.status).toBe(201);
    const retry = await apiCall(server, "POST", "yuya", "/api/leads", { body, headers: from("203.0.113.10", "shared-key-1") });
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(json(retry)).toEqual(json(a));

    // Another client with the same key and body: its own submission, not A's response.
    const b = await apiCall(server, "POST", "yuya", "/api/leads", { body, headers: from("198.51.100.20", "shared-key-1") });
    expect(b.status).toBe(201);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
    expect(json(b).data.reference).not.toBe(json(a).data.reference);
    // With another body: not refused as a reuse of someone else's key (which would tell B that A used it).
    const other = await apiCall(server, "POST", "yuya", "/api/leads", {
      body: lead("idem-other@example.jp"),
      headers: from("198.51.100.21", "shared-key-1"),
    });
    expect(other.status).toBe(201);
  });

  it("does not hand a staff token's response (with the lead id) to another user with the same key", async () => {
    const body = lead("idem-staff@example.jp");
    // Staff get the lead's id on the admin host only (decision 015); another caller then reuses the key on a brand.
    const admin = await apiCall(server, "POST", "admin", "/api/leads", {
      body,
      token: staff.get("ADMIN")!.token,
      headers: from("203.0.113.30", "shared-key-2"),
    });
    expect(admin.status).toBe(201);
    expect(json(admin).data.leadId).toBeDefined();
    const user = await apiCall(server, "POST", "yuya", "/api/leads", {
      body,
      token: staff.get("USER")!.token,
      headers: from("203.0.113.30", "shared-key-2"),
    });
    expect(user.status).toBe(201);
    expect(user.headers["idempotent-replayed"]).toBeUndefined();
    expect(json(user).data.leadId).toBeUndefined();
    expect(user.body).not.toContain(json(admin).data.leadId);
  });

  it("keeps embed visitors apart under the same public key", async () => {
    const PARTNER = "https://partner.example.com";
    const key = await db.embedKey.create({
      data: { publicKey: `pk_${"B".repeat(24)}`, name: "partner", tenant: "aoba", source: "referral", allowedOrigins: [PARTNER] },
    });
    const send = (address: string, email: string) =>
      apiCall(server, "POST", "aoba", "/api/embed/v1/leads", {
        body: { email, message: "見ました", gdprConsent: true, elapsedMs: 9000, website: "" },
        headers: { ...from(address, "embed-key-1"), origin: PARTNER, "x-kizuna-key": key.publicKey },
      });
    const a = await send("203.0.113.40", "embed-a@example.jp");
    const b = await send("198.51.100.41", "embed-b@example.jp");
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
    expect(json(b).data.reference).not.toBe(json(a).data.reference);
    expect(await db.inquiry.count({ where: { id: { in: [json(a).data.reference!, json(b).data.reference!] } } })).toBe(2);
  });

  it("stores no client address with the key", async () => {
    const rows = await db.idempotencyKey.findMany();
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.scope).not.toMatch(/203\.0\.113|198\.51\.100/);
  });
});

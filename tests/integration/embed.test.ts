// Embed keys and the embeddable form's API against the real server: the admin creates, edits and disables
// keys (audited, bad input named); POST /api/embed/v1/leads accepts only the key's origins, attributes the
// lead to the key's site and source, drops bots with a fake success, and writes a retried submission once.
// The script itself is served immutable with an SRI hash that matches its bytes.
import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
let visitors = new Map<string, Visitor>();
const PARTNER = "https://partner.example.com";

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    EMBED_MIN_FILL_MS: "2000",
  });
  visitors = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com"]);
  visitors.get("admin")!.setCookie("admin", "lng", "en");
});
afterAll(async () => {
  await server?.stop();
});

const admin = () => visitors.get("admin")!;
const json = (res: TestResponse) => JSON.parse(res.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function createKey(form: Record<string, string>) {
  return admin().post("admin", "/admin/embed-keys", { intent: "create", ...form });
}

function submit(key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return server.request({
    host: "aoba",
    path: "/api/embed/v1/leads",
    method: "POST",
    headers: { origin: PARTNER, "content-type": "application/json", "x-kizuna-key": key, ...headers },
    body: JSON.stringify(body),
  });
}
const person = {
  email: "fan@partner.example.com",
  name: "星野 みどり",
  message: "ライブの物販で見ました",
  gdprConsent: true,
  elapsedMs: 8000,
  website: "",
  sourcePage: `${PARTNER}/events/2026`,
};

describe("embed keys in the admin", () => {
  it("creates a key (audited), names bad input, and refuses a source of the other site", async () => {
    const res = await createKey({
      name: "Live house partner",
      tenant: "aoba",
      source: "referral",
      allowedOrigins: `${PARTNER}\nhttps://Shop.Example.com/`,
    });
    expect(res.status).toBe(200);
    const key = await db.embedKey.findFirstOrThrow({ where: { name: "Live house partner" } });
    expect(key.publicKey).toMatch(/^pk_[A-Za-z0-9]{24}$/);
    expect(key.allowedOrigins).toEqual([PARTNER, "https://shop.example.com"]);
    expect(await db.auditLog.count({ where: { resource: "embed_keys", resourceId: key.id } })).toBe(1);
    const page = await admin().get("admin", "/admin/embed-keys");
    const snippet = page.body.replaceAll("&quot;", '"');
    expect(snippet).toContain(`data-key="${key.publicKey}"`);
    expect(snippet).toMatch(/integrity="sha384-[A-Za-z0-9+/=]+"/);

    const bad = await createKey({ name: "", tenant: "mars", source: "referral", allowedOrigins: "partner.example.com/path" });
    expect(bad.status).toBe(400);
    for (const text of ["This field is required", "Must be yuya or aoba", "Each line must be an origin"]) expect(bad.body).toContain(text);
    const other = await createKey({ name: "x", tenant: "aoba", source: "yuya_site", allowedOrigins: PARTNER });
    expect(other.status).toBe(400);
    expect(other.body).toContain("This lead source belongs to the other site");
    expect(await db.embedKey.count()).toBe(1);
  });

  it("is for admins only", async () => {
    expect((await visitors.get("manager")!.get("admin", "/admin/embed-keys")).status).toBe(403);
    expect(
      (
        await visitors
          .get("manager")!
          .post("admin", "/admin/embed-keys", { intent: "create", name: "x", tenant: "aoba", source: "referral", allowedOrigins: PARTNER })
      ).status,
    ).toBe(403);
  });
});

describe("POST /api/embed/v1/leads", () => {
  it("answers a preflight from any origin, so the form can read a refusal", async () => {
    const res = await server.request({
      host: "aoba",
      path: "/api/embed/v1/leads",
      method: "OPTIONS",
      headers: {
        origin: "https://elsewhere.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-kizuna-key,idempotency-key",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("https://elsewhere.example");
    expect(String(res.headers["access-control-allow-headers"])).toMatch(/X-Kizuna-Key/);
    expect(res.headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("records the lead under the key's site and source, once for a retried submission", async () => {
    const key = await db.embedKey.findFirstOrThrow();
    const headers = { "idempotency-key": "0b7e2e44-embed-retry-0001" };
    const first = await submit(key.publicKey, person, headers);
    expect(first.status).toBe(201);
    expect(first.headers["access-control-allow-origin"]).toBe(PARTNER);
    const again = await submit(key.publicKey, person, headers);
    expect(again.status).toBe(201);
    expect(json(again)).toEqual(json(first));
    const leads = await db.lead.findMany({ where: { sourcePage: person.sourcePage } });
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ source: "referral", sourceDomain: "aoba-nekosora.com", name: "星野 みどり", email: person.email });
    expect(await db.inquiry.count({ where: { leadId: leads[0]!.id } })).toBe(1);
    const used = (await db.embedKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(used).not.toBeNull();
    // The last use is kept to within minutes: another submission right after does not write the key again.
    expect((await submit(key.publicKey, person)).status).toBe(201); // a new question on the same lead
    expect((await db.embedKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(used);
  });

  it("refuses unknown and disabled keys and other origins, readable by the form", async () => {
    const key = await db.embedKey.findFirstOrThrow();
    const unknown = await submit("pk_000000000000000000000000", person);
    expect([unknown.status, json(unknown).error.code]).toEqual([401, "invalid_key"]);
    expect((await submit("not-a-key", person)).status).toBe(401);
    const elsewhere = await submit(key.publicKey, person, { origin: "https://evil.example" });
    expect([elsewhere.status, json(elsewhere).error.code]).toEqual([403, "origin_not_allowed"]);
    expect(elsewhere.headers["access-control-allow-origin"]).toBe("https://evil.example");
    const noOrigin = await server.request({
      host: "aoba",
      path: "/api/embed/v1/leads",
      method: "POST",
      headers: { "content-type": "application/json", "x-kizuna-key": key.publicKey },
      body: JSON.stringify(person),
    });
    expect(noOrigin.status).toBe(403);

    expect((await admin().post("admin", "/admin/embed-keys", { intent: "toggle", id: key.id, enabled: "false" })).status).toBe(200);
    const disabled = await submit(key.publicKey, { ...person, email: "other@partner.example.com" });
    expect([disabled.status, json(disabled).error.code]).toEqual([403, "key_disabled"]);
    await admin().post("admin", "/admin/embed-keys", { intent: "toggle", id: key.id, enabled: "true" });
    expect(await db.lead.count({ where: { sourcePage: { startsWith: PARTNER } } })).toBe(1);
  });

  it("drops bots with a fake success and writes nothing", async () => {
    const key = await db.embedKey.findFirstOrThrow();
    const before = await db.lead.count();
    for (const bot of [
      { ...person, email: "bot1@spam.example", website: "http://spam.example" },
      { ...person, email: "bot2@spam.example", elapsedMs: 300 },
      { ...person, email: "bot3@spam.example", elapsedMs: undefined },
    ]) {
      const res = await submit(key.publicKey, bot);
      expect(res.status).toBe(201);
      expect(json(res).data.status).toBe("received");
    }
    expect(await db.lead.count()).toBe(before);
    // Counted for the on-call engineer: the form may be under attack.
    const metrics = (await server.request({ host: "127.0.0.1", path: "/metrics" })).body;
    expect(metrics).toContain('kizuna_bot_drops_total{source="embed",reason="honeypot"} 1');
    expect(metrics).toContain('kizuna_bot_drops_total{source="embed",reason="too_fast"} 2');
  });

  it.each([
    ["email", 400, { ...person, email: "not-an-email" }],
    ["gdprConsent", 422, { ...person, gdprConsent: false }],
    ["sourcePage", 400, { ...person, sourcePage: "https://evil.example/page" }],
    ["phone", 400, { ...person, phone: "call me" }],
    ["body", 400, { ...person, source: "direct" }],
  ])("bad %s → %i naming it, nothing written", async (field, status, body) => {
    const key = await db.embedKey.findFirstOrThrow();
    const before = await db.lead.count();
    const res = await submit(key.publicKey, body);
    expect(res.status).toBe(status);
    expect(Object.keys(json(res).error.fields)).toContain(field);
    expect(await db.lead.count()).toBe(before);
  });
});

describe("the embed script", () => {
  it("is served immutable, loadable cross-origin, and matches the integrity hash the admin prints", async () => {
    const res = await server.request({ host: "yuya", path: "/sdk/v1/embed.js" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.headers["cache-control"]).toMatch(/immutable/);
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    const integrity = `sha384-${createHash("sha384").update(Buffer.from(res.body, "utf8")).digest("base64")}`;
    expect((await admin().get("admin", "/admin/embed-keys")).body.replaceAll("&quot;", '"')).toContain(`integrity="${integrity}"`);
  });
});

// The leads API against the real server: submissions (dedupe, idempotency, linking, consent), the admin list
// (filters, masking by role) and status changes (timeline, audit, assignee rules, concurrency), plus the
// brand contact form without JavaScript. Bad input of many shapes: a 4xx naming the problem, nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
const { url, db, sql } = await createTestDatabase();
const tokens = new Map<Role, { token: string; id: string }>();

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: url, RATE_LIMIT_API_PER_MINUTE: "100000" });
  for (const role of ["ADMIN", "MANAGER", "SUPPORT", "USER"] as const) {
    const user = await db.user.create({ data: { email: `${role.toLowerCase()}-api@example.com`, name: `${role} person`, role } });
    const token = `kz_${role.toLowerCase().padEnd(43, "x")}`;
    await giveApiToken(db, user.id, token);
    tokens.set(role, { token, id: user.id });
  }
});
afterAll(async () => {
  await server?.stop();
});

function api(
  method: string,
  host: string,
  path: string,
  { body, role, headers = {} }: { body?: unknown; role?: Role; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  return server.request({
    host,
    path,
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(role ? { authorization: `Bearer ${tokens.get(role)!.token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const json = (res: TestResponse) => JSON.parse(res.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const lead = (overrides: Record<string, unknown> = {}) => ({
  email: "Hana.Sato@Example.jp",
  name: "佐藤 花",
  company: "花屋株式会社",
  source: "yuya_site",
  sourceDomain: "yuya-kabuki.com",
  leadType: "b2b_consultation",
  message: "社内のFAQをAIで検索できるようにしたいです。\n詳細はお電話で。",
  gdprConsent: true,
  ...overrides,
});

const leadsWith = (email: string) =>
  db.lead.findMany({ where: { emailHash: emailHash(email) }, include: { inquiries: true, activities: true } });

describe("POST /api/leads", () => {
  it("creates the lead, its first inquiry and its timeline; the public learns only a reference", async () => {
    const res = await api("POST", "yuya", "/api/leads", { body: lead() });
    expect(res.status).toBe(201);
    const { data } = json(res);
    expect(Object.keys(data).sort()).toEqual(["reference", "status"]);

    const [stored] = await leadsWith("hana.sato@example.jp");
    expect(stored).toMatchObject({
      email: "hana.sato@example.jp",
      source: "yuya_site",
      sourceDomain: "yuya-kabuki.com",
      status: "new",
      priority: "high",
      gdprConsent: true,
    });
    expect(stored!.consentDate).toBeInstanceOf(Date);
    expect(stored!.inquiries).toHaveLength(1);
    expect(stored!.inquiries[0]).toMatchObject({
      id: data.reference,
      subject: "B2Bのご相談 — 傾奇ユウヤ",
      inquiryType: "business",
      status: "open",
      responseTimeSla: 24,
    });
    expect(stored!.activities.map((a) => a.activityType)).toEqual(["created"]);
    // Time-ordered ids (UUID version 7), like the ones Prisma makes, though the database made these.
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [stored!.id, stored!.inquiries[0]!.id, stored!.activities[0]!.id]) expect(id).toMatch(v7);
    expect(Math.abs(parseInt(stored!.id.replace(/-/g, "").slice(0, 12), 16) - stored!.createdAt.getTime())).toBeLessThan(60_000);
  });

  it("a second submission from the same address on the same site joins the open lead", async () => {
    await api("POST", "yuya", "/api/leads", { body: lead({ message: "追伸：予算は年内で考えています。", phone: "090-2222-3333" }) });
    const leads = await leadsWith("hana.sato@example.jp");
    expect(leads).toHaveLength(1);
    expect(leads[0]!.inquiries).toHaveLength(2);
    expect(leads[0]!.phone).toBe("090-2222-3333"); // filled in, as it was unknown
    expect(leads[0]!.activities.map((a) => a.activityType).sort()).toEqual(["created", "inquiry"]);

    // On the other site it is a lead of its own.
    await api("POST", "aoba", "/api/leads", {
      body: lead({ source: "aoba_site", sourceDomain: "aoba-nekosora.com", leadType: "music_licensing" }),
    });
    expect(await leadsWith("hana.sato@example.jp")).toHaveLength(2);
  });

  it("links the lead to the user with that address", async () => {
    const user = await db.user.create({ data: { email: "known@example.com" } });
    await api("POST", "aoba", "/api/leads", {
      body: lead({ email: "KNOWN@example.com", source: "social", sourceDomain: "aoba-nekosora.com" }),
    });
    const [stored] = await leadsWith("known@example.com");
    expect(stored!.userId).toBe(user.id);
    expect(stored!.inquiries[0]!.userId).toBe(user.id);
  });

  it("simultaneous submissions from one address make one lead", async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api("POST", "yuya", "/api/leads", { body: lead({ email: "burst@example.com", message: `message ${i}` }) }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const leads = await leadsWith("burst@example.com");
    expect(leads).toHaveLength(1);
    expect(leads[0]!.inquiries).toHaveLength(6);
  });

  it("an Idempotency-Key returns the first response to a retry and writes nothing new", async () => {
    const body = lead({ email: "retry@example.com" });
    const headers = { "idempotency-key": "retry-1" };
    const [first, second] = await Promise.all([
      api("POST", "yuya", "/api/leads", { body, headers }),
      api("POST", "yuya", "/api/leads", { body, headers }),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(json(first)).toEqual(json(second));
    expect([first.headers["idempotent-replayed"], second.headers["idempotent-replayed"]].filter(Boolean)).toEqual(["true"]);
    const third = await api("POST", "yuya", "/api/leads", { body, headers });
    expect(json(third)).toEqual(json(first));
    expect((await leadsWith("retry@example.com"))[0]!.inquiries).toHaveLength(1);

    const reused = await api("POST", "yuya", "/api/leads", { body: { ...body, message: "different" }, headers });
    expect(reused.status).toBe(422);
    expect(json(reused).error.code).toBe("idempotency_key_reused");
    const bad = await api("POST", "yuya", "/api/leads", { body, headers: { "idempotency-key": "x".repeat(300) } });
    expect(bad.status).toBe(400);
  });

  it("refuses a submission without consent with 422 naming gdprConsent", async () => {
    for (const gdprConsent of [false, undefined, "yes"]) {
      const res = await api("POST", "yuya", "/api/leads", { body: lead({ email: "noconsent@example.com", gdprConsent }) });
      expect(res.status).toBe(422);
      expect(Object.keys(json(res).error.fields)).toEqual(["gdprConsent"]);
    }
    expect(await leadsWith("noconsent@example.com")).toHaveLength(0);
  });

  it("answers in the caller's language", async () => {
    const ja = await api("POST", "yuya", "/api/leads", { body: lead({ email: "nope" }), headers: { "accept-language": "ja" } });
    expect(json(ja).error.fields.email).toEqual(["有効なメールアドレスを入力してください"]);
    const en = await api("POST", "yuya", "/api/leads", { body: lead({ email: "nope" }), headers: { "accept-language": "en" } });
    expect(json(en).error.fields.email).toEqual(["Enter a valid email address"]);
  });

  const malformed: [string, number, string, unknown][] = [
    ["empty object", 400, "email", {}],
    ["array", 400, "body", [lead()]],
    ["null", 400, "body", null],
    ["number", 400, "body", 42],
    ["email missing", 400, "email", { ...lead(), email: undefined }],
    ["email not a string", 400, "email", lead({ email: 12 })],
    ["email invalid", 400, "email", lead({ email: "a@b" })],
    ["email too long", 400, "email", lead({ email: `${"a".repeat(250)}@example.com` })],
    ["name too long", 400, "name", lead({ name: "x".repeat(101) })],
    ["name an object", 400, "name", lead({ name: { first: "a" } })],
    ["company too long", 400, "company", lead({ company: "x".repeat(201) })],
    ["phone letters", 400, "phone", lead({ phone: "call me maybe" })],
    ["unknown source", 400, "source", lead({ source: "carrier_pigeon" })],
    ["empty source", 400, "source", lead({ source: "" })],
    ["other domain", 400, "sourceDomain", lead({ sourceDomain: "evil.example.com" })],
    ["the other brand's domain", 400, "sourceDomain", lead({ sourceDomain: "aoba-nekosora.com" })],
    ["unknown lead type", 400, "leadType", lead({ leadType: "spam" })],
    ["message missing", 400, "message", { ...lead(), message: undefined }],
    ["message blank", 400, "message", lead({ message: "   " })],
    ["message too long", 400, "message", lead({ message: "x".repeat(5001) })],
    ["unknown field", 400, "body", lead({ isAdmin: true })],
    ["NUL in the name", 400, "name", lead({ name: "a\u0000b" })],
    ["NUL in the company", 400, "company", lead({ company: "x\u0000" })],
    ["NUL in the message", 400, "message", lead({ message: "hi\u0000there" })],
    ["NUL in an unknown field's name", 400, "x\\u0000", lead({ "x\u0000": 1 })],
  ];

  it.each(malformed)("%s → %i naming %s, nothing written", async (_, status, field, body) => {
    const before = await db.lead.count();
    const res = await api("POST", "yuya", "/api/leads", { body });
    expect(res.status).toBe(status);
    const { error } = json(res);
    expect(error.code).toBe("invalid_request");
    expect(Object.keys(error.fields)).toContain(field);
    expect(error.message).toBeTruthy();
    expect(await db.lead.count()).toBe(before);
  });

  it("refuses what is not JSON, broken JSON and oversized bodies", async () => {
    expect(
      (await api("POST", "yuya", "/api/leads", { body: "email=a@b.c", headers: { "content-type": "application/x-www-form-urlencoded" } }))
        .status,
    ).toBe(415);
    expect((await api("POST", "yuya", "/api/leads", { body: '{"email": ' })).status).toBe(400);
    const huge = await api("POST", "yuya", "/api/leads", { body: lead({ message: "x".repeat(100_000) }) });
    expect(huge.status).toBe(413);
    expect(json(huge).error.code).toBe("body_too_large");
  });

  it("on the admin host only staff may create leads; on localhost there is no API", async () => {
    expect((await api("POST", "admin", "/api/leads", { body: lead() })).status).toBe(401);
    expect((await api("POST", "admin", "/api/leads", { body: lead(), role: "USER" })).status).toBe(403);
    const staff = await api("POST", "admin", "/api/leads", {
      body: lead({ email: "phoned-in@example.com", source: "direct" }),
      role: "ADMIN",
    });
    expect(staff.status).toBe(201);
    expect(json(staff).data).toMatchObject({ duplicate: false });
    expect(await db.auditLog.count({ where: { action: "POST", resource: "leads", resourceId: json(staff).data.leadId } })).toBe(1);
    expect((await api("POST", "localhost", "/api/leads", { body: lead() })).status).toBe(404);
  });
});

describe("GET /api/leads", () => {
  it("is for staff who may read leads", async () => {
    expect((await api("GET", "admin", "/api/leads")).status).toBe(401);
    expect((await api("GET", "admin", "/api/leads", { role: "USER" })).status).toBe(403);
    expect((await api("GET", "admin", "/api/leads", { role: "SUPPORT" })).status).toBe(403);
  });

  it("returns the spec's shape, newest first, with personal data masked for non-admins", async () => {
    const manager = json(await api("GET", "admin", "/api/leads?limit=5", { role: "MANAGER" }));
    expect(Object.keys(manager).sort()).toEqual(["filters", "leads", "pagination"]);
    expect(manager.pagination).toMatchObject({ page: 1, limit: 5 });
    expect(manager.pagination.totalPages).toBe(Math.ceil(manager.pagination.total / 5));
    const times = manager.leads.map((l: { createdAt: string }) => l.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const l of manager.leads) expect(l.email).toMatch(/^.{2}\*\*\*@/);

    const query = `/api/leads?q=${encodeURIComponent("花屋")}&source=yuya_site`;
    const admin = json(await api("GET", "admin", query, { role: "ADMIN" }));
    expect(admin.leads.map((l: { email: string }) => l.email)).toContain("hana.sato@example.jp");
    const masked = json(await api("GET", "admin", query, { role: "MANAGER" }));
    expect(masked.leads.find((l: { phone: string | null }) => l.phone)).toMatchObject({ email: "ha***@example.jp", phone: "090-***-3333" });
  });

  it("filters by status, character, priority, source, assignee, search and dates", async () => {
    const get = async (query: string) =>
      json(await api("GET", "admin", `/api/leads?${query}&limit=100`, { role: "ADMIN" })).leads as Record<string, unknown>[];
    expect((await get("character=aoba")).every((l) => l.sourceDomain === "aoba-nekosora.com")).toBe(true);
    expect((await get("priority=high")).every((l) => l.priority === "high")).toBe(true);
    expect((await get("source=social")).map((l) => l.email)).toEqual(["known@example.com"]);
    expect(await get("assignee=none")).toHaveLength((await get("status=new")).length);
    expect(await get("assignee=me")).toHaveLength(0);
    expect(await get("from=2999-01-01")).toHaveLength(0);
    expect((await get("q=hana")).length).toBe(0); // search is by name and company, not email
    const filtered = json(await api("GET", "admin", "/api/leads?status=new&character=yuya", { role: "ADMIN" }));
    expect(filtered.filters).toMatchObject({ status: "new", character: "yuya" });
    // The total (counted in SQL) agrees with the list's own filters.
    for (const [query, where] of [
      ["status=new&character=yuya", { status: "new", sourceDomain: "yuya-kabuki.com" }],
      ["priority=high", { priority: "high" }],
      ["assignee=none", { assignedTo: null }],
      [`q=${encodeURIComponent("花屋")}`, { company: { contains: "花屋" } }],
    ] as const) {
      expect(json(await api("GET", "admin", `/api/leads?${query}`, { role: "ADMIN" })).pagination.total, query).toBe(
        await db.lead.count({ where }),
      );
    }
  });

  it("searches literally, sorts a search like the list, and knows a search's total exactly on any page", async () => {
    await sql(`
      INSERT INTO leads (id, email, email_hash, name, company, source, source_domain, status, priority, estimated_value, gdpr_consent, created_at, updated_at)
      SELECT gen_random_uuid(), 'sortcheck' || i || '@example.com', md5('sortcheck' || i), 'Sortcheck ' || chr(65 + (i * 7) % 26) || i,
             CASE WHEN i % 5 = 0 THEN '50% Off_Sortcheck' END, 'direct', 'aoba-nekosora.com', 'new',
             (ARRAY['low','medium','high','urgent'])[1 + i % 4]::priority, CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4) * 1000 END,
             true, now() - i * interval '1 hour', now()
      FROM generate_series(1, 30) i`);
    const list = async (query: string) => json(await api("GET", "admin", `/api/leads?${query}`, { role: "ADMIN" }));
    const all = await db.lead.findMany({
      where: { name: { startsWith: "Sortcheck" } },
      select: { id: true, name: true, company: true, priority: true, estimatedValue: true, createdAt: true },
    });
    expect(all).toHaveLength(30);

    // % and _ are what they are, not wildcards.
    expect((await list(`q=${encodeURIComponent("50%")}`)).pagination.total).toBe(all.filter((l) => l.company?.includes("50%")).length);
    expect((await list(`q=${encodeURIComponent("f_s")}`)).pagination.total).toBe(
      all.filter((l) => l.company?.toLowerCase().includes("f_s")).length,
    );
    expect((await list(`q=${encodeURIComponent("5_%")}`)).pagination.total).toBe(0);

    const rank = { low: 0, medium: 1, high: 2, urgent: 3 } as const;
    const keys: Record<string, (l: (typeof all)[number]) => number | string> = {
      newest: (l) => -l.createdAt.getTime(),
      oldest: (l) => l.createdAt.getTime(),
      value: (l) => (l.estimatedValue === null ? Infinity : -Number(l.estimatedValue)),
      priority: (l) => -rank[l.priority],
      name: (l) => l.name ?? "",
    };
    for (const [sort, key] of Object.entries(keys)) {
      const found = await list(`q=sortcheck&sort=${sort}&limit=100`);
      expect(found.pagination, sort).toMatchObject({ total: 30, totalPages: 1 });
      expect(found.pagination.totalIsEstimate).toBeUndefined();
      const ids: string[] = found.leads.map((l: { id: string }) => l.id);
      expect([...ids].sort(), sort).toEqual(all.map((l) => l.id).sort());
      const seen = ids.map((id) => key(all.find((l) => l.id === id)!));
      expect(seen, sort).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      // Page 2 of 7 per page is the same slice of the same order.
      const second = await list(`q=sortcheck&sort=${sort}&limit=7&page=2`);
      expect(
        second.leads.map((l: { id: string }) => l.id),
        sort,
      ).toEqual(ids.slice(7, 14));
      expect(second.pagination).toMatchObject({ total: 30, totalPages: 5 });
    }
    // Past the end: no rows, and still the exact total.
    const past = await list("q=sortcheck&page=9&limit=10");
    expect(past.leads).toEqual([]);
    expect(past.pagination).toMatchObject({ total: 30, totalPages: 3 });
  });

  it.each([
    ["limit=101", "limit"],
    ["limit=0", "limit"],
    ["page=0", "page"],
    ["page=abc", "page"],
    ["status=open", "status"],
    ["character=both", "character"],
    ["assignee=bob", "assignee"],
    ["from=yesterday", "from"],
    ["from=2026-02-01&to=2026-01-01", "to"],
    ["sort=random", "sort"],
    ["color=red", "body"],
    ["q=a%00b", "q"],
  ])("?%s → 400 naming %s", async (query, field) => {
    const res = await api("GET", "admin", `/api/leads?${query}`, { role: "ADMIN" });
    expect(res.status).toBe(400);
    expect(Object.keys(json(res).error.fields)).toContain(field);
  });
});

describe("PUT /api/leads/:id/status", () => {
  const someLead = async () => (await leadsWith("hana.sato@example.jp")).find((l) => l.sourceDomain === "yuya-kabuki.com")!;

  it("moves the lead, assigns it, and puts both and the note on the timeline and in the audit log", async () => {
    const target = await someLead();
    const manager = tokens.get("MANAGER")!;
    const res = await api("PUT", "admin", `/api/leads/${target.id}/status`, {
      role: "MANAGER",
      body: { status: "contacted", notes: "Called, wants a demo", assignedTo: manager.id },
    });
    expect(res.status).toBe(200);
    expect(json(res).lead).toMatchObject({ status: "contacted", assignedTo: manager.id, notes: null });
    expect(res.headers.etag).toMatch(/^W\/"\d+"$/);

    const activities = await db.leadActivity.findMany({ where: { leadId: target.id }, orderBy: { createdAt: "asc" } });
    expect(activities.find((a) => a.activityType === "status_change")).toMatchObject({
      userId: manager.id,
      description: "Called, wants a demo",
      metadata: { from: "new", to: "contacted" },
    });
    expect(activities.find((a) => a.activityType === "assignment")).toMatchObject({ metadata: { from: null, to: manager.id } });
    const audit = await db.auditLog.findFirstOrThrow({ where: { resource: "leads", resourceId: target.id, action: "PUT" } });
    expect(audit).toMatchObject({
      userId: manager.id,
      status: "success",
      changes: { status: { from: "new", to: "contacted" }, notes: "[REDACTED]" },
    });
  });

  it("refuses a stale If-Match with 412 and applies a fresh one", async () => {
    const target = await someLead();
    const stale = await api("PUT", "admin", `/api/leads/${target.id}/status`, {
      role: "ADMIN",
      body: { status: "qualified" },
      headers: { "if-match": 'W/"1"' },
    });
    expect(stale.status).toBe(412);
    const fresh = await api("PUT", "admin", `/api/leads/${target.id}/status`, {
      role: "ADMIN",
      body: { status: "qualified" },
      headers: { "if-match": `W/"${target.updatedAt.getTime()}"` },
    });
    expect(fresh.status).toBe(200);
  });

  it("applies concurrent updates one after the other, never a 500", async () => {
    const target = await someLead();
    const statuses = ["proposal", "negotiation", "qualified", "proposal"] as const;
    const responses = await Promise.all(
      statuses.map((status) => api("PUT", "admin", `/api/leads/${target.id}/status`, { role: "ADMIN", body: { status } })),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const changes = await db.leadActivity.count({ where: { leadId: target.id, activityType: "status_change" } });
    expect(changes).toBeGreaterThanOrEqual(3);
  });

  it("answers bad input with a 4xx naming it, and changes nothing", async () => {
    const target = await someLead();
    const put = (body: unknown, id = target.id, role: Role = "ADMIN") => api("PUT", "admin", `/api/leads/${id}/status`, { role, body });
    expect((await put({ status: "done" })).status).toBe(400);
    expect(Object.keys(json(await put({ status: "done" })).error.fields)).toEqual(["status"]);
    expect((await put({})).status).toBe(400);
    expect((await put({ status: "won", assignedTo: "bob" })).status).toBe(400);
    const notStaff = await put({ status: "won", assignedTo: tokens.get("USER")!.id });
    expect(notStaff.status).toBe(422);
    expect(Object.keys(json(notStaff).error.fields)).toEqual(["assignedTo"]);
    expect((await put({ status: "won" }, "0196b5a4-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await put({ status: "won" }, "not-a-uuid")).status).toBe(404);
    expect((await put({ status: "won" }, target.id, "SUPPORT")).status).toBe(403);
    expect((await api("POST", "admin", `/api/leads/${target.id}/status`, { role: "ADMIN", body: { status: "won" } })).status).toBe(405);
    expect((await db.lead.findUniqueOrThrow({ where: { id: target.id } })).status).not.toBe("won");
  });
});

describe("the brand contact form", () => {
  it("works without JavaScript and thanks the visitor in the brand's voice", async () => {
    const visitor = new Visitor(server);
    const res = await visitor.post(
      "aoba",
      "/contact",
      { name: "Mio", email: "mio@example.com", leadType: "music_licensing", message: "Can I use a stem in my stream?", gdprConsent: "on" },
      { "accept-language": "en" },
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain("data-thanks");
    expect(res.body).toContain("It reached us");
    const [stored] = await leadsWith("mio@example.com");
    expect(stored).toMatchObject({
      source: "aoba_site",
      sourceDomain: "aoba-nekosora.com",
      sourcePage: "/contact",
      leadType: "music_licensing",
    });
    expect(stored!.activities[0]!.metadata).toMatchObject({ via: "contact_form" });
  });

  it("shows field errors and stores nothing", async () => {
    const res = await new Visitor(server).post("yuya", "/contact", { name: "", email: "x", message: "" });
    expect(res.status).toBe(400);
    expect(await db.lead.count({ where: { sourcePage: "/contact", emailHash: emailHash("x") } })).toBe(0);
  });

  it("refuses a NUL character by field, in place, instead of failing at the database", async () => {
    const email = "nul-form@example.com";
    const res = await new Visitor(server).post(
      "yuya",
      "/contact",
      { name: "a\u0000b", email, message: "hello\u0000", gdprConsent: "on" },
      { "accept-language": "en" },
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain("Remove the NUL character");
    expect(await db.lead.count({ where: { emailHash: emailHash(email) } })).toBe(0);
    // In the address: refused at the edge, naming the parameter.
    const page = await server.request({ host: "yuya", path: "/contents?q=a%00b" });
    expect([page.status, page.body.includes("q contains a NUL character")]).toEqual([400, true]);
  });
});

describe("GET /api/leads at scale", () => {
  it("counts exactly up to 10,000 and estimates beyond (flagged), exact again on the last page; deep pages keep their order", async () => {
    await sql(`
      INSERT INTO leads (id, email, email_hash, name, source, source_domain, status, priority, gdpr_consent, created_at, updated_at)
      SELECT gen_random_uuid(), 'bulk' || i || '@example.com', md5('bulk' || i), 'Bulk ' || i, 'direct', 'yuya-kabuki.com', 'lost', 'low', true,
             now() - i * interval '1 minute', now()
      FROM generate_series(1, 10050) i`);
    // Before the statistics know them, the planner expects few "Bulk" names: the one-scan search finds more than
    // 10,000 and the answer is the ordinary page with an estimated total.
    const early = json(await api("GET", "admin", "/api/leads?q=Bulk&limit=10", { role: "ADMIN" }));
    expect(early.leads.map((l: { name: string }) => l.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Bulk ${i + 1}`));
    expect(early.pagination).toMatchObject({ totalIsEstimate: true });
    expect(early.pagination.total).toBeGreaterThan(10_000);
    await sql("ANALYZE leads");
    const big = json(await api("GET", "admin", "/api/leads?status=lost&limit=100", { role: "ADMIN" }));
    expect(big.pagination.totalIsEstimate).toBe(true);
    expect(big.pagination.total).toBeGreaterThan(9000);
    const small = json(await api("GET", "admin", "/api/leads?status=new", { role: "ADMIN" }));
    expect(small.pagination.totalIsEstimate).toBeUndefined();
    // The last page is not full: there the total is known exactly, whatever the estimate said.
    const exactLast = await db.lead.count({ where: { status: "lost" } });
    const last = json(await api("GET", "admin", `/api/leads?status=lost&limit=100&page=${Math.ceil(exactLast / 100)}`, { role: "ADMIN" }));
    expect(last.pagination).toMatchObject({ total: exactLast, totalPages: Math.ceil(exactLast / 100) });
    expect(last.pagination.totalIsEstimate).toBeUndefined();
    // "Bulk" is in every one of these names, "4242" in one: the name index is read for "4242" alone and the whole
    // search checked on what it finds — in order, case-insensitively, literally.
    const rare = json(await api("GET", "admin", `/api/leads?q=${encodeURIComponent("bulk 4242")}`, { role: "ADMIN" }));
    expect(rare.leads.map((l: { name: string }) => l.name)).toEqual(["Bulk 4242"]);
    expect(rare.pagination).toMatchObject({ total: 1, totalPages: 1 });
    for (const q of ["4242 Bulk", "Bulk4242", "Bulk_4242", "Bulk 4242%"]) {
      const none = json(await api("GET", "admin", `/api/leads?q=${encodeURIComponent(q)}`, { role: "ADMIN" }));
      expect({ q, leads: none.leads }).toEqual({ q, leads: [] });
    }
    // A search the planner expects to match more than 10,000 is not counted (the estimate answers).
    const search = json(await api("GET", "admin", "/api/leads?q=Bulk&limit=10", { role: "ADMIN" }));
    expect(search.leads).toHaveLength(10);
    expect(search.pagination.totalIsEstimate).toBe(true);

    // Page 30 of 100 (offset 2,900: ids first, then rows) matches the same slice read directly.
    const deep = json(await api("GET", "admin", "/api/leads?status=lost&source=direct&limit=100&page=30", { role: "ADMIN" }));
    const expected = await db.lead.findMany({
      where: { status: "lost", source: "direct" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: 2900,
      take: 100,
      select: { id: true },
    });
    expect(deep.leads.map((l: { id: string }) => l.id)).toEqual(expected.map((l) => l.id));
  });
});

// Finding: every edge rate limit (and CORS, the API's error shape) was decided on Express's req.path, case-sensitive
// and undecoded, while Remix routes case-insensitively after decoding: `/Auth/email`, `/%61pi/leads`, `/api//leads`
// reached the same routes with no limit. Each spelling must now count against the same limit as the plain path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { giveApiToken } from "../support/api-token.ts";

const SIGN_IN_LIMIT = 20;
const API_LIMIT = 60;
let server: RunningServer;
const TOKEN = `kz_${"p".repeat(43)}`;

beforeAll(async () => {
  const { url, db } = await createTestDatabase();
  const staff = await db.user.create({ data: { email: "paths@example.com", role: "MANAGER" } });
  await giveApiToken(db, staff.id, TOKEN, "paths");
  server = await startServer({
    DATABASE_URL: url,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: String(SIGN_IN_LIMIT),
    RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
  });
});
afterAll(async () => {
  await server?.stop();
});

const form = { "content-type": "application/x-www-form-urlencoded" };
const json = { "content-type": "application/json" };

function post(path: string, headers: Record<string, string>, body: string): Promise<TestResponse> {
  return server.request({ host: "yuya", path, method: "POST", headers, body });
}

/** Each request must be counted by the rule whose limit it carries, one point each, in order. */
function expectCounted(responses: TestResponse[], limit: number, label: string[]) {
  const remaining = responses.map((res, i) => {
    expect(res.headers["ratelimit-limit"], `${label[i]} carries the limit's headers`).toBe(String(limit));
    return Number(res.headers["ratelimit-remaining"]);
  });
  for (let i = 1; i < remaining.length; i++) expect(remaining[i], `${label[i]} is counted`).toBe(remaining[i - 1]! - 1);
}

describe("sign-in limit", () => {
  const variants = [
    "/auth/email",
    "/Auth/email",
    "/auth/Email",
    "/%61uth/email",
    "/AUTH/EMAIL",
    "/auth//email",
    "/auth/email/",
    "/auth/email.data",
    "/Login",
    "/login.data",
  ];

  it("counts every spelling of a sign-in path against the same limit", async () => {
    const responses: TestResponse[] = [];
    for (const path of variants) responses.push(await post(path, form, "email=nobody%40example.com"));
    expectCounted(responses, SIGN_IN_LIMIT, variants);
  });

  it("refuses POST /Auth/email with 429 once the limit is used up", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await post("/Auth/email", form, "email=nobody%40example.com")).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
  });
});

describe("API and form limit", () => {
  it("counts every spelling of /api/leads and /contact against the API limit", async () => {
    const requests: [string, Record<string, string>, string][] = [
      ["/api/leads", json, "{}"],
      ["/API/leads", json, "{}"],
      ["/%61pi/leads", json, "{}"],
      ["/api//leads", json, "{}"],
      ["/api/leads/", json, "{}"],
      ["/Api/Leads.data", json, "{}"],
      ["/contact", form, "intent=inquiry"],
      ["/Contact", form, "intent=inquiry"],
      ["/%63ontact", form, "intent=inquiry"],
      ["/contact/", form, "intent=inquiry"],
      ["/CONTACT.data", form, "intent=inquiry"],
    ];
    const responses: TestResponse[] = [];
    for (const [path, headers, body] of requests) responses.push(await post(path, headers, body));
    expectCounted(
      responses,
      API_LIMIT,
      requests.map(([path]) => path),
    );
  });
});

describe("other path-based edge rules", () => {
  it("answers CORS for /API like /api, and the embed's CORS for an encoded /api/embed", async () => {
    const origin = `http://aoba.localhost:${server.port}`;
    const api = await server.request({
      host: "yuya",
      path: "/API/leads",
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST" },
    });
    expect(api.status).toBe(204);
    expect(api.headers["access-control-allow-origin"]).toBe(origin);
    const embed = await server.request({
      host: "yuya",
      path: "/%61pi/Embed/v1/leads",
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
    });
    expect(embed.status).toBe(204);
    expect(embed.headers["access-control-allow-methods"]).toBe("POST");
  });

  it("reads an API token on /API and /%61pi as on /api", async () => {
    for (const path of ["/api/me", "/API/me", "/%61pi/Me"]) {
      const res = await server.request({ host: "yuya", path, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, path).toBe(200);
      expect(JSON.parse(res.body), path).toMatchObject({ via: "token", user: { role: "MANAGER" } });
    }
  });

  it("answers a NUL in an /API address in the API's JSON shape", async () => {
    const res = await server.request({ host: "yuya", path: "/API/health?x=%00" });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "invalid_request", fields: { x: [expect.any(String)] } } });
  });
});

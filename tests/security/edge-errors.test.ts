// Finding: `npm start` ran the server build with NODE_ENV unset, i.e. in development mode, where Remix puts an
// error's stack trace (server paths, file names) into the page or data it answers. The server build now runs
// Remix in production mode whatever NODE_ENV says (only `npm run dev` keeps development); no stack trace or
// path reaches a response. And anonymous /api/health answers from a cached check instead of running one
// (an SMTP login, an AI API call) per request (HEALTH_CACHE_MS, 15 s by default).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAiStandIn, type AiStandIn } from "../support/ai-standin.ts";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
let ai: AiStandIn;
const TOKEN = `kz_${"h".repeat(43)}`;

beforeAll(async () => {
  const { url, db } = await createTestDatabase();
  const admin = await db.user.create({ data: { email: "health-admin@example.com", role: "ADMIN" } });
  await giveApiToken(db, admin.id, TOKEN, "health");
  ai = await startAiStandIn();
  // NODE_ENV as `npm start` has it on a fresh machine: unset (an empty variable counts as unset).
  server = await startServer({
    DATABASE_URL: url,
    NODE_ENV: "",
    AI_API_BASE_URL: ai.baseUrl,
    AI_API_KEY: ai.key,
    RATE_LIMIT_API_PER_MINUTE: "10000",
  });
});
afterAll(async () => {
  await server?.stop();
  await ai?.close();
});

const LEAKS = [/\/work\//, /node_modules/, /\n\s*at /, /\bat [\w.<>]+ \(/, /\.tsx?:\d+/, /\.m?js:\d+:\d+/];

describe("errors in the server build started as npm start does", () => {
  it.each([
    {
      what: "a text body to the lead status API",
      host: "admin",
      path: "/api/leads//status",
      method: "PUT",
      type: "text/plain",
      body: "status=won",
    },
    {
      what: "JSON to a form action (formData() throws)",
      host: "yuya",
      path: "/set-language",
      method: "POST",
      type: "application/json",
      body: "{",
    },
    {
      what: "JSON to a form action, single fetch",
      host: "yuya",
      path: "/set-language.data",
      method: "POST",
      type: "application/json",
      body: "{",
    },
    {
      what: "a broken multipart body to the contact page",
      host: "aoba",
      path: "/contact",
      method: "POST",
      type: "multipart/form-data; boundary=x",
      body: "--x\r\nbroken",
    },
    { what: "a broken escape in a page address", host: "yuya", path: "/content/%E0%A4%A", method: "GET" },
  ])("$what: no stack trace or path in the answer", async ({ host, path, method, type, body }) => {
    const res = await server.request({
      host,
      path,
      method,
      headers: type ? { "content-type": type, "content-length": String(Buffer.byteLength(body ?? "")) } : {},
      body,
    });
    expect(res.status, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
    for (const leak of LEAKS) expect(res.body, `${leak} in ${res.status} ${res.body.slice(0, 500)}`).not.toMatch(leak);
  });
});

describe("GET /api/health", () => {
  it("runs at most one real check for many anonymous requests; an admin gets a live one", async () => {
    const before = ai.requests.length;
    for (let i = 0; i < 10; i++) {
      const res = await server.request({ host: "yuya", path: "/api/health" });
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect(body).toMatchObject({ status: "healthy", services: { database: "up", openai: "up" } });
      expect(body.details).toBeUndefined();
    }
    expect(ai.requests.length - before).toBeLessThanOrEqual(1);

    const adminBefore = ai.requests.length;
    for (let i = 0; i < 2; i++) {
      const res = await server.request({ host: "admin", path: "/api/health", headers: { authorization: `Bearer ${TOKEN}` } });
      expect(JSON.parse(res.body)).toMatchObject({ details: { openai: { status: "up" } } });
    }
    expect(ai.requests.length - adminBefore).toBe(2);
  });
});

// Operations against the real server: /api/health checks every service for real (an OpenAI-compatible
// stand-in, the outbox, storage; a database that stops answering makes it 503), details only for admins;
// /metrics (Prometheus) for loopback or a token, with durations by route pattern; slow requests logged by
// pattern, never with query strings.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startAiStandIn, type AiStandIn } from "../support/ai-standin.ts";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
let server: RunningServer;
let ai: AiStandIn;
let admin: Visitor;
const { url } = await createTestDatabase();

beforeAll(async () => {
  ai = await startAiStandIn();
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-ops-outbox-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    UPLOAD_DIR: await mkdtemp(path.join(tmpdir(), "kizuna-ops-uploads-")),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    AI_API_BASE_URL: ai.baseUrl,
    AI_API_KEY: ai.key,
    METRICS_TOKEN,
    SLOW_REQUEST_MS: "1",
    HEALTH_TIMEOUT_MS: "1500",
    HEALTH_CACHE_MS: "0", // every anonymous check live: these tests change the services between requests
    LOG_LEVEL: "warn",
    ADMIN_EMAILS: "admin@example.com",
  });
  admin = (await signedInVisitors(server, outbox, ["admin@example.com"])).get("admin")!;
});
afterAll(async () => {
  await server?.stop();
  await ai?.close();
});

const health = async (visitor?: Visitor) => {
  const res = visitor ? await visitor.get("admin", "/api/health") : await server.request({ host: "yuya", path: "/api/health" });
  return {
    status: res.status,
    body: JSON.parse(res.body) as {
      status: string;
      services: Record<string, string>;
      timestamp: string;
      details?: Record<string, { status: string; latencyMs: number; error?: string }>;
    },
  };
};

describe("/api/health", () => {
  it("checks every service for real and tells the public only the statuses", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "healthy",
      services: { database: "up", openai: "up", email: "up", storage: "up", redis: "not_configured" },
      timestamp: expect.any(String),
    });
    expect(Date.now() - Date.parse(body.timestamp)).toBeLessThan(60_000);
    expect(ai.requests.at(-1)).toEqual({ path: "/v1/models", authorization: `Bearer ${ai.key}` });
  });

  it("gives admins each service's latency and what went wrong", async () => {
    ai.failWith = 500;
    try {
      const { status, body } = await health(admin);
      expect(status).toBe(200);
      expect(body.status).toBe("degraded");
      expect(body.services.openai).toBe("down");
      expect(body.details?.openai).toMatchObject({ status: "down", error: "GET /models answered 500" });
      expect(body.details?.database).toMatchObject({ status: "up", latencyMs: expect.any(Number) });
      expect(body.details?.email).toMatchObject({ status: "up", via: "outbox" });
      const anonymous = await health();
      expect(anonymous.body.details).toBeUndefined();
      expect(JSON.stringify(anonymous.body)).not.toContain("500");
    } finally {
      ai.failWith = null;
    }
  });

  it("answers 503 while the database does not, and recovers when it does", async () => {
    const adminUrl = inject("pgAdminUrl");
    const name = new URL(url).pathname.slice(1);
    const superuser = new pg.Client({ connectionString: adminUrl });
    await superuser.connect();
    try {
      await superuser.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await superuser.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [
        name,
      ]);
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: "degraded", services: { database: "down", storage: "up" } });
    } finally {
      await superuser.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await superuser.end();
    }
    expect((await health()).status).toBe(200);
  });
});

describe("/metrics", () => {
  it("serves Prometheus metrics to loopback, with durations by route pattern and the pool", async () => {
    await admin.get("admin", "/admin/leads/0196b5a4-0000-7000-8000-000000000000?q=secret@example.com");
    const res = await server.request({ host: "127.0.0.1", path: "/metrics" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/kizuna_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(res.body).toMatch(/kizuna_http_request_duration_seconds_count\{method="GET",route="\/admin\/leads\/:id",status="404"\} 1/);
    expect(res.body).toMatch(/kizuna_slow_requests_total\{method="GET",route="\/api\/health"\} \d+/);
    expect(res.body).toMatch(/kizuna_db_pool_connections\{pool="primary",state="max"\} \d+/);
    expect(res.body).toContain("kizuna_process_resident_memory_bytes");
    expect(res.body).not.toContain("0196b5a4");
  });

  it("refuses requests forwarded by a proxy unless they carry the token", async () => {
    const forwarded = await server.request({ host: "127.0.0.1", path: "/metrics", headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(forwarded.status).toBe(403);
    const wrong = await server.request({
      host: "127.0.0.1",
      path: "/metrics",
      headers: { "x-forwarded-for": "203.0.113.9", authorization: "Bearer not-the-token-not-the-token!!" },
    });
    expect(wrong.status).toBe(403);
    const withToken = await server.request({
      host: "127.0.0.1",
      path: "/metrics",
      headers: { "x-forwarded-for": "203.0.113.9", authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(withToken.status).toBe(200);
  });
});

describe("memory", () => {
  it("a rendered page leaves no timer behind that would keep the render in memory", async () => {
    const timers = async () => {
      const text = (await server.request({ host: "yuya", path: "/metrics" })).body;
      return Number(/^kizuna_nodejs_active_resources\{type="Timeout"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const before = await timers();
    // Each render arms a time limit for its stream; a finished render must disarm it (or 40 renders hold 40
    // renders' worth of memory for the whole delay — under load, gigabytes).
    for (let i = 0; i < 40; i++) expect((await server.request({ host: i % 2 ? "aoba" : "yuya", path: "/" })).status).toBe(200);
    expect(await timers()).toBeLessThan(before + 10);
  });
});

describe("slow requests", () => {
  it("are logged as warnings with method, route pattern and status — never a query string", async () => {
    await server.request({ host: "admin", path: "/admin/companies/0196b5a4-0000-7000-8000-00000000beef?q=tanaka@example.com" });
    const slowLines = () =>
      server
        .output()
        .split("\n")
        .filter((line) => line.includes('"slow request"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The line is written when the response has finished: it can reach the pipe just after the response.
    const line = await vi.waitFor(() => {
      const found = slowLines().find((l) => l.route === "/admin/companies/:id");
      if (!found) throw new Error("no slow request line yet");
      return found;
    });
    expect(line).toMatchObject({
      level: 40,
      method: "GET",
      route: "/admin/companies/:id",
      status: expect.any(Number),
      ms: expect.any(Number),
    });
    const lines = slowLines();
    expect(line).not.toHaveProperty("path");
    expect(lines.map((l) => JSON.stringify(l)).join("\n")).not.toContain("tanaka");
  });

  it("every response carries its request id", async () => {
    const res = await server.request({ host: "yuya", path: "/api/health", headers: { "x-request-id": "trace-abc-12345" } });
    expect(res.headers["x-request-id"]).toBe("trace-abc-12345");
    const own = await server.request({ host: "yuya", path: "/api/health" });
    expect(own.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

// PostgreSQL restarting under a running server: a cluster of this file's own (stopped and started again on the
// same port and data directory), reached through a TCP forwarder that can lose its connections silently (as a
// container network or failover address does), and a server with a small pool warmed up on it. Connections the
// restart broke never reach a user as a 500: reads are sent again on a fresh connection, writes answer 503.
// While the database is away the API answers 503 JSON with Retry-After and pages a 503 page, promptly; once it
// is back the server recovers by itself, and /api/health says down, then up.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createPrismaClient } from "~/lib/db.server";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { giveApiToken } from "../support/api-token.ts";

const POOL = 4;
const TOKEN = `kz_${"restart".padEnd(43, "x")}`;

let dir: string;
let port: number;
let pg: EmbeddedDatabase | undefined;
let directUrl: string;
let server: RunningServer;
let proxy: TcpProxy;

const startPg = async () => (pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port, database: "kizuna" }));
const stopPg = async () => {
  await pg?.stop();
  pg = undefined;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kizuna-restart-"));
  await chmod(dir, 0o711); // the postgres user must enter it when we run as root
  port = await freePort();
  const { url } = await startPg();
  directUrl = url;
  proxy = await startTcpProxy(port);
  const viaProxy = new URL(url);
  viaProxy.port = String(proxy.port);
  server = await startServer({
    DATABASE_URL: viaProxy.toString(),
    DATABASE_POOL_MAX: String(POOL),
    JOBS_ENABLED: "false",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    HEALTH_CACHE_MS: "0",
  });
  // The server has migrated the database: an admin with an API token, for a read that needs the database.
  const db = createPrismaClient(url, 1);
  try {
    const user = await db.user.create({ data: { email: "restart-admin@example.com", name: "Restart", role: "ADMIN" } });
    await giveApiToken(db, user.id, TOKEN, "restart");
  } finally {
    await db.$disconnect();
  }
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await stopPg();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const listLeads = () =>
  server.request({ host: "admin", path: "/api/leads?limit=5", headers: { authorization: `Bearer ${TOKEN}`, "accept-language": "en" } });
const submitLead = (n: number) =>
  server.request({
    host: "yuya",
    path: "/api/leads",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: `再起動 ${n}`,
      email: `restart-${n}@example.com`,
      source: "yuya_site",
      sourceDomain: "yuya-kabuki.com",
      leadType: "b2b_consultation",
      message: "再起動中",
      gdprConsent: true,
    }),
  });

/** A success, or the 503 JSON a database outage is: never a 500, never text/plain. */
function expectSuccessOrUnavailable(res: TestResponse, success: number) {
  if (res.status === success) return;
  expect(res.status, `${res.status} ${res.headers["content-type"]}: ${res.body.slice(0, 200)}`).toBe(503);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(JSON.parse(res.body)).toEqual({ error: { code: "database_unavailable", message: expect.any(String) } });
  expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
}

async function warmPool() {
  const answers = await Promise.all(Array.from({ length: POOL * 2 }, () => listLeads()));
  expect(answers.map((res) => res.status)).toEqual(Array(POOL * 2).fill(200));
}

async function untilHealthy(deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await listLeads();
    expectSuccessOrUnavailable(res, 200);
    if (res.status === 200) return Date.now() - started;
    if (Date.now() - started > deadlineMs)
      throw new Error(`GET /api/leads did not succeed within ${deadlineMs} ms after PostgreSQL came back`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("PostgreSQL restarting", () => {
  it("never answers a connection the restart broke with a 500: reads retry on a fresh connection", async () => {
    await warmPool();
    proxy.loseConnections();
    await stopPg();
    await startPg();
    // Every connection in the pool was cut by the restart; the database is back.
    const reads = await Promise.all(Array.from({ length: POOL * 2 }, () => listLeads()));
    for (const res of reads) expectSuccessOrUnavailable(res, 200);
    expect(reads.map((res) => res.status)).toEqual(Array(POOL * 2).fill(200));

    await warmPool();
    proxy.loseConnections();
    await stopPg();
    await startPg();
    const writes = await Promise.all(Array.from({ length: POOL * 2 }, (_, i) => submitLead(i)));
    for (const res of writes) expectSuccessOrUnavailable(res, 201);
    // A write that may have reached the server is not sent again: one inquiry per lead answered 201, none for a 503.
    const db = createPrismaClient(directUrl, 1);
    try {
      const counts = await Promise.all(
        writes.map((_, i) => db.inquiry.count({ where: { lead: { emailHash: emailHash(`restart-${i}@example.com`) } } })),
      );
      expect(counts).toEqual(writes.map((res) => (res.status === 201 ? 1 : 0)));
    } finally {
      await db.$disconnect();
    }
    await untilHealthy(10_000);
  }, 120_000);

  it("answers 503 promptly while PostgreSQL is down, and recovers by itself once it is back", async () => {
    await warmPool();
    await stopPg();
    try {
      for (let i = 0; i < POOL * 2; i++) {
        const started = Date.now();
        const res = await listLeads();
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(res.status).toBe(503);
        expectSuccessOrUnavailable(res, 200);
      }
      const write = await submitLead(100);
      expect(write.status).toBe(503);
      expectSuccessOrUnavailable(write, 201);

      const page = await server.request({ host: "yuya", path: "/content" });
      expect(page.status).toBe(503);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(Number(page.headers["retry-after"])).toBeGreaterThan(0);

      const health = await server.request({ host: "yuya", path: "/api/health" });
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body).services.database).toBe("down");
    } finally {
      await startPg();
    }
    await untilHealthy(10_000);
    const health = await server.request({ host: "yuya", path: "/api/health" });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).services.database).toBe("up");
  }, 120_000);
});

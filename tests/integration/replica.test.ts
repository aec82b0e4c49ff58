// Dashboard and analytics reads served by a real streaming replica (DATABASE_REPLICA_URL): with the replica's replay
// paused, a new lead shows in the lead list (the primary) but not in the figures (the replica) until replay resumes;
// with the replica stopped the figures come from the primary and /api/health says the replica is down.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../server/db/migrate.ts";
import { startPrimaryWithReplica, type PrimaryWithReplica } from "../support/replica.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

let dir: string;
let cluster: PrimaryWithReplica;
let server: RunningServer;
let admin: Visitor;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kizuna-replica-"));
  await chmod(dir, 0o711);
  cluster = await startPrimaryWithReplica({ dir: path.join(dir, "pg") });
  await applyMigrations(cluster.primaryUrl);
  const outbox = path.join(dir, "outbox"); // removed with dir
  server = await startServer({
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URL: cluster.replicaUrl,
    DATABASE_REPLICA_POOL_MAX: "2",
    JOBS_ENABLED: "false", // no KPI job recomputing behind the test's back
    OUTBOX_DIR: outbox,
    ADMIN_EMAILS: "admin@example.com",
    RATE_LIMIT_API_PER_MINUTE: "10000",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    HEALTH_TIMEOUT_MS: "1500",
  });
  admin = (await signedInVisitors(server, outbox, ["admin@example.com"])).get("admin")!;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function json<T>(path: string): Promise<T> {
  const res = await admin.get("admin", path);
  expect(res.status, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
  return JSON.parse(res.body) as T;
}

const analyticsLeads = async () => (await json<{ totalLeads: number }>("/api/analytics/leads")).totalLeads;
const dashboardLeads = async () => (await json<{ overview: { totalLeads: number } }>("/api/admin/dashboard")).overview.totalLeads;
const listedEmails = async () => JSON.stringify(await json<unknown>("/api/leads"));

async function submitLead(email: string): Promise<void> {
  const res = await server.request({
    host: "yuya",
    path: "/api/leads",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email,
      name: "Replica Test",
      source: "yuya_site",
      sourceDomain: "yuya-kabuki.com",
      leadType: "b2b_consultation",
      message: "hello",
      gdprConsent: true,
    }),
  });
  expect(res.status, res.body).toBe(201);
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("dashboard and analytics reads on the replica", () => {
  it("show the replica's figures while its replay is paused, the primary's lead list shows the new lead, and the figures catch up", async () => {
    await submitLead("first@example.com");
    await cluster.waitForReplay();
    expect(await analyticsLeads()).toBe(1);
    expect(await dashboardLeads()).toBe(1); // computed now on the primary, read back from it
    await cluster.waitForReplay(); // the KPI values just computed are on the replica too

    await cluster.pauseReplay();
    await submitLead("second@example.com");
    expect(await listedEmails()).toContain("second@example.com"); // the lead list reads the primary
    expect(await analyticsLeads()).toBe(1); // the replica has not replayed the new lead
    expect(await dashboardLeads()).toBe(1); // the replica's KPI values, still fresh

    await cluster.resumeReplay();
    await eventually(async () => (await analyticsLeads()) === 2, "analytics counting the second lead after replay resumed");
  });

  it("reports the replica in /api/health with its lag, and its pool in /metrics", async () => {
    const health = await json<{
      status: string;
      services: Record<string, string>;
      details: Record<string, { lagSeconds?: number; via?: string }>;
    }>("/api/health");
    expect(health.services.replica).toBe("up");
    expect(health.status).toBe("healthy");
    expect(health.details.replica?.via).toBe("streaming replica");
    expect(typeof health.details.replica?.lagSeconds).toBe("number");
    const metrics = await server.request({ host: "localhost", path: "/metrics" });
    expect(metrics.body).toMatch(/kizuna_db_pool_connections\{pool="replica",state="max"\} 2/);
    expect(metrics.body).toMatch(/kizuna_db_pool_connections\{pool="primary",state="max"\} \d+/);
  });

  it("answers from the primary when the replica is stopped, logging it once, and health says the replica is down", async () => {
    await cluster.stopReplica();
    await submitLead("third@example.com");
    expect(await analyticsLeads()).toBe(3); // from the primary
    expect((await admin.get("admin", "/api/admin/dashboard")).status).toBe(200);
    expect((await admin.get("admin", "/admin")).status).toBe(200);
    expect(await analyticsLeads()).toBe(3);
    const warnings = server.output().match(/the read replica failed/g) ?? [];
    expect(warnings).toHaveLength(1);

    const health = await admin.get("admin", "/api/health");
    expect(health.status).toBe(200); // the primary answers
    const report = JSON.parse(health.body) as { status: string; services: Record<string, string> };
    expect(report.services.replica).toBe("down");
    expect(report.services.database).toBe("up");
    expect(report.status).toBe("degraded");
  });
});

// Jobs against real servers: "Run now" from the admin (recorded, its report viewable); two instances sharing
// one Redis (BullMQ) and one database run each scheduled tick exactly once; with Redis gone the site and lead
// ingest keep working, a run by hand says it cannot be queued, and the schedule resumes when Redis is back.
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

const { url, db } = await createTestDatabase({ seeded: true });
let outbox: string;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-jobs-outbox-"));
});

describe("in-process runner", () => {
  let server: RunningServer;
  let admin: Visitor;
  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
    admin = (await signedInVisitors(server, outbox, ["admin@example.com"])).get("admin")!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("runs a job by hand from the admin, records it, and shows the report it made", async () => {
    const before = (await readdir(outbox)).length;
    const res = await admin.post("admin", "/admin/jobs", { job: "report.daily" }, { "accept-language": "en" });
    expect(res.status).toBe(200);
    const run = await vi.waitFor(
      async () => {
        const found = await db.jobRun.findFirst({ where: { job: "report.daily", trigger: "manual", status: "succeeded" } });
        if (!found) throw new Error("not finished yet");
        return found;
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(run.attempts).toBe(1);
    const report = await db.dailyReport.findFirstOrThrow({ orderBy: { day: "desc" } });
    const day = report.day.toISOString().slice(0, 10);
    expect(run.result).toMatchObject({ day });
    expect((await readdir(outbox)).length).toBeGreaterThan(before); // mailed to the admins
    const page = await admin.get("admin", "/admin/jobs");
    expect(page.body).toContain(`data-run="${run.id}"`);
    expect(page.body).toContain(`/admin/jobs/reports/${day}`);
    const shown = await admin.get("admin", `/admin/jobs/reports/${day}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('data-site="aoba"');
    expect(await db.auditLog.count({ where: { resource: "jobs", resourceId: run.id } })).toBe(1);
  });

  it("answers an unknown job with 400 and runs nothing", async () => {
    const before = await db.jobRun.count();
    expect((await admin.post("admin", "/admin/jobs", { job: "rm -rf" })).status).toBe(400);
    expect(await db.jobRun.count()).toBe(before);
  });
});

describe("BullMQ runner, two instances", () => {
  let redis: TestRedis & { port: number };
  const servers: RunningServer[] = [];
  let clusterAdmin: Visitor;
  const EVERY_2S = "analytics.refresh-rollups=*/2 * * * * *";

  beforeAll(async () => {
    redis = await startRedis();
    await db.jobRun.deleteMany({});
    // One after the other: the first applies the migrations, the second finds them done.
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startServer({
          DATABASE_URL: url,
          OUTBOX_DIR: outbox,
          REDIS_URL: redis.url,
          JOB_SCHEDULES: EVERY_2S,
          JOB_RETRY_DELAY_MS: "200",
          RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
        }),
      );
    }
    clusterAdmin = (await signedInVisitors(servers[0]!, outbox, ["admin@example.com"])).get("admin")!;
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await redis?.stop();
  });

  const scheduledRuns = () =>
    db.jobRun.findMany({ where: { job: "analytics.refresh-rollups", trigger: "schedule" }, orderBy: { scheduledFor: "asc" } });
  async function executedOn(server: RunningServer): Promise<number> {
    const metrics = await server.request({ host: "127.0.0.1", path: "/metrics" });
    return Number(/kizuna_job_runs_total\{job="analytics\.refresh-rollups",outcome="success"\} (\d+)/.exec(metrics.body)?.[1] ?? 0);
  }

  it("runs every tick once across the cluster", async () => {
    await vi.waitFor(
      async () => {
        if ((await scheduledRuns()).filter((r) => r.status === "succeeded").length < 4) throw new Error("waiting for ticks");
      },
      { timeout: 30_000, interval: 500 },
    );
    const runs = (await scheduledRuns()).filter((r) => r.status === "succeeded");
    const ticks = new Set(runs.map((r) => r.scheduledFor!.getTime()));
    expect(ticks.size).toBe(runs.length);
    for (const tick of ticks) expect(tick % 2000).toBe(0);
    // Executions, counted by each instance itself: exactly one per recorded run (a second execution of a tick would
    // count twice). The ticks go on meanwhile, so the two are compared when no run started or ended between the
    // reads; a tick executed twice would never match.
    await vi.waitFor(
      async () => {
        const before = (await scheduledRuns()).length;
        const executions = (await executedOn(servers[0]!)) + (await executedOn(servers[1]!));
        const runs = await scheduledRuns();
        const recorded = runs.filter((r) => r.status === "succeeded").length;
        const settled = runs.length === before && runs.every((r) => r.status !== "running");
        if (!settled) throw new Error("a run started or ended between the reads");
        expect(executions).toBe(recorded);
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it("keeps the site and lead ingest up without Redis, refuses to queue by hand, and resumes when Redis is back", async () => {
    const [first] = servers;
    await redis.stop();
    const stoppedAt = new Date();

    const lead = await first!.request({
      host: "yuya",
      path: "/api/leads",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: "redis-down@example.com",
        name: "レディス 停止",
        source: "yuya_site",
        sourceDomain: "yuya-kabuki.com",
        leadType: "b2b_consultation",
        message: "Redis が止まっていても届きますか？",
        gdprConsent: true,
      }),
    });
    expect(lead.status, lead.body).toBe(201);
    const health = JSON.parse((await first!.request({ host: "yuya", path: "/api/health" })).body) as {
      status: string;
      services: Record<string, string>;
    };
    expect(health).toMatchObject({ status: "degraded", services: { database: "up", redis: "down" } });
    expect((await first!.request({ host: "yuya", path: "/" })).status).toBe(200);
    const manual = await clusterAdmin.post("admin", "/admin/jobs", { job: "report.daily" }, { "accept-language": "en" });
    expect(manual.status).toBe(503);
    expect(manual.body).toContain("could not be queued: Redis does not answer");
    expect(await db.jobRun.findFirst({ where: { job: "report.daily", startedAt: { gt: stoppedAt } } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("Could not queue the run"),
    });

    redis = await startRedis(redis.port);
    await vi.waitFor(
      async () => {
        const after = (await scheduledRuns()).filter((r) => r.status === "succeeded" && r.startedAt > stoppedAt);
        if (after.length < 2) throw new Error("waiting for the schedule to resume");
      },
      { timeout: 45_000, interval: 500 },
    );
  });
});

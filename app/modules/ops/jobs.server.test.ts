// The scheduled jobs against a seeded database: each does its work when run, a failing one is logged and
// not thrown, and the runner schedules them in Japan time and stops.
import { describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { plugins } from "../../../plugins/index.ts";
import { seed } from "../../../prisma/seed.ts";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { catchUp, JOBS, runJob, startJobs, type JobDefinition } from "./jobs.server";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seed(url);
const registry = buildRegistry(plugins);
const lines: { level: string; obj: Record<string, unknown> }[] = [];
const logger = {
  info: (obj: Record<string, unknown>) => lines.push({ level: "info", obj }),
  warn: (obj: Record<string, unknown>) => lines.push({ level: "warn", obj }),
  error: (obj: Record<string, unknown>) => lines.push({ level: "error", obj }),
} as never;
const job = (name: string) => JOBS.find((j) => j.name === name)!;

describe("jobs", () => {
  it("refreshes the rollups: nothing stays marked", async () => {
    expect((await sql("SELECT 1 FROM rollup_dirty LIMIT 1")).rowCount).toBe(1);
    expect(await runJob(job("analytics.refresh-rollups"), { registry, logger })).toMatchObject({ ok: true });
    expect((await sql("SELECT 1 FROM rollup_dirty LIMIT 1")).rowCount).toBe(0);
    expect((await sql("SELECT 1 FROM content_daily_stats LIMIT 1")).rowCount).toBe(1);
  });

  it("computes today's KPIs for every period kind, and the final values of the periods that ended", async () => {
    const now = new Date("2026-12-01T01:00:00+09:00"); // the day after a month (and a day) ended; a Tuesday
    await job("kpi.current-periods").run({ registry, logger, now });
    const periods = await db.kpiMetric.groupBy({ by: ["periodType"], where: { metricName: "total_leads", characterScope: "total" } });
    expect(periods.map((p) => p.periodType).sort()).toEqual(["daily", "monthly", "quarterly", "weekly", "yearly"]);

    const closed = await job("kpi.close-periods").run({ registry, logger, now });
    expect(closed.periods).toEqual(["daily", "monthly"]);
    const november = await db.kpiMetric.findFirst({
      where: { metricName: "total_leads", characterScope: "total", periodType: "monthly", metricDate: new Date("2026-11-01T00:00:00Z") },
    });
    expect(november).not.toBeNull();
  });

  it("takes over the lead imports whose instance stopped, leaves live ones alone, and deletes expired dry runs", async () => {
    const owner = await db.user.findFirstOrThrow({ where: { role: "ADMIN" } });
    const emails = [1, 2, 3].map((i) => `resumed${i}@example.com`);
    const payload = JSON.stringify(
      emails.map((email, i) => ({
        row: i + 2,
        data: { email, site: "aoba", lead_type: "other", status: "won", priority: "low", gdpr_consent: true },
      })),
    );
    const importRow = (fileName: string, status: "dry_run" | "running", done = 0) => ({
      ownerId: owner.id,
      fileName,
      status,
      total: 3,
      ready: 3,
      report: { errors: [], duplicates: [] },
      payload,
      done,
      created: done,
    });
    // Stopped after its first row; its heartbeat is old.
    const stale = await db.leadImport.create({ data: importRow("stale.csv", "running", 1) });
    const live = await db.leadImport.create({ data: importRow("live.csv", "running") });
    const expired = await db.leadImport.create({ data: importRow("expired.csv", "dry_run") });
    const fresh = await db.leadImport.create({ data: importRow("fresh.csv", "dry_run") });
    await sql("UPDATE lead_imports SET updated_at = now() - interval '10 minutes' WHERE id = $1", [stale.id]);
    await sql("UPDATE lead_imports SET created_at = now() - interval '31 minutes' WHERE id = $1", [expired.id]);

    expect(await runJob(job("leads.imports"), { registry, logger })).toMatchObject({ ok: true, result: { expired: 1, resumed: 1 } });
    expect(await db.leadImport.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "done",
      done: 3,
      created: 3,
      skipped: 0,
      payload: null,
    });
    // From where it stopped: the first row was its stopped instance's.
    const leads = await db.lead.findMany({ where: { emailHash: { in: emails.map(emailHash) } }, select: { email: true } });
    expect(leads.map((l) => l.email).sort()).toEqual(emails.slice(1));
    expect(
      await db.auditLog.findFirst({ where: { action: "import", resource: "leads", changes: { path: ["file"], equals: "stale.csv" } } }),
    ).toMatchObject({ status: "success", userId: owner.id });
    expect(await db.leadImport.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: "running", done: 0 });
    expect(await db.leadImport.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await db.leadImport.findUnique({ where: { id: fresh.id } })).toMatchObject({ status: "dry_run" });
  });

  it("retries a failing job, then records it failed and logs it — without throwing", async () => {
    let calls = 0;
    const failing: JobDefinition = { name: "broken", schedule: "* * * * *", run: () => Promise.reject(new Error(`disk full ${++calls}`)) };
    const outcome = await runJob(failing, { registry, logger }, { trigger: "manual", attempts: 3, retryDelayMs: 1 });
    expect(outcome).toMatchObject({ ok: false, code: "failed", message: "disk full 3" });
    expect(calls).toBe(3);
    const run = await db.jobRun.findUniqueOrThrow({ where: { id: outcome.runId! } });
    expect(run).toMatchObject({ job: "broken", trigger: "manual", status: "failed", attempts: 3, error: "disk full 3" });
    expect(run.finishedAt).not.toBeNull();
    expect(lines.filter((l) => l.obj.job === "broken").map((l) => l.level)).toEqual(["warn", "warn", "error"]);
  });

  it("succeeds on a retry after a failure, in the same run", async () => {
    let calls = 0;
    const flaky: JobDefinition = {
      name: "flaky",
      schedule: "* * * * *",
      run: async () => (++calls === 1 ? Promise.reject(new Error("timeout")) : { done: calls }),
    };
    const outcome = await runJob(flaky, { registry, logger }, { trigger: "manual", attempts: 3, retryDelayMs: 1 });
    expect(outcome).toMatchObject({ ok: true, result: { done: 2 } });
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: outcome.runId! } })).toMatchObject({
      status: "succeeded",
      attempts: 2,
      error: null,
      result: { done: 2 },
    });
  });

  it("runs a scheduled tick once, whichever instance claims it", async () => {
    let calls = 0;
    const counted: JobDefinition = { name: "counted", schedule: "* * * * *", run: async () => ({ calls: ++calls }) };
    const tick = new Date("2026-11-25T00:00:00Z");
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => runJob(counted, { registry, logger }, { trigger: "schedule", scheduledFor: tick })),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok && o.code === "skipped")).toHaveLength(2);
    expect(calls).toBe(1);
  });

  it("catches up the latest tick a job that ran here before missed — once — and leaves new and frequent jobs to their schedule", async () => {
    const calls = { daily: [] as Date[], fresh: [] as Date[], frequent: [] as Date[], current: [] as Date[] };
    const counting = (name: keyof typeof calls, schedule: string): JobDefinition => ({
      name: `catch-up.${name}`,
      schedule,
      run: async ({ now }) => (calls[name].push(now), {}),
    });
    const daily = counting("daily", "0 3 * * *"); // 03:00 Japan time = 18:00 UTC the day before
    const fresh = counting("fresh", "0 3 * * *");
    const frequent = counting("frequent", "*/5 * * * *");
    const current = counting("current", "0 3 * * *");
    const now = new Date("2026-12-10T01:00:00Z"); // 10:00 in Tokyo: today's 03:00 tick was 2026-12-09T18:00Z
    const ran = async (job: JobDefinition, scheduledFor: string) =>
      db.jobRun.create({ data: { job: job.name, trigger: "schedule", scheduledFor: new Date(scheduledFor), status: "succeeded" } });
    await ran(daily, "2026-12-05T18:00:00Z"); // last ran four days ago: down since
    await ran(frequent, "2026-12-09T00:00:00Z");
    await ran(current, "2026-12-09T18:00:00Z"); // today's tick is done

    expect(await catchUp({ registry, logger }, [daily, fresh, frequent, current], { now })).toEqual(["catch-up.daily"]);
    expect(calls.daily).toHaveLength(1);
    expect(calls.fresh.length + calls.frequent.length + calls.current.length).toBe(0);
    const caught = await db.jobRun.findFirstOrThrow({ where: { job: daily.name }, orderBy: { scheduledFor: "desc" } });
    expect(caught).toMatchObject({ trigger: "schedule", status: "succeeded", scheduledFor: new Date("2026-12-09T18:00:00Z") });

    // Started again (or another instance starting at once): that tick is taken.
    expect(await Promise.all([1, 2].map(() => catchUp({ registry, logger }, [daily], { now })))).toEqual([[], []]);
    expect(calls.daily).toHaveLength(1);
  });

  it("schedules every job in Japan time and stops", async () => {
    const runner = startJobs({ registry, logger });
    const next = await runner.next();
    expect(Object.keys(next)).toEqual(JOBS.map((j) => j.name));
    const close = next["kpi.close-periods"]!;
    expect(close.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" }).format(close)).toBe("00:05");
    expect(
      new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(
        next["maintenance.cleanup"]!,
      ),
    ).toBe("Sun 02:00");
    await runner.stop();
    expect(Object.values(await runner.next()).every((d) => d === null)).toBe(true);
  });
});

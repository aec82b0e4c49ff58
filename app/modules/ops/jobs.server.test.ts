// The scheduled jobs against a seeded database: each does its work when run, a failing one is logged and
// not thrown, and the runner schedules them in Japan time and stops.
import { describe, expect, it } from "vitest";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { plugins } from "../../../plugins/index.ts";
import { seed } from "../../../prisma/seed.ts";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { JOBS, runJob, startJobs, type JobDefinition } from "./jobs.server";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seed(url);
const registry = buildRegistry(plugins);
const lines: { level: string; obj: Record<string, unknown> }[] = [];
const logger = {
  info: (obj: Record<string, unknown>) => lines.push({ level: "info", obj }),
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
    const november = await db.kpiMetric.findFirst({ where: { metricName: "total_leads", characterScope: "total", periodType: "monthly", metricDate: new Date("2026-11-01T00:00:00Z") } });
    expect(november).not.toBeNull();
  });

  it("logs a failing job and goes on", async () => {
    const failing: JobDefinition = { name: "broken", schedule: "* * * * *", run: () => Promise.reject(new Error("disk full")) };
    expect(await runJob(failing, { registry, logger })).toEqual({ ok: false });
    expect(lines.at(-1)).toMatchObject({ level: "error", obj: { job: "broken" } });
  });

  it("schedules every job in Japan time and stops", () => {
    const runner = startJobs({ registry, logger });
    const next = runner.next();
    expect(Object.keys(next)).toEqual(JOBS.map((j) => j.name));
    const close = next["kpi.close-periods"]!;
    expect(close.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" }).format(close)).toBe("00:05");
    runner.stop();
    expect(Object.values(runner.next()).every((d) => d === null)).toBe(true);
  });
});

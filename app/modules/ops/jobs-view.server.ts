// What the admin's Jobs page shows: every job with its schedule, next and last run; the recent runs; the
// daily reports.
import { Cron } from "croner";
import { getDb } from "~/lib/db.server";
import type { DailyReportData } from "./daily-report.server.ts";
import { JOBS, scheduleOf } from "./jobs.server.ts";

export async function jobsOverview() {
  const db = getDb();
  const [latest, runs, reports] = await Promise.all([
    db.$queryRaw<{ job: string; status: string; started_at: Date; finished_at: Date | null; error: string | null }[]>`
      SELECT DISTINCT ON (job) job, status, started_at, finished_at, error FROM job_runs ORDER BY job, started_at DESC`,
    db.jobRun.findMany({ orderBy: { startedAt: "desc" }, take: 30 }),
    db.dailyReport.findMany({ orderBy: { day: "desc" }, take: 14, select: { day: true, createdAt: true } }),
  ]);
  const last = new Map(latest.map((row) => [row.job, row]));
  return {
    jobs: JOBS.map((job) => {
      const schedule = scheduleOf(job);
      const row = last.get(job.name);
      return {
        name: job.name,
        schedule,
        next: new Cron(schedule, { timezone: "Asia/Tokyo", paused: true }).nextRun(),
        last: row ? { status: row.status, startedAt: row.started_at, finishedAt: row.finished_at, error: row.error } : null,
      };
    }),
    runs: runs.map((run) => ({ ...run, ms: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null })),
    reports: reports.map((r) => ({ day: r.day.toISOString().slice(0, 10), createdAt: r.createdAt })),
  };
}

export async function dailyReport(day: string): Promise<DailyReportData | null> {
  const row = await getDb().dailyReport.findUnique({ where: { day: new Date(`${day}T00:00:00Z`) } });
  return row ? (row.data as unknown as DailyReportData) : null;
}

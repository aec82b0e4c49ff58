// Scheduled jobs, in Japan time: their definitions (plain data), and running one — recorded in job_runs,
// retried with a doubling delay, counted in the metrics. Two runners take the same definitions: the
// in-process one here (croner) and the Redis-backed one (BullMQ job schedulers, bullmq.server.ts) when
// REDIS_URL is set. A scheduled run is claimed by a row per job and tick, so two instances never both run it;
// a failing run is retried, then marked failed and logged, and the schedule goes on.
import { setTimeout as sleep } from "node:timers/promises";
import { Cron } from "croner";
import type { Logger } from "pino";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { fail, ok, type Result } from "~/lib/result";
import type { Metrics } from "~/lib/metrics.server";
import { publicSiteUrls } from "~/lib/tenant.server";
import { refreshRollups } from "~/modules/analytics/rollups.server";
import { computeKpis, periodsEndedBy } from "~/modules/kpi/engine.server";
import { deleteExpiredDryRuns, resumeImports } from "~/modules/leads/import.server";
import { PERIODS } from "~/modules/kpi/periods";
import type { Registry } from "~/modules/plugins/registry.server";
import { createBackup } from "./backup.server.ts";
import { runCleanup } from "./cleanup.server.ts";
import { runDailyReport } from "./daily-report.server.ts";

export interface JobContext {
  registry: Registry;
  logger: Logger;
  now: Date;
  /** Where run outcomes are counted for /metrics (absent in scripts and unit tests). */
  metrics?: Metrics;
}

export interface JobDefinition {
  name: string;
  /** Cron pattern in Asia/Tokyo. */
  schedule: string;
  /** Attempts per run (default JOB_ATTEMPTS). */
  attempts?: number;
  run(context: JobContext): Promise<Record<string, unknown>>;
}

export const JOBS: readonly JobDefinition[] = [
  {
    name: "analytics.refresh-rollups",
    schedule: "* * * * *",
    run: async ({ registry }) => ({ refreshed: await refreshRollups(registry) }),
  },
  {
    // CSV imports of leads whose instance stopped are taken over and finished here (the run lasts as long as they
    // do); dry runs nobody imported go after 30 minutes, with the personal data they kept.
    name: "leads.imports",
    schedule: "* * * * *",
    run: async ({ logger }) => ({ expired: await deleteExpiredDryRuns(), resumed: await resumeImports(logger) }),
  },
  {
    // Today's values for every period kind, so the dashboard rarely has to compute on demand.
    name: "kpi.current-periods",
    schedule: "*/5 * * * *",
    run: async ({ registry, logger, now }) => {
      let failed = 0;
      for (const [i, period] of PERIODS.entries()) {
        const outcomes = await computeKpis(registry, { period, at: now, refresh: i === 0 });
        failed += reportFailures(outcomes, logger);
      }
      return { periods: PERIODS.length, failed };
    },
  },
  {
    // Just after midnight: the final values of the periods that ended yesterday.
    name: "kpi.close-periods",
    schedule: "5 0 * * *",
    run: async ({ registry, logger, now }) => {
      const ended = periodsEndedBy(now);
      let failed = 0;
      for (const [i, { period, at }] of ended.entries())
        failed += reportFailures(await computeKpis(registry, { period, at, refresh: i === 0 }), logger);
      return { periods: ended.map((e) => e.period), failed };
    },
  },
  {
    name: "report.daily",
    schedule: "0 9 * * *",
    run: async ({ now }) => runDailyReport({ now, adminUrl: publicSiteUrls(getEnv()).admin }),
  },
  {
    name: "maintenance.cleanup",
    schedule: "0 2 * * 0",
    run: async ({ registry, now }) => {
      const env = getEnv();
      return runCleanup({
        registry,
        now,
        retention: {
          auditDays: env.AUDIT_RETENTION_DAYS,
          analyticsDays: env.ANALYTICS_RETENTION_DAYS,
          webhookDays: env.WEBHOOK_RETENTION_DAYS,
          importDays: env.IMPORT_RETENTION_DAYS,
        },
      });
    },
  },
  {
    name: "backup.database",
    schedule: "0 3 * * *",
    // A dump is not worth repeating three times in a row when the disk is full: once more, later.
    attempts: 2,
    run: async ({ now }) => {
      const env = getEnv();
      const databaseUrl = process.env.DATABASE_URL ?? env.DATABASE_URL;
      if (!databaseUrl) throw new Error("DATABASE_URL is not set");
      const backup = await createBackup({ databaseUrl, dir: env.BACKUP_DIR, retentionDays: env.BACKUP_RETENTION_DAYS, now });
      return { file: backup.file, bytes: backup.bytes, removed: backup.removed.length };
    },
  },
];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((job) => job.name === name);
}

/** How often a run of the job is attempted, and the delay before the first retry (doubling after each). */
export function retriesOf(job: JobDefinition): { attempts: number; retryDelayMs: number } {
  const env = getEnv();
  return { attempts: job.attempts ?? env.JOB_ATTEMPTS, retryDelayMs: env.JOB_RETRY_DELAY_MS };
}

/** A job's schedule: its own, or the one JOB_SCHEDULES gives it. */
export function scheduleOf(job: JobDefinition): string {
  return getEnv().JOB_SCHEDULES[job.name] ?? job.schedule;
}

function reportFailures(outcomes: { key: string; site: string; error?: string }[], logger: Logger): number {
  const failures = outcomes.filter((o) => o.error);
  for (const failure of failures) logger.error({ kpi: failure.key, site: failure.site, err: failure.error }, "KPI computation failed");
  return failures.length;
}

export type RunTrigger = "schedule" | "manual";

export interface RunOptions {
  trigger: RunTrigger;
  /** The schedule tick (a scheduled run): one run per job and tick, whichever instance claims it first. */
  scheduledFor?: Date;
  attempts?: number;
  retryDelayMs?: number;
}

/**
 * A run's outcome: its id and result, or a Failure whose message is the job's error text (`code` "failed", with
 * the run's id), "skipped" when another instance claimed the tick, or "not_started" when nothing could be recorded.
 */
export type RunOutcome = Result<{ runId: string; result: Record<string, unknown> }> & { runId?: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Claims the run: a row per job and tick; null when another instance has it already. */
export async function claimRun(job: string, options: Pick<RunOptions, "trigger" | "scheduledFor">): Promise<string | null> {
  const scheduledFor = options.trigger === "schedule" ? (options.scheduledFor ?? null) : null;
  const [row] = await getDb().$queryRaw<{ id: string }[]>`
    INSERT INTO job_runs (id, job, trigger, scheduled_for, status, attempts) VALUES (gen_random_uuid(), ${job}, ${options.trigger}, ${scheduledFor}, 'running', 0)
    ON CONFLICT (job, scheduled_for) DO NOTHING RETURNING id`;
  return row?.id ?? null;
}

/**
 * One attempt of a claimed run: recorded (running → succeeded, or retrying / failed with the error), counted
 * and logged. Throws the job's error so a runner can retry; `final` says whether this was the last attempt.
 */
export async function attemptRun(
  job: JobDefinition,
  context: Omit<JobContext, "now">,
  runId: string,
  attempt: number,
  final: boolean,
): Promise<Record<string, unknown>> {
  const db = getDb();
  const started = Date.now();
  const { metrics, logger } = context;
  await db.jobRun.update({ where: { id: runId }, data: { status: "running", attempts: attempt } });
  metrics?.queueDepth.inc({ state: "active" });
  const seconds = () => (Date.now() - started) / 1000;
  try {
    const result = await job.run({ ...context, now: new Date() });
    await db.jobRun.update({
      where: { id: runId },
      data: { status: "succeeded", finishedAt: new Date(), result: JSON.parse(JSON.stringify(result)) as never, error: null },
    });
    metrics?.jobRuns.inc({ job: job.name, outcome: "success" });
    logger.info({ job: job.name, run: runId, attempt, ms: Date.now() - started, ...result }, "job finished");
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.jobRun
      .update({
        where: { id: runId },
        data: { status: final ? "failed" : "retrying", error: message.slice(0, 4000), ...(final ? { finishedAt: new Date() } : {}) },
      })
      .catch((recordError: unknown) => logger.error({ job: job.name, err: recordError }, "could not record the job's failure"));
    metrics?.jobRuns.inc({ job: job.name, outcome: final ? "failure" : "retry" });
    if (final) logger.error({ job: job.name, run: runId, attempt, err: error }, "job failed");
    else logger.warn({ job: job.name, run: runId, attempt, err: message }, "job attempt failed; retrying");
    throw error;
  } finally {
    metrics?.queueDepth.dec({ state: "active" });
    metrics?.jobDuration.observe({ job: job.name }, seconds());
  }
}

/** Runs a job now, in this process: claimed, attempted with a doubling delay between attempts. Never throws. */
export async function runJob(
  job: JobDefinition,
  context: Omit<JobContext, "now">,
  options: RunOptions = { trigger: "manual" },
): Promise<RunOutcome> {
  const retries = retriesOf(job);
  let runId: string | null;
  try {
    runId = await claimRun(job.name, options);
  } catch (error) {
    // The database is down: nothing can be recorded; the next tick tries again.
    context.logger.error({ job: job.name, err: error }, "job could not start");
    return fail("unavailable", errorText(error), { code: "not_started" });
  }
  if (!runId) return fail("conflict", "jobs.skipped", { code: "skipped" });
  return executeRun(job, context, runId, {
    attempts: options.attempts ?? retries.attempts,
    retryDelayMs: options.retryDelayMs ?? retries.retryDelayMs,
  });
}

/** The attempts of a claimed run, with a doubling delay between them. Never throws. */
export async function executeRun(
  job: JobDefinition,
  context: Omit<JobContext, "now">,
  runId: string,
  { attempts, retryDelayMs }: { attempts: number; retryDelayMs: number },
): Promise<RunOutcome> {
  for (let attempt = 1; ; attempt++) {
    const final = attempt >= attempts;
    try {
      return ok({ runId, result: await attemptRun(job, context, runId, attempt, final) });
    } catch (error) {
      if (final) return { ...fail("upstream", errorText(error), { code: "failed" }), runId };
      await sleep(retryDelayMs * 2 ** (attempt - 1));
    }
  }
}

export interface JobRunner {
  kind: "local" | "bullmq";
  stop(): Promise<void>;
  /** When each job runs next. */
  next(): Promise<Record<string, Date | null>>;
}

/** Jobs that run more often than this are not caught up: their next tick is near anyway. */
const CATCH_UP_MIN_INTERVAL_MS = 60 * 60_000;

/**
 * At start: each job that has run here on its schedule before but missed its latest tick (the server was down
 * then) — the backup, the daily report, the weekly cleanup — runs once for that tick. Only the latest: a week
 * away is one backup, not seven; a job that never ran here (a new installation) waits for its schedule. Claimed
 * like any tick, so of several instances starting together one runs it. Returns the jobs it ran.
 */
export async function catchUp(
  context: Omit<JobContext, "now">,
  jobs: readonly JobDefinition[] = JOBS,
  options: { now?: Date; stopped?: () => boolean } = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  const ran: string[] = [];
  for (const job of jobs) {
    if (options.stopped?.()) break;
    const schedule = new Cron(scheduleOf(job), { timezone: "Asia/Tokyo", paused: true });
    const [latest] = schedule.previousRuns(1, now);
    const [next] = schedule.nextRuns(1, now);
    if (!latest || !next || next.getTime() - latest.getTime() < CATCH_UP_MIN_INTERVAL_MS) continue;
    latest.setMilliseconds(0);
    const last = await getDb().jobRun.findFirst({
      where: { job: job.name, trigger: "schedule" },
      orderBy: { scheduledFor: "desc" },
      select: { scheduledFor: true },
    });
    if (!last?.scheduledFor || last.scheduledFor >= latest) continue;
    context.logger.info({ job: job.name, missed: latest.toISOString() }, "job missed its last tick; running it now");
    const outcome = await runJob(job, context, { trigger: "schedule", scheduledFor: latest });
    if (outcome.ok || outcome.code !== "skipped") ran.push(job.name);
  }
  return ran;
}

/**
 * The in-process runner: a croner schedule per job in Japan time; a run never overlaps the previous one of its
 * job. Missed ticks are caught up in the background (catchUp).
 */
export function startJobs(context: Omit<JobContext, "now">, jobs: readonly JobDefinition[] = JOBS): JobRunner {
  const crons = jobs.map(
    (job) =>
      new Cron(scheduleOf(job), { name: job.name, timezone: "Asia/Tokyo", protect: true }, async (cron: Cron) => {
        // The tick this run is for (to the second), the same on every instance.
        const tick = cron.currentRun() ?? new Date();
        tick.setMilliseconds(0);
        await runJob(job, context, { trigger: "schedule", scheduledFor: tick });
      }),
  );
  let stopped = false;
  const caughtUp = catchUp(context, jobs, { stopped: () => stopped }).catch((error: unknown) =>
    context.logger.error({ err: error }, "catching up missed jobs failed"),
  );
  return {
    kind: "local",
    stop: async () => {
      stopped = true;
      crons.forEach((cron) => cron.stop());
      await caughtUp; // the run under way finishes; no other starts
    },
    next: async () => Object.fromEntries(crons.map((cron, i) => [jobs[i]!.name, cron.nextRun()])),
  };
}

// Scheduled jobs, in Japan time. This is the in-process runner (croner) that serves a single instance; the
// definitions are plain data so the Redis-backed runner (BullMQ job schedulers, issue #10) can take them as
// they are. A run never overlaps the previous one of the same job; a failure is logged and the next run
// comes as scheduled.
import { Cron } from "croner";
import type { Logger } from "pino";
import type { Metrics } from "~/lib/metrics.server";
import { refreshRollups } from "~/modules/analytics/rollups.server";
import { computeKpis, periodsEndedBy } from "~/modules/kpi/engine.server";
import { PERIODS } from "~/modules/kpi/periods";
import type { Registry } from "~/modules/plugins/registry.server";

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
  run(context: JobContext): Promise<Record<string, unknown>>;
}

export const JOBS: readonly JobDefinition[] = [
  {
    name: "analytics.refresh-rollups",
    schedule: "* * * * *",
    run: async ({ registry }) => ({ refreshed: await refreshRollups(registry) }),
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
      for (const [i, { period, at }] of ended.entries()) failed += reportFailures(await computeKpis(registry, { period, at, refresh: i === 0 }), logger);
      return { periods: ended.map((e) => e.period), failed };
    },
  },
];

function reportFailures(outcomes: { key: string; site: string; error?: string }[], logger: Logger): number {
  const failures = outcomes.filter((o) => o.error);
  for (const failure of failures) logger.error({ kpi: failure.key, site: failure.site, err: failure.error }, "KPI computation failed");
  return failures.length;
}

/** Runs one job now, logging how it went. Never throws. */
export async function runJob(job: JobDefinition, context: Omit<JobContext, "now">): Promise<{ ok: boolean; result?: Record<string, unknown> }> {
  const started = Date.now();
  const { metrics } = context;
  metrics?.queueDepth.inc({ state: "active" });
  const finish = (outcome: "success" | "failure") => {
    metrics?.queueDepth.dec({ state: "active" });
    metrics?.jobRuns.inc({ job: job.name, outcome });
    metrics?.jobDuration.observe({ job: job.name }, (Date.now() - started) / 1000);
  };
  try {
    const result = await job.run({ ...context, now: new Date() });
    finish("success");
    context.logger.info({ job: job.name, ms: Date.now() - started, ...result }, "job finished");
    return { ok: true, result };
  } catch (error) {
    finish("failure");
    context.logger.error({ job: job.name, ms: Date.now() - started, err: error }, "job failed");
    return { ok: false };
  }
}

export interface JobRunner {
  stop(): void;
  /** When each job runs next. */
  next(): Record<string, Date | null>;
}

export function startJobs(context: Omit<JobContext, "now">, jobs: readonly JobDefinition[] = JOBS): JobRunner {
  const crons = jobs.map((job) => new Cron(job.schedule, { name: job.name, timezone: "Asia/Tokyo", protect: true }, async () => {
      await runJob(job, context);
    }));
  return {
    stop: () => crons.forEach((cron) => cron.stop()),
    next: () => Object.fromEntries(crons.map((cron, i) => [jobs[i]!.name, cron.nextRun()])),
  };
}

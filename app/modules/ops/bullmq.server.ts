// The Redis-backed job runner (REDIS_URL set): every job is a BullMQ job scheduler in Japan time, upserted by
// every instance under the same id, so each tick becomes one BullMQ job that one worker of the cluster takes
// (and the tick's job_runs row says so, as with the in-process runner). BullMQ retries a failed attempt with
// a doubling delay. When Redis goes away the site does not notice (nothing on a request's path waits for
// it); the workers reconnect by themselves and the schedule goes on.
import type * as BullMQ from "bullmq";
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { getDb } from "~/lib/db.server";
import { isConnectionError, outageLog, WAITING_OPTIONS, watchConnection } from "~/lib/redis.server";
import {
  attemptRun,
  claimRun,
  findJob,
  JOBS,
  retriesOf,
  scheduleOf,
  type JobContext,
  type JobDefinition,
  type JobRunner,
} from "./jobs.server.ts";

export const QUEUE = "kizuna-jobs";

interface JobData {
  /** Set for a run by hand: its job_runs row. */
  runId?: string;
}

/** The schedule tick a scheduler's job is for, from its id (repeat:<scheduler>:<millis>). */
export function tickOf(job: Pick<Job, "id" | "timestamp">): Date {
  const millis = /:(\d+)$/.exec(job.id ?? "")?.[1];
  return new Date(millis ? Number(millis) : job.timestamp);
}

/**
 * BullMQ (with OpenTelemetry's API, ~80 files) is loaded when a Redis-backed runner or a queued run needs it,
 * not by every start: without REDIS_URL it is never used.
 */
async function bullmq(): Promise<typeof BullMQ> {
  return import("bullmq");
}

function connect(redisUrl: string): Redis {
  // BullMQ's workers block on Redis: no per-command retry limit, reconnect forever with a capped delay.
  return new Redis(redisUrl, WAITING_OPTIONS);
}

function templateFor(job: JobDefinition) {
  const { attempts, retryDelayMs } = retriesOf(job);
  return {
    attempts,
    backoff: { type: "exponential" as const, delay: retryDelayMs },
    removeOnComplete: { count: 200 },
    removeOnFail: { count: 500 },
  };
}

export async function startBullJobs(
  context: Omit<JobContext, "now">,
  redisUrl: string,
  jobs: readonly JobDefinition[] = JOBS,
): Promise<JobRunner> {
  const { Queue, Worker } = await bullmq();
  const queueConnection = connect(redisUrl);
  const workerConnection = connect(redisUrl);
  // Every reconnect attempt fails with an error event on each connection and on the queue and worker that use
  // them: an outage is logged once per component when it starts, then at most every 30 s, and when it ends.
  const queueOutage = outageLog(context.logger, "jobs.queue");
  const workerOutage = outageLog(context.logger, "jobs.worker");
  watchConnection(queueConnection, queueOutage);
  watchConnection(workerConnection, workerOutage);
  const queue = new Queue<JobData>(QUEUE, { connection: queueConnection });
  // Without a listener BullMQ writes the queue's errors to stderr as plain stacks.
  queue.on("error", (error) =>
    isConnectionError(error) ? queueOutage.failed(error) : context.logger.warn({ err: error }, "jobs: queue error"),
  );
  // In the background: with Redis away at start the server still comes up; the schedules follow when it is back.
  let stopped = false;
  const register = async (): Promise<void> => {
    try {
      for (const job of jobs) {
        await queue.upsertJobScheduler(
          job.name,
          { pattern: scheduleOf(job), tz: "Asia/Tokyo" },
          { name: job.name, data: {}, opts: templateFor(job) },
        );
      }
      context.logger.info({ jobs: jobs.length }, "jobs: schedules registered with BullMQ");
    } catch (error) {
      if (stopped) return;
      if (isConnectionError(error)) queueOutage.failed(error);
      else context.logger.warn({ err: error }, "jobs: could not register the schedules; retrying");
      await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
      if (!stopped) return register();
    }
  };
  void register();
  // After Redis comes back — possibly empty (restarted without persistence, or failed over) — the schedules
  // are upserted again: idempotent when they survived, restored when they did not.
  let reconnected = false;
  queueConnection.on("close", () => (reconnected = true));
  queueConnection.on("ready", () => {
    if (!reconnected || stopped) return;
    reconnected = false;
    void register();
  });

  const worker = new Worker<JobData>(
    QUEUE,
    async (bullJob) => {
      const job = jobs.find((j) => j.name === bullJob.name) ?? findJob(bullJob.name);
      if (!job) throw new Error(`No job named ${bullJob.name}`);
      const attempt = bullJob.attemptsMade + 1;
      const attempts = bullJob.opts.attempts ?? 1;
      let runId = bullJob.data.runId;
      if (!runId) {
        const tick = tickOf(bullJob);
        runId = (await claimRun(job.name, { trigger: "schedule", scheduledFor: tick })) ?? undefined;
        // A retry of a claimed tick finds its own row; a tick the in-process runner of another instance already ran is skipped.
        if (!runId && attempt > 1)
          runId = (await getDb().jobRun.findFirst({ where: { job: job.name, scheduledFor: tick }, select: { id: true } }))?.id;
        if (!runId) return { skipped: true };
        await bullJob.updateData({ runId });
      }
      return attemptRun(job, context, runId, attempt, attempt >= attempts);
    },
    { connection: workerConnection, concurrency: 2 },
  );
  // attemptRun records and logs the failure; BullMQ's own event would only repeat it.
  worker.on("failed", () => undefined);
  // The worker's errors include those of its blocking connection (a copy of workerConnection BullMQ makes).
  worker.on("error", (error) =>
    isConnectionError(error) ? workerOutage.failed(error) : context.logger.warn({ err: error }, "jobs: worker error"),
  );

  const depth = setInterval(() => {
    void queue
      .getJobCounts("waiting", "delayed", "active")
      .then((counts) => {
        for (const [state, value] of Object.entries(counts))
          context.metrics?.queueDepth.set({ state: state === "active" ? "active_cluster" : state }, value);
      })
      .catch(() => undefined); // Redis away: the gauge keeps its last value until it is back
  }, 5_000);
  depth.unref();

  return {
    kind: "bullmq",
    async stop() {
      stopped = true;
      clearInterval(depth);
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
    async next() {
      const schedulers = await queue.getJobSchedulers();
      return Object.fromEntries(
        jobs.map((job) => [
          job.name,
          (() => {
            const next = schedulers.find((s) => s.key === job.name || s.id === job.name)?.next;
            return next ? new Date(next) : null;
          })(),
        ]),
      );
    },
  };
}

/** Puts a run by hand on the queue (its row made first, so the admin sees it at once). */
export async function enqueueManualRun(redisUrl: string, job: JobDefinition): Promise<string> {
  const { Queue } = await bullmq();
  const runId = (await claimRun(job.name, { trigger: "manual" }))!;
  // Fails fast when Redis is away: the admin hears so at once instead of waiting.
  const connection = new Redis(redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => (times > 2 ? null : 200),
  });
  // Its errors reach the admin through queue.add's rejection (and the route's log line); these listeners only
  // keep ioredis and BullMQ from writing each failed connection attempt to stderr as well.
  connection.on("error", () => undefined);
  const queue = new Queue<JobData>(QUEUE, { connection });
  queue.on("error", () => undefined);
  try {
    await queue.add(job.name, { runId }, templateFor(job));
    return runId;
  } catch (error) {
    await getDb().jobRun.update({
      where: { id: runId },
      data: {
        status: "failed",
        finishedAt: new Date(),
        error: `Could not queue the run: ${error instanceof Error ? error.message : String(error)}`,
      },
    });
    throw error;
  } finally {
    await queue.close().catch(() => undefined);
    connection.disconnect();
  }
}

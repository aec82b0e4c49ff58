// Running a job by hand (the admin's "Run now", npm run job): queued on Redis when the cluster shares one,
// otherwise started in this process in the background. Either way the run's row exists at once.
import { getEnv } from "~/lib/env.server";
import type { Metrics } from "~/lib/metrics.server";
import type { Logger } from "pino";
import type { Registry } from "~/modules/plugins/registry.server";
import { enqueueManualRun } from "./bullmq.server.ts";
import { fail, ok, type Result } from "~/lib/result";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { claimRun, executeRun, findJob, retriesOf } from "./jobs.server.ts";

/**
 * Starts or queues a run of the job `name` by hand: its run id, or why not (no such job; the queue or database
 * away). A started or queued run is audited as `actorId`'s.
 */
export async function requestRun(
  name: string,
  context: { registry: Registry; logger: Logger; metrics?: Metrics },
  { actorId, origin }: { actorId: string; origin: RequestOrigin },
): Promise<Result<{ runId: string; queued: boolean }>> {
  const job = findJob(name);
  if (!job) return fail("bad_request", "jobs.unknown", { field: "job" });
  let run: { runId: string; queued: boolean };
  try {
    const env = getEnv();
    if (env.REDIS_URL) {
      run = { runId: await enqueueManualRun(env.REDIS_URL, job), queued: true };
    } else {
      run = { runId: (await claimRun(job.name, { trigger: "manual" }))!, queued: false };
      void executeRun(job, context, run.runId, retriesOf(job));
    }
  } catch (error) {
    // Redis away: the run could not be queued (its row says so).
    context.logger.warn({ err: error }, "manual job run could not be queued");
    return fail("unavailable", "jobs.queueDown");
  }
  const changes = { job: job.name, queued: run.queued };
  await recordAudit({ userId: actorId, action: "POST", resource: "jobs", resourceId: run.runId, changes, ...origin, status: "success" });
  return ok(run);
}

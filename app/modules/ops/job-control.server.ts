// Running a job by hand (the admin's "Run now", npm run job): queued on Redis when the cluster shares one,
// otherwise started in this process in the background. Either way the run's row exists at once.
import { getEnv } from "~/lib/env.server";
import type { Metrics } from "~/lib/metrics.server";
import type { Logger } from "pino";
import type { Registry } from "~/modules/plugins/registry.server";
import { enqueueManualRun } from "./bullmq.server.ts";
import { claimRun, executeRun, findJob, retriesOf } from "./jobs.server.ts";

export class UnknownJob extends Error {}

export async function requestRun(
  name: string,
  context: { registry: Registry; logger: Logger; metrics?: Metrics },
): Promise<{ runId: string; queued: boolean }> {
  const job = findJob(name);
  if (!job) throw new UnknownJob(name);
  const env = getEnv();
  if (env.REDIS_URL) return { runId: await enqueueManualRun(env.REDIS_URL, job), queued: true };
  const runId = (await claimRun(job.name, { trigger: "manual" }))!;
  void executeRun(job, context, runId, retriesOf(job));
  return { runId, queued: false };
}

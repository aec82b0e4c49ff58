// Runs one scheduled job now, in this process, recorded in job_runs like a scheduled run (attempts and retries
// included), and exits with 0 when it succeeded, 1 when it failed:
//   npm run job -- report.daily        (npm run job -- --list shows them all)
import pino from "pino";
import { withConfiguredDatabase } from "../server/database.ts";
import { applyMigrations } from "../server/db/migrate.ts";
import { JOBS } from "../app/modules/ops/jobs.server.ts";

const name = process.argv[2];
if (!name || name === "--list" || !JOBS.some((job) => job.name === name)) {
  if (name && name !== "--list") console.error(`No job named "${name}".`);
  console.error(
    `Usage: npm run job -- <name>\nJobs:\n${JOBS.map((job) => `  ${job.name.padEnd(28)} ${job.schedule} (Asia/Tokyo)`).join("\n")}`,
  );
  process.exit(name === "--list" ? 0 : 2);
}

const outcome = await withConfiguredDatabase(async (url) => {
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  const [{ runJob, findJob }, { buildRegistry }, { plugins }, { createMetrics }] = await Promise.all([
    import("../app/modules/ops/jobs.server.ts"),
    import("../app/modules/plugins/registry.server.ts"),
    import("../plugins/index.ts"),
    import("../app/lib/metrics.server.ts"),
  ]);
  const logger = pino({ level: "info", base: { service: "kizuna-job" } });
  return runJob(findJob(name)!, { registry: buildRegistry(plugins), logger, metrics: createMetrics() }, { trigger: "manual" });
});
if (outcome.ok) console.log(JSON.stringify(outcome.result, null, 2));
else console.error(`Job ${name} failed: ${outcome.message}`);
process.exit(outcome.ok ? 0 : 1);

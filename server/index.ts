// Starts Kizuna CRM: configuration, database (embedded by default), migrations, demo data, then the web server.
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { EnvError, getEnv, type Env } from "../app/lib/env.server.ts";
import { createRateLimits, rulesFromEnv } from "../app/lib/rate-limit.server.ts";
import { siteUrls } from "../app/lib/tenant.server.ts";
import { startJobs, type JobRunner } from "../app/modules/ops/jobs.server.ts";
import { startBullJobs } from "../app/modules/ops/bullmq.server.ts";
import { resumeImports } from "../app/modules/leads/import.server.ts";
import { createMetrics } from "../app/lib/metrics.server.ts";
import { buildRegistry, PluginError, type Registry } from "../app/modules/plugins/registry.server.ts";
import { plugins } from "../plugins/index.ts";
import { createApp } from "./app.ts";
import { openDatabase, prepareDatabase, type Database } from "./database.ts";
import { DatabaseStartError, portIsFree } from "./db/embedded.ts";
import { ROOT } from "./db/migrate.ts";

function fail(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

function loadEnv(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(`${error.message}\nSee .env.example for every variable and its default.`);
    throw error;
  }
}

async function loadBuild(): Promise<ServerBuild> {
  const buildPath = path.join(ROOT, "build/index.js");
  if (!existsSync(buildPath)) fail("No server build found at build/index.js. Run `npm run build` first (npm start does).");
  return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
}

/**
 * Remix answers errors with their stack traces (server paths, file names) in development mode. That is for the
 * developer at the keyboard: only `npm run dev` with NODE_ENV=development gets it; the server build that
 * `npm start` and deployments run is in production mode whatever NODE_ENV says (unset, it is "development").
 */
function remixMode(env: Env): "development" | "production" {
  return env.NODE_ENV === "development" && process.env.npm_lifecycle_event === "dev" ? "development" : "production";
}

const portInUse = (env: Env) =>
  `Port ${env.PORT} on ${env.HOST} is already in use. Stop the other process or start on another port: PORT=${env.PORT + 1} npm start`;

function listen(app: ReturnType<typeof createApp>, env: Env): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(env.PORT, env.HOST, () => resolve(server));
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new DatabaseStartError(portInUse(env)));
      } else if (error.code === "EACCES") {
        reject(new DatabaseStartError(`Not allowed to listen on port ${env.PORT}. Choose a port above 1024 with PORT=…`));
      } else {
        reject(error);
      }
    });
  });
}

async function main() {
  const env = loadEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "kizuna" } });
  let db: Database | undefined;
  let server: Server | undefined;
  let jobs: JobRunner | undefined;
  const limits = createRateLimits({ redisUrl: env.REDIS_URL, rules: rulesFromEnv(env), logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await jobs?.stop().catch(() => undefined);
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await limits.close().catch(() => undefined);
    await db?.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  // Plugins first: a broken plugin stops the server before anything starts, naming the plugin.
  let registry: Registry;
  try {
    registry = buildRegistry(plugins);
  } catch (error) {
    if (error instanceof PluginError) fail(`${error.message}\nFix it in plugins/index.ts or the plugin, then start again.`);
    throw error;
  }
  if (!(await portIsFree(env.PORT, env.HOST))) fail(portInUse(env));
  try {
    db = await openDatabase(env, logger);
    process.env.DATABASE_URL = db.url;
    await prepareDatabase(db, env, logger);
    const build = await loadBuild();
    const metrics = createMetrics();
    server = await listen(createApp({ env, build, logger, limits, registry, metrics, mode: remixMode(env) }), env);
    if (env.JOBS_ENABLED) {
      const context = { registry, logger: logger.child({ component: "jobs" }), metrics };
      // With Redis the cluster shares BullMQ's schedules; without, this process keeps them itself.
      jobs = env.REDIS_URL ? await startBullJobs(context, env.REDIS_URL) : startJobs(context);
      // CSV imports left running by a stopped instance go on now rather than at the next run of leads.imports.
      void resumeImports(context.logger).then(
        (resumed) => resumed > 0 && logger.info({ resumed }, "lead imports left by a stopped instance finished"),
        (error: unknown) => logger.warn({ err: error }, "could not resume lead imports; the leads.imports job tries again"),
      );
    }
  } catch (error) {
    await db?.stop();
    if (error instanceof DatabaseStartError) fail(error.message);
    throw error;
  }

  const urls = siteUrls(env, { hostname: "localhost", port: String(env.PORT) });
  const index = `${env.PUBLIC_SCHEME}://localhost:${env.PORT}`;
  process.stdout.write(
    [
      "",
      `Kizuna CRM is running${db.embedded ? ` (embedded PostgreSQL, data in ${db.dir})` : ""}:`,
      `  傾奇ユウヤ   ${urls.yuya}`,
      `  猫空あおば   ${urls.aoba}`,
      `  Admin        ${urls.admin}`,
      `  Index        ${index}`,
      "",
      "Demo sign-in for the admin: admin@example.com (also manager@, support@, user@example.com)",
      env.SMTP_URL ? "  The sign-in code is emailed." : `  Without SMTP the sign-in code is written to ${path.resolve(env.OUTBOX_DIR)} (and the log).`,
      "Stop with Ctrl+C.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

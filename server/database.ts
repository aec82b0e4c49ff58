// Chooses the database (DATABASE_URL, else the embedded default), migrates it, and seeds a new embedded one.
import { createHash } from "node:crypto";
import path from "node:path";
import type { Logger } from "pino";
import { getEnv, resetEnv, type Env } from "../app/lib/env.server.ts";
import pg from "pg";
import {
  blockedForPostgresUser,
  DatabaseStartError,
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  runningPostmaster,
  startEmbeddedPostgres,
} from "./db/embedded.ts";
import { applyMigrations } from "./db/migrate.ts";
import { applyLocalSecrets } from "./secrets.ts";

export interface Database {
  url: string;
  embedded: boolean;
  /** The embedded database's data directory. */
  dir: string | null;
  stop(): Promise<void>;
}

/**
 * Where the embedded database keeps its data: EMBEDDED_PG_DIR (./data/pg). Run as root from a checkout the
 * `postgres` user cannot enter (e.g. under /root, mode 700), the default moves to /var/lib/kizuna-crm/<checkout>,
 * so `npm start` works as is; an explicitly configured directory is never moved.
 */
export async function embeddedDataDir(env: Pick<Env, "EMBEDDED_PG_DIR">): Promise<string> {
  const configured = path.resolve(env.EMBEDDED_PG_DIR);
  const blocked = await blockedForPostgresUser(configured);
  if (!blocked || process.env.EMBEDDED_PG_DIR) return configured;
  const checkout = createHash("sha256").update(configured).digest("hex").slice(0, 12);
  return path.join("/var/lib/kizuna-crm", checkout, "pg");
}

export async function openDatabase(env: Env, logger: Logger): Promise<Database> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, embedded: false, dir: null, stop: async () => {} };
  }
  const dir = await embeddedDataDir(env);
  logger.info({ dir, port: env.EMBEDDED_PG_PORT }, "starting the embedded PostgreSQL");
  const pgLog = logger.child({ component: "postgres" });
  const db = await startEmbeddedPostgres({
    dir,
    port: env.EMBEDDED_PG_PORT,
    database: "kizuna",
    log: (line) => pgLog.debug(line),
  });
  return { url: db.url, embedded: true, dir, stop: db.stop };
}

/** Fails fast, naming host and port (never the password), when the database cannot be reached. */
async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const { hostname, port, pathname } = new URL(url);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseStartError(
      `Cannot reach the database at ${hostname}:${port || 5432}${pathname} (${reason}). ` +
        "Check DATABASE_URL, or unset it to use the embedded PostgreSQL.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function prepareDatabase(db: Database, env: Env, logger: Logger): Promise<void> {
  await checkReachable(db.url);
  const applied = await applyMigrations(db.url, (line) => logger.debug({ component: "schema-engine" }, line));
  if (applied.length) logger.info({ migrations: applied }, "applied migrations");
  if (db.embedded && env.SEED_ON_FIRST_START) {
    const { seedIfEmpty } = await import("../prisma/seed.ts");
    const seeded = await seedIfEmpty(db.url);
    if (seeded) logger.info("seeded demo data for both sites");
  }
}

/** Runs a command-line task against the configured database (the embedded one is started and stopped around it). */
export async function withConfiguredDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const env = getEnv();
  if (env.DATABASE_URL) return run(env.DATABASE_URL);
  const dir = await embeddedDataDir(env);
  // The data's secrets (made by the first `npm start`), or its personal data would be read and written with other keys.
  if (await applyLocalSecrets({ pgDir: dir, create: false })) resetEnv();
  // The server is running on the embedded database: use it as it is (it stays up when the task ends).
  const running = await runningEmbeddedUrl(dir, env.EMBEDDED_PG_PORT);
  if (running) return run(running);
  const db = await startEmbeddedPostgres({ dir, port: env.EMBEDDED_PG_PORT, database: "kizuna" });
  try {
    return await run(db.url);
  } finally {
    await db.stop();
  }
}

/** The URL of the embedded database when its server is already running from `dir` on `port` (a running Kizuna server). */
async function runningEmbeddedUrl(dir: string, port: number): Promise<string | null> {
  if (runningPostmaster(dir)?.port !== port) return null;
  const url = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/kizuna`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return url;
  } catch {
    return null; // not ours, or not answering: the normal start reports why
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The one Prisma client of the app (PostgreSQL through the pg driver adapter).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as BaseClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server.ts";
import { piiEncryption } from "./pii-extension.server.ts";

/** A client with personal data encrypted at rest (see pii-extension.server.ts). */
export function createPrismaClient(connectionString: string, max = 10, pool?: pg.Pool) {
  // Given a pool, the caller owns it (the app's shared one, whose stats the metrics read); otherwise the adapter does.
  return new BaseClient({ adapter: new PrismaPg(pool ?? { connectionString, max }) }).$extends(piiEncryption);
}

export type PrismaClient = ReturnType<typeof createPrismaClient>;

// The server's own modules (jobs, imports) and the Remix build each have a copy of this module. They share one
// client through the process-wide symbol registry: each client holds its own query compiler (WebAssembly, tens
// of MB) and pool, so two would cost both twice. The metrics read the pool the same way.
const SHARED = Symbol.for("kizuna.db.shared");
const scope = globalThis as { [SHARED]?: { client: PrismaClient; pool: pg.Pool } };

/** The shared client, created on first use from DATABASE_URL (set by the server once the database is up). */
export function getDb(): PrismaClient {
  let shared = scope[SHARED];
  if (!shared) {
    const env = getEnv();
    const url = process.env.DATABASE_URL ?? env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server sets it once the database is up");
    const pool = new pg.Pool({ connectionString: url, max: env.DATABASE_POOL_MAX });
    // The adapter reports an idle connection the server closed while it is connected; closeDb() detaches it
    // before pool.end(), which resolves before the server has seen the connections go. A goodbye arriving in
    // that gap would be an uncaught exception without a listener of the pool's own.
    pool.on("error", () => undefined);
    shared = scope[SHARED] = { client: createPrismaClient(url, env.DATABASE_POOL_MAX, pool), pool };
  }
  return shared.client;
}

/**
 * Closes the shared client and its connections (a test file before it drops its database, so no open
 * connection is cut from under the pool); the next getDb() opens a new one.
 */
export async function closeDb(): Promise<void> {
  const shared = scope[SHARED];
  scope[SHARED] = undefined;
  if (!shared) return;
  await shared.client.$disconnect();
  await shared.pool.end();
}

/** The client inside an interactive transaction (same models and extension, no $transaction). */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** The process's connection pool, for the metrics (undefined before the first query). */
export function poolStats(): { total: number; idle: number; waiting: number; max: number } | undefined {
  const pool = scope[SHARED]?.pool;
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}

// The Prisma clients of the app (PostgreSQL through the pg driver adapter): the primary's, and a streaming replica's for dashboard reads.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { pino, type Logger } from "pino";
import { PrismaClient as BaseClient } from "~/generated/prisma/client";
import { isConnectionError } from "./db-errors.ts";
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
const REPLICA = Symbol.for("kizuna.db.replica");
const scope = globalThis as { [SHARED]?: { client: PrismaClient; pool: pg.Pool }; [REPLICA]?: Replica };

interface Replica {
  client: PrismaClient;
  pool: pg.Pool;
  /** After a failure, reads go to the primary until then (no connection attempt per request while it is down). */
  downUntil: number;
  /** When the fallback was last logged (once a minute at most). */
  loggedAt: number;
}

const READ = /^\s*SELECT\b/i;

/**
 * The app's pool, made to survive PostgreSQL restarting under it.
 *
 * A restart can cut every pooled connection without the client hearing of it (a container's network going
 * away, a failover behind an address): each one fails the first query sent on it. So once one connection is
 * seen broken, every connection made before that moment is suspect and is dropped when next checked out, not
 * reused. A statement that failed on a broken connection is sent again, once, on a fresh one when that is safe:
 * a read (SELECT), or any statement pg refused to send because its connection was already gone. A write that
 * may have reached the server is never repeated: it fails, and the app answers 503. Connecting gives up after
 * `connectTimeoutMs`, so a database that does not answer at all fails requests promptly instead of hanging them.
 */
export function createPool(connectionString: string, max: number, connectTimeoutMs: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true });
  // Connections carry the generation they were made in; a broken one starts the next generation.
  let generation = 0;
  const madeIn = new WeakMap<pg.Client, number>();
  const suspect = (error: unknown) => {
    if (isConnectionError(error)) generation += 1;
  };
  pool.on("connect", (client) => madeIn.set(client, generation));
  // Also the listener pg requires: without one, an idle connection the server closes (a restart; closeDb()'s
  // pool.end() resolving before the server has seen the connections go) would be an uncaught exception.
  pool.on("error", suspect);
  pool.on("release", (error: unknown) => error && suspect(error));

  const connect = pool.connect.bind(pool);
  const query = pool.query.bind(pool);
  async function fresh(): Promise<pg.PoolClient> {
    for (;;) {
      const client = await connect();
      if (madeIn.get(client) === generation) return client;
      client.release(true); // made before a connection was seen broken: closed, not reused
    }
  }
  async function run(config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    for (let attempt = 1; ; attempt++) {
      const client = await fresh();
      // A checked-out client re-emits its socket's error after failing the query with it (as pg-pool's own
      // query() does, a listener takes it: the query's rejection is the one that counts).
      const ignore = () => undefined;
      client.on("error", ignore);
      try {
        const result = await client.query(config, values);
        client.removeListener("error", ignore);
        client.release();
        return result;
      } catch (error) {
        client.removeListener("error", ignore);
        const broken = isConnectionError(error);
        client.release(broken ? (error as Error) : undefined);
        // pg's "not queryable" errors are raised before anything is written to the socket.
        const neverSent = /not queryable/i.test((error as Error).message ?? "");
        if (!broken || attempt > 1 || !(READ.test(config.text) || neverSent)) throw error;
      }
    }
  }
  // The driver adapter calls pool.query(config) for statements outside transactions and pool.connect() for
  // transactions; the callback forms (pg's own internals) are left as they are.
  pool.connect = ((callback?: unknown) => (typeof callback === "function" ? connect(callback as never) : fresh())) as typeof pool.connect;
  pool.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    const plain =
      typeof config === "object" && config !== null && typeof (config as pg.QueryConfig).text === "string" && !("submit" in config);
    if (!plain || typeof values === "function" || callback !== undefined) return query(config as never, values as never, callback as never);
    return run(config as pg.QueryConfig, values as unknown[] | undefined);
  }) as typeof pool.query;
  return pool;
}

/** The shared client, created on first use from DATABASE_URL (set by the server once the database is up). */
export function getDb(): PrismaClient {
  let shared = scope[SHARED];
  if (!shared) {
    const env = getEnv();
    const url = process.env.DATABASE_URL ?? env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server sets it once the database is up");
    const pool = createPool(url, env.DATABASE_POOL_MAX, env.DATABASE_CONNECT_TIMEOUT_MS);
    shared = scope[SHARED] = { client: createPrismaClient(url, env.DATABASE_POOL_MAX, pool), pool };
  }
  return shared.client;
}

/** How long reads stay on the primary after the replica failed, and how often that is logged. */
const REPLICA_RETRY_MS = 30_000;
const REPLICA_LOG_MS = 60_000;

function getReplica(): Replica | undefined {
  let replica = scope[REPLICA];
  const env = getEnv();
  if (!replica && env.DATABASE_REPLICA_URL) {
    // Short connect timeout: a replica that does not answer costs a dashboard read this much before the primary serves it.
    // The same pool as the primary's (a connection broken by a restart is dropped, a read retried once).
    const pool = createPool(env.DATABASE_REPLICA_URL, env.DATABASE_REPLICA_POOL_MAX, Math.min(2_000, env.DATABASE_CONNECT_TIMEOUT_MS));
    replica = scope[REPLICA] = {
      client: createPrismaClient(env.DATABASE_REPLICA_URL, env.DATABASE_REPLICA_POOL_MAX, pool),
      pool,
      downUntil: 0,
      loggedAt: 0,
    };
  }
  return replica;
}

/**
 * Runs a read-only query where reads may lag (the dashboard, analytics, KPIs shown to users) on the streaming replica
 * (DATABASE_REPLICA_URL), or on the primary without one. Never for a write, nor for what a user expects to see right
 * after their own write: the replica may be seconds behind. When the replica fails (down, or an error such as a
 * query cancelled by recovery), the read is answered by the primary, and the primary serves these reads for the next
 * 30 s; the fallback is logged at most once a minute. `primary: true` reads the primary (right after the request's
 * own write, e.g. the dashboard after "Recalculate now").
 */
export async function withReadDb<T>(read: (db: PrismaClient) => Promise<T>, { primary = false }: { primary?: boolean } = {}): Promise<T> {
  const replica = primary ? undefined : getReplica();
  if (!replica || Date.now() < replica.downUntil) return read(getDb());
  try {
    return await read(replica.client);
  } catch (error) {
    replica.downUntil = Date.now() + REPLICA_RETRY_MS;
    if (Date.now() - replica.loggedAt >= REPLICA_LOG_MS) {
      replica.loggedAt = Date.now();
      dbLogger().warn({ err: error }, "the read replica failed: dashboard and analytics reads go to the primary for now");
    }
    return read(getDb());
  }
}

/** The replica's client for its health check (undefined without DATABASE_REPLICA_URL). */
export function getReplicaDb(): PrismaClient | undefined {
  return getReplica()?.client;
}

let logger: Logger | undefined;
const dbLogger = () => (logger ??= pino({ level: getEnv().LOG_LEVEL, base: { service: "kizuna", component: "db" } }));

/**
 * Closes the shared client and its connections (a test file before it drops its database, so no open
 * connection is cut from under the pool); the next getDb() opens a new one.
 */
export async function closeDb(): Promise<void> {
  const shared = scope[SHARED];
  const replica = scope[REPLICA];
  scope[SHARED] = undefined;
  scope[REPLICA] = undefined;
  for (const open of [shared, replica]) {
    if (!open) continue;
    await open.client.$disconnect();
    await open.pool.end();
  }
}

/** The client inside an interactive transaction (same models and extension, no $transaction). */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

const statsOf = (pool: pg.Pool | undefined): PoolStats | undefined =>
  pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };

/** The process's connection pool, for the metrics (undefined before the first query). */
export function poolStats(): PoolStats | undefined {
  return statsOf(scope[SHARED]?.pool);
}

/** The replica's pool, for the metrics (undefined without a replica, or before its first read). */
export function replicaPoolStats(): PoolStats | undefined {
  return statsOf(scope[REPLICA]?.pool);
}

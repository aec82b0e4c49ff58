// Gives a test file its own database, cloned from the migrated template, dropped when the file is done.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { closeDb, createPrismaClient, type PrismaClient } from "~/lib/db.server";

export interface TestDatabase {
  url: string;
  db: PrismaClient;
  /** Runs raw SQL as the superuser (for checks Prisma would refuse to send). */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<T>>;
}

/**
 * pg's rule: a pool or client with no 'error' listener turns a connection the server closes while it sits idle
 * (a restart, pg_terminate_backend, DROP DATABASE ... FORCE) into an uncaught exception that fails the whole run.
 * It happens at teardown too: pool.end() resolves once its clients are told to end, not when the server has
 * seen them go, so the DROP ... FORCE below can still terminate one of them.
 * With one, the pool drops that connection and the next query opens another; a query that needs the closed
 * connection still fails in its own test.
 */
function reportClosed(what: string) {
  return (error: Error) => process.stderr.write(`${what}: PostgreSQL closed an idle connection (${error.message})\n`);
}

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", reportClosed("test database admin"));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createPrismaClient(url.toString(), 4);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on("error", reportClosed(`test database ${name}`));
  afterAll(async () => {
    // The app's shared client too, when the file pointed it here (process.env.DATABASE_URL = url).
    if (process.env.DATABASE_URL === url.toString()) await closeDb();
    await db.$disconnect();
    await pool.end();
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { url: url.toString(), db, sql: (text, values) => pool.query(text, values) };
}

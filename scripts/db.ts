// Database commands: migrate (apply pending migrations), create <name> (new migration from schema changes),
// check (schema and migrations agree), seed (demo data). Uses DATABASE_URL, else the embedded default.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { withConfiguredDatabase } from "../server/database.ts";
import { startScratchPostgres } from "../server/db/embedded.ts";
import { applyMigrations, diffSchemas, isEmptyDiff, MIGRATIONS_DIR, SCHEMA_PATH, SNAPSHOT_PATH } from "../server/db/migrate.ts";

/** The schema engine connects even for a schema-to-schema diff (it reads nothing): give it a scratch cluster. */
async function diffFromSnapshot(schema: string): Promise<string> {
  const db = await startScratchPostgres();
  try {
    return await diffSchemas(await readSnapshot(), schema, db.url);
  } finally {
    await db.stop();
  }
}

async function readSnapshot(): Promise<string | null> {
  return readFile(SNAPSHOT_PATH, "utf8").catch(() => null);
}

async function create(name: string | undefined) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("Usage: npm run db:migration -- <name>   (name: lowercase letters, digits and _)");
  }
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const sql = await diffFromSnapshot(schema);
  if (isEmptyDiff(sql)) {
    console.log("No schema changes since the last migration.");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(dir);
  await writeFile(path.join(dir, "migration.sql"), sql);
  await writeFile(SNAPSHOT_PATH, schema);
  console.log(
    `Created ${path.relative(process.cwd(), dir)}/migration.sql — review it, add what the schema language cannot say, then npm run db:migrate.`,
  );
}

async function check() {
  const sql = await diffFromSnapshot(await readFile(SCHEMA_PATH, "utf8"));
  if (!isEmptyDiff(sql)) {
    console.error(`prisma/schema.prisma has changes no migration contains:\n${sql}\nRun: npm run db:migration -- <name>`);
    process.exit(1);
  }
  console.log("Schema and migrations agree.");
}

const [command, arg] = process.argv.slice(2);
switch (command) {
  case "migrate": {
    const applied = await withConfiguredDatabase((url) => applyMigrations(url));
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
    break;
  }
  case "create":
    await create(arg);
    break;
  case "check":
    await check();
    break;
  case "seed": {
    const { seed } = await import("../prisma/seed.ts");
    await withConfiguredDatabase(async (url) => {
      await applyMigrations(url);
      await seed(url);
    });
    console.log("Seeded demo data.");
    break;
  }
  default:
    console.error(
      "Usage: npm run db:migrate | db:migration -- <name> | db:check | seed   (node build/scripts/db.mjs migrate | create <name> | check | seed)",
    );
    process.exit(2);
}

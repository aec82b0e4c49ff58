// Prisma migrations without the native schema-engine binary (which this machine cannot download):
// Prisma's own WASM schema engine, driven through the pg driver adapter. See docs/decisions/001-prisma-offline.md.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationDirectory, SchemaEngine } from "@prisma/schema-engine-wasm";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");
/** The schema as of the newest migration; the next migration is the diff from it to schema.prisma. */
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");
const LOCKFILE = "migration_lock.toml";
const FILTERS = { externalTables: [], externalEnums: [] };

// One WASM instance per process, even when this module is loaded twice (e.g. by two Vitest projects):
// the wasm-bindgen glue is a singleton, and a second instance would mix the two.
const WASM_READY = Symbol.for("kizuna.schema-engine-wasm");
const globals = globalThis as typeof globalThis & {
  [WASM_READY]?: Promise<void>;
  PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void };
};
let lastPanic: string | undefined;

function loadWasm(): Promise<void> {
  // The engine reports a Rust panic's message here before it throws (as Prisma's own loader sets up).
  globals.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (lastPanic = message) };
  globals[WASM_READY] ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": engineGlue });
    engineGlue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return globals[WASM_READY];
}

type Log = (message: string) => void;

interface ScriptingAdapter {
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  executeScript(script: string): Promise<void>;
}

/**
 * PrismaPg for the schema engine, with two fixes:
 * - a migration script goes to PostgreSQL whole, as `prisma migrate` sends it (the adapter splits it on every
 *   `;`, which breaks function bodies and comments); PostgreSQL runs a multi-statement script atomically;
 * - the pools it opens are closed afterwards: the engine does not, and an open connection keeps the
 *   database busy (e.g. a template that tests clone).
 */
class ClosablePg extends PrismaPg {
  private readonly opened: { dispose(): Promise<void> }[] = [];
  override async connect() {
    const adapter = await super.connect();
    const scripting = adapter as unknown as ScriptingAdapter;
    scripting.executeScript = async (script) => {
      try {
        await scripting.client.query(script);
      } catch (error) {
        scripting.onError(error);
      }
    };
    this.opened.push(adapter);
    return adapter;
  }
  async close(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((adapter) => adapter.dispose()));
  }
}

async function withEngine<T>(url: string, schema: string, run: (engine: SchemaEngine) => Promise<T>, log?: Log): Promise<T> {
  await loadWasm();
  const pg = new ClosablePg({ connectionString: url });
  const adapter = bindMigrationAwareSqlAdapterFactory(pg);
  const engine = await engineGlue.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, (line: string) => log?.(line), adapter);
  try {
    return await run(engine);
  } catch (error) {
    if (lastPanic) throw new Error(`The schema engine panicked: ${lastPanic}`, { cause: error });
    throw error;
  } finally {
    engine.free();
    await pg.close();
  }
}

async function readMigrationDirectories(): Promise<MigrationDirectory[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    dirs.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: await readFile(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8") },
      },
    })),
  );
}

/**
 * Whether the schema engine has anything to do: false only when `_prisma_migrations` records exactly the local
 * migrations, each finished and not rolled back, with the checksum Prisma keeps (the SHA-256 of its file).
 * Anything else — no table, a pending, failed, edited or unknown migration — is left to the engine, which
 * applies or reports it. Loading the engine (5 MB of WASM) is most of a start's time when nothing is pending.
 */
export async function migrationsPending(url: string, local?: MigrationDirectory[]): Promise<boolean> {
  const migrations = local ?? (await readMigrationDirectories());
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; checksum: string; finished: boolean; rolledBack: boolean }>(
      `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS "rolledBack"
         FROM _prisma_migrations`,
    );
    const recorded = rows.filter((row) => !row.rolledBack);
    if (recorded.some((row) => !row.finished) || recorded.length !== migrations.length) return true;
    const checksums = new Map(recorded.map((row) => [row.name, row.checksum]));
    return migrations.some((migration) => {
      const content = migration.migrationFile.content;
      const checksum = content.tag === "ok" ? createHash("sha256").update(content.value).digest("hex") : null;
      return checksums.get(migration.path) !== checksum;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return true; // no _prisma_migrations: a new database
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies pending migrations (recorded in `_prisma_migrations`, like `prisma migrate deploy`); returns their names. */
export async function applyMigrations(url: string, log?: Log): Promise<string[]> {
  const migrationDirectories = await readMigrationDirectories();
  if (!(await migrationsPending(url, migrationDirectories))) return [];
  const [schema, lockfile] = await Promise.all([readFile(SCHEMA_PATH, "utf8"), readFile(path.join(MIGRATIONS_DIR, LOCKFILE), "utf8")]);
  const result = await withEngine(
    url,
    schema,
    (engine) =>
      engine.applyMigrations({
        migrationsList: {
          baseDir: MIGRATIONS_DIR,
          lockfile: { path: LOCKFILE, content: lockfile },
          shadowDbInitScript: "",
          migrationDirectories,
        },
        filters: FILTERS,
      }),
    log,
  );
  return result.appliedMigrationNames;
}

/** SQL that takes a database from schema `from` (null: empty) to schema `to`. The engine still wants a connection to some PostgreSQL; it changes nothing there. */
export async function diffSchemas(from: string | null, to: string, url: string): Promise<string> {
  const target = (content: string) => ({ tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content }] });
  const result = await withEngine(url, to, (engine) =>
    engine.diff({
      from: from === null ? { tag: "empty" } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: FILTERS,
    }),
  );
  return result.stdout ?? "";
}

export function isEmptyDiff(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

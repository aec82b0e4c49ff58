// The committed migrations are the schema: applying them leaves nothing for a new migration to say.
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { applyMigrations, diffSchemas, isEmptyDiff, migrationsPending, SCHEMA_PATH, SNAPSHOT_PATH } from "../../server/db/migrate.ts";
import { createTestDatabase } from "../support/database.ts";

describe("migrations", () => {
  it("contain every change of prisma/schema.prisma (run npm run db:migration -- <name> if not)", async () => {
    const [schema, snapshot] = await Promise.all([readFile(SCHEMA_PATH, "utf8"), readFile(SNAPSHOT_PATH, "utf8")]);
    const sql = await diffSchemas(snapshot, schema, inject("pgAdminUrl"));
    expect(isEmptyDiff(sql) ? "" : sql).toBe("");
  });

  it("would notice a schema change no migration contains", async () => {
    const snapshot = await readFile(SNAPSHOT_PATH, "utf8");
    const changed = snapshot.replace("model Company {", 'model Company {\n  vatNumber String? @map("vat_number")');
    const sql = await diffSchemas(snapshot, changed, inject("pgAdminUrl"));
    expect(sql).toContain(`ADD COLUMN     "vat_number" TEXT`);
  });
});

describe("a start with nothing to migrate", () => {
  it("skips the schema engine only when the database records exactly the local migrations, finished and unedited", async () => {
    const { url, sql } = await createTestDatabase();
    expect(await migrationsPending(url)).toBe(false);
    expect(await applyMigrations(url)).toEqual([]);
    const [{ name, checksum }] = (
      await sql<{ name: string; checksum: string }>(
        "SELECT migration_name AS name, checksum FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1",
      )
    ).rows as [{ name: string; checksum: string }];

    // An edited migration file (its checksum differs): the engine decides.
    await sql("UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $1", [name]);
    expect(await migrationsPending(url)).toBe(true);
    await sql("UPDATE _prisma_migrations SET checksum = $2 WHERE migration_name = $1", [name, checksum]);
    expect(await migrationsPending(url)).toBe(false);

    // One not recorded (a new release's migration): pending, and the engine applies it.
    await sql("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [name]);
    expect(await migrationsPending(url)).toBe(true);
    await sql("UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1", [name]);

    // A failed one (started, never finished), or one the database knows and this release does not.
    await sql(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (gen_random_uuid()::text, $1, '29991231000000_failed', now(), 0)",
      [checksum],
    );
    expect(await migrationsPending(url)).toBe(true);
    await sql("UPDATE _prisma_migrations SET finished_at = now() WHERE migration_name = '29991231000000_failed'");
    expect(await migrationsPending(url)).toBe(true);
    await sql("DELETE FROM _prisma_migrations WHERE migration_name = '29991231000000_failed'");
    expect(await migrationsPending(url)).toBe(false);
  });

  it("counts a new database (no _prisma_migrations) as pending", async () => {
    const adminUrl = inject("pgAdminUrl");
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const empty = new URL(adminUrl);
    empty.pathname = "/migrations_pending_empty";
    try {
      await client.query("DROP DATABASE IF EXISTS migrations_pending_empty");
      await client.query("CREATE DATABASE migrations_pending_empty");
      expect(await migrationsPending(empty.toString())).toBe(true);
    } finally {
      await client.query("DROP DATABASE IF EXISTS migrations_pending_empty WITH (FORCE)");
      await client.end();
    }
  });
});

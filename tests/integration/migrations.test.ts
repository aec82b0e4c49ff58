// The committed migrations are the schema: applying them leaves nothing for a new migration to say.
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { diffSchemas, isEmptyDiff, SCHEMA_PATH, SNAPSHOT_PATH } from "../../server/db/migrate.ts";

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

// The shared client: the server's own modules and the Remix build each load a copy of db.server, and both must
// use one client (one query compiler, one pool) — two would cost the memory twice.
import { expect, it, vi } from "vitest";
import { createTestDatabase } from "../../tests/support/database.ts";

const { url } = await createTestDatabase();
process.env.DATABASE_URL = url;

it("is one client and one pool for every copy of the module, closed for all at once", async () => {
  const server = await import("./db.server.ts");
  vi.resetModules();
  const build = await import("./db.server.ts");
  expect(build).not.toBe(server); // two copies, as in the running server

  expect(build.getDb()).toBe(server.getDb());
  expect(await build.getDb().user.count()).toBe(0);
  expect(server.poolStats()).toEqual(build.poolStats());
  expect(server.poolStats()?.total).toBeGreaterThan(0);

  await build.closeDb();
  expect(server.poolStats()).toBeUndefined();
  expect(await server.getDb().user.count()).toBe(0); // a new client for both
  expect(build.getDb()).toBe(server.getDb());
  await server.closeDb();
});

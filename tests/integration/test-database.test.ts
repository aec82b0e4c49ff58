// The per-file test database (tests/support/database.ts): empty, or a clone of the demo data written once per run;
// PostgreSQL closing its idle connections, as a restart or DROP DATABASE ... FORCE does, must not become an uncaught
// exception that fails the whole run.
import pg from "pg";
import { expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../prisma/seed.ts";
import { createTestDatabase } from "../support/database.ts";

const { url, db, sql } = await createTestDatabase();
const name = new URL(url).pathname.slice(1);
const [seededOne, seededTwo] = [await createTestDatabase({ seeded: true }), await createTestDatabase({ seeded: true })];

it("keeps working after PostgreSQL terminates the connections the helpers hold idle", async () => {
  await Promise.all([sql("SELECT 1"), db.user.count()]); // each pool now holds an idle connection
  const superuser = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await superuser.connect();
  try {
    const backends = () =>
      superuser
        .query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name])
        .then((r) => r.rows[0]!.n);
    expect(await backends()).toBeGreaterThan(0);
    await superuser.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
    while ((await backends()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await superuser.end();
  }
  // Let the pools read the server's goodbye before they are asked for a connection again.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect((await sql<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  expect(await db.user.count()).toBe(0);
});

it("clones the demo data, written once for the run, into databases that do not share later writes", async () => {
  const demo = { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } };
  for (const { db } of [seededOne, seededTwo]) {
    expect(await db.user.count({ where: demo })).toBe(DEMO_ACCOUNTS.length);
    expect(await db.lead.count()).toBeGreaterThan(10);
  }
  await seededOne.db.user.create({ data: { email: "only-in-one@kizuna.test" } });
  expect(await seededOne.db.user.count({ where: { email: "only-in-one@kizuna.test" } })).toBe(1);
  expect(await seededTwo.db.user.count({ where: { email: "only-in-one@kizuna.test" } })).toBe(0);
});

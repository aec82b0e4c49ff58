// Which failures count as "the database is away", on errors the real stack produces: pg and Prisma (through the
// driver adapter) against a port nobody listens on and a session PostgreSQL ends; a query's own error does not.
import net from "node:net";
import { expect, it } from "vitest";
import pg from "pg";
import { freePort } from "../../server/db/embedded.ts";
import { createTestDatabase } from "../../tests/support/database.ts";
import { isConnectionError, isDatabaseUnavailable } from "./db-errors.ts";
import { createPrismaClient } from "./db.server.ts";

const { url, sql } = await createTestDatabase();

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

it("counts a refused connection, from pg and from Prisma", async () => {
  const closed = new URL(url);
  closed.port = String(await freePort());
  const client = new pg.Client({ connectionString: closed.toString() });
  const raw = await caught(() => client.connect());
  expect(isConnectionError(raw)).toBe(true);

  const db = createPrismaClient(closed.toString(), 1);
  try {
    const viaPrisma = await caught(() => db.user.count());
    expect(isDatabaseUnavailable(viaPrisma)).toBe(true);
  } finally {
    await db.$disconnect();
  }
});

it("counts a session PostgreSQL ends (57P01) under a running statement", async () => {
  const db = createPrismaClient(url, 1);
  try {
    const running = caught(() => db.$queryRaw`SELECT pg_sleep(5), 'kizuna-terminate-me'`);
    for (let i = 0; i < 50; i++) {
      const { rowCount } = await sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%kizuna-terminate-me%' AND pid <> pg_backend_pid()",
      );
      if (rowCount) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(isDatabaseUnavailable(await running)).toBe(true);
  } finally {
    await db.$disconnect();
  }
});

it("counts pg's own words for a connection lost before COMMIT, which Prisma passes on without its stamp", async () => {
  const db = createPrismaClient(url, 1);
  try {
    const lost = await caught(() =>
      db.$transaction(async (tx) => {
        const [session] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        await sql("SELECT pg_terminate_backend($1)", [session!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }),
    );
    expect(lost).toMatchObject({ message: expect.stringMatching(/not queryable|Connection terminated/) });
    expect((lost as { clientVersion?: string }).clientVersion).toBeUndefined();
    expect(isDatabaseUnavailable(lost)).toBe(true);
  } finally {
    await db.$disconnect();
  }
});

it("does not count a query's own error, or an unrelated one", async () => {
  const db = createPrismaClient(url, 1);
  try {
    const syntax = await caught(() => db.$queryRawUnsafe("SELEC 1"));
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    const unique = await caught(async () => {
      await db.user.create({ data: { email: "dup-db-errors@example.com", name: "a", role: "USER" } });
      await db.user.create({ data: { email: "dup-db-errors@example.com", name: "b", role: "USER" } });
    });
    expect(isDatabaseUnavailable(unique)).toBe(false);
  } finally {
    await db.$disconnect();
  }
  // Another service refusing a connection in the same action (mail, an HTTP API) is not the database.
  const port = await freePort();
  const refused = await caught(
    () => new Promise((resolve, reject) => net.connect(port, "127.0.0.1", () => resolve(undefined)).on("error", reject)),
  );
  expect((refused as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  expect(isDatabaseUnavailable(refused)).toBe(false);
  expect(isDatabaseUnavailable(new Error("Something else"))).toBe(false);
  // What mail (nodemailer) and Redis (ioredis) say of a lost connection is not pg's.
  expect(isDatabaseUnavailable(new Error("Connection closed unexpectedly"))).toBe(false);
  expect(isDatabaseUnavailable(new Error("Connection is closed."))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
});

// Starting the server: the embedded default database (start, migrate, seed, stop cleanly, keep data),
// and clear answers for a busy port, a database still held by another process, and bad configuration.
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.ts";
import { startServer } from "../support/server.ts";

const workDir = await mkdtemp(path.join(tmpdir(), "kizuna-boot-"));
await chmod(workDir, 0o711); // as root, the embedded PostgreSQL runs as "postgres", who must enter it
afterAll(() => rm(workDir, { recursive: true, force: true }));

function postgresProcessesFor(dir: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes("postgres") && line.includes(dir));
}

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe("the embedded default database", () => {
  const dataDir = path.join(workDir, "not-yet", "pg"); // like ./data/pg in a fresh checkout
  let pgPort = 0;

  it("starts PostgreSQL, migrates, seeds both sites and stops it on SIGINT", async () => {
    pgPort = await freePort();
    const server = await startServer(
      { DATABASE_URL: "", EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) },
      { timeoutMs: 240_000 },
    );
    expect(server.output()).toContain(`http://yuya.localhost:${server.port}`);
    expect(server.output()).toContain("admin@example.com");
    const url = `postgresql://postgres:kizuna-local@127.0.0.1:${pgPort}/kizuna`;
    expect(await count(url, "_prisma_migrations")).toBeGreaterThan(0);
    expect(await count(url, "users")).toBeGreaterThanOrEqual(4);
    expect(await count(url, "leads")).toBeGreaterThan(0);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    expect(await server.stop("SIGINT")).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it("keeps the data across restarts and does not seed twice", async () => {
    const server = await startServer(
      { DATABASE_URL: "", EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) },
      { timeoutMs: 240_000 },
    );
    const url = `postgresql://postgres:kizuna-local@127.0.0.1:${pgPort}/kizuna`;
    const leads = await count(url, "leads");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("CREATE TABLE IF NOT EXISTS restart_marker (id int)");
    await client.end();

    // A second server on the same data directory is refused with a clear message.
    const other = await startServer({ DATABASE_URL: "", EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }).catch(
      (e: Error) => e,
    );
    expect(other).toBeInstanceOf(Error);
    expect((other as Error).message).toMatch(/already in use by PostgreSQL process \d+/);
    expect((other as Error).message).not.toMatch(/\n\s+at /);

    expect(await server.stop("SIGTERM")).toBe(0);
    const again = await startServer(
      { DATABASE_URL: "", EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) },
      { timeoutMs: 240_000 },
    );
    expect(await count(url, "leads")).toBe(leads);
    expect(await count(url, "restart_marker")).toBe(0);
    await again.stop();
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });
});

describe("clear answers at start-up", () => {
  it("names the busy port and how to choose another", async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const result = await startServer({ PORT: String(port) }).catch((e: Error) => e);
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect((result as Error).message).toContain("PORT=");
      expect((result as Error).message).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it("says which database it cannot reach, without the password", async () => {
    const dead = await freePort();
    const result = await startServer({ DATABASE_URL: `postgresql://kizuna:hunter2@127.0.0.1:${dead}/kizuna` }).catch((e: Error) => e);
    expect(result).toBeInstanceOf(Error);
    const message = (result as Error).message;
    expect(message).toContain(`Cannot reach the database at 127.0.0.1:${dead}`);
    expect(message).not.toContain("hunter2");
    expect(message).not.toMatch(/\n\s+at /);
  });

  it("lists every configuration problem and exits 1", async () => {
    const result = await startServer({ PORT: "http", DATABASE_URL: "mysql://x", YUYA_HOSTS: "aoba.localhost" }).catch((e: Error) => e);
    expect(result).toBeInstanceOf(Error);
    const message = (result as Error).message;
    expect(message).toContain("Invalid configuration");
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(message).toMatch(/host aoba.localhost is also listed/);
    expect(message).not.toMatch(/\n\s+at /);
  });
});

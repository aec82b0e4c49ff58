// Shared by the benchmarks: a scratch PostgreSQL with the migrations applied, the real server on it, an API
// token, and percentile maths. Everything runs on loopback and stops by itself.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { startScratchPostgres } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { startServer, type RunningServer } from "../../tests/support/server.ts";

export async function scratchDatabase() {
  const db = await startScratchPostgres("bench");
  await applyMigrations(db.url);
  return db;
}

export async function benchServer(url: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ DATABASE_URL: url, LOG_LEVEL: "error", RATE_LIMIT_API_PER_MINUTE: "100000000", DATABASE_POOL_MAX: "20", ...env });
}

/** An ADMIN with an API token, straight into the tables. */
export async function adminToken(url: string): Promise<string> {
  const token = `kz_${randomBytes(32).toString("base64url")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    "INSERT INTO users (id, email, name, role) VALUES (gen_random_uuid(), 'bench-admin@example.com', 'Bench', 'admin') ON CONFLICT (email) DO UPDATE SET role = 'admin' RETURNING id",
  );
  await client.query(
    "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, expires_at) VALUES (gen_random_uuid(), $1, 'bench', $2, $3, now() + interval '1 day')",
    [rows[0]!.id, createHash("sha256").update(token).digest("hex"), token.slice(0, 10)],
  );
  await client.end();
  return token;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function hasCommand(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

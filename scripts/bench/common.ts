// Shared by the benchmarks: a scratch PostgreSQL with the migrations applied, the real server on it, the reference
// servers of bare-server.ts (and the minimal Remix app they can serve), an API token, load, memory and percentile
// maths, and the goal lines every benchmark ends with. Everything runs on loopback and stops by itself.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { startScratchPostgres } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { freePort } from "../../tests/support/ports.ts";
import { startServer, type RunningServer } from "../../tests/support/server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

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

export interface BareServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** One of bare-server.ts's references (BARE=kind) in its own process, once it listens. */
export async function startBare(kind: "express" | "http" | "static" | "remix", env: Record<string, string> = {}): Promise<BareServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-server.ts")], {
    env: { ...process.env, NODE_ENV: "production", ...env, PORT: String(port), BARE: kind },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`bare-server.ts (${kind}) exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid!,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * Builds the minimal Remix 2.17 app of remix-reference/ (a root layout and one route) with the project's Remix
 * compiler, into node_modules/.cache/remix-reference; returns its server build (for startBare("remix")).
 */
export function buildRemixReference(): string {
  const cwd = path.join(import.meta.dirname, "remix-reference");
  const run = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["build"], {
    cwd,
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`building remix-reference failed:\n${run.stdout}\n${run.stderr}`);
  return path.join(ROOT, "node_modules/.cache/remix-reference/index.mjs");
}

/** GETs one path at full speed (or at overallRate requests/s) with autocannon; host is the Host header. */
export function load(
  port: number,
  requestPath: string,
  {
    host = "127.0.0.1",
    connections = 8,
    duration = 5,
    overallRate,
  }: { host?: string; connections?: number; duration?: number; overallRate?: number },
) {
  return autocannon({
    url: `http://127.0.0.1:${port}${requestPath}`,
    connections,
    duration,
    overallRate,
    headers: { host: `${host}:${port}`, "accept-language": "ja" },
  });
}

/**
 * Measures two targets in turns (a b, b a, a b, …) so that a machine whose load drifts affects both alike;
 * returns each one's runs.
 */
export async function inTurns<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}

/** Mean throughput and median p50/p99 of several autocannon runs of one target, and its failed requests. */
export function summarise(runs: autocannon.Result[]) {
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((x, y) => x - y),
      50,
    );
  return {
    rps: runs.reduce((sum, r) => sum + r.requests.average, 0) / runs.length,
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    failed: runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
}

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0) / 1024;
}

export interface Goal {
  /** What is measured, as the performance table names it. */
  measure: string;
  /** The measured value, with its unit. */
  value: string;
  /** The baseline measured in the same run, with what it is. */
  baseline: string;
  ratio: number;
  /** The goal, as the table states it (a ratio, or an absolute bound). */
  goal: string;
  met: boolean;
}

/** The lines a benchmark ends with: one per row of the performance table it measures. Informative: nothing exits non-zero. */
export function printGoals(goals: Goal[]) {
  console.log("\n  measure | value | same-run baseline | ratio | goal");
  for (const g of goals) {
    console.log(`  ${g.measure} | ${g.value} | ${g.baseline} | ${fmt(g.ratio, 2)} | ${g.goal}: ${g.met ? "met" : "NOT met"}`);
  }
}

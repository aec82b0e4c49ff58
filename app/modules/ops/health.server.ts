// The health check (the spec's /api/health): the database, the external AI API (any OpenAI-compatible base
// URL), mail and storage — and Redis when configured — checked for real, in parallel, each with a time limit.
// A service that is not configured says so; it never reports a success it did not see. The read replica is
// listed only when one is configured (DATABASE_REPLICA_URL).
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { getDb, getReplicaDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { makeDirectory } from "~/lib/files.server";
import { verifyMail } from "~/lib/mail.server";
import type { RateLimits } from "~/lib/rate-limit.server";

export type ServiceStatus = "up" | "down" | "not_configured";
type CoreService = "database" | "openai" | "email" | "storage" | "redis";
export type ServiceName = CoreService | "replica";

export interface ServiceDetail {
  status: ServiceStatus;
  latencyMs: number;
  /** What was checked (no secrets): "smtp", "outbox", a host name… */
  via?: string;
  error?: string;
  /** The replica's replay lag in seconds. */
  lagSeconds?: number;
}

export interface HealthReport {
  status: "healthy" | "degraded";
  services: Record<CoreService, ServiceStatus> & { replica?: ServiceStatus };
  timestamp: string;
  details: Record<CoreService, ServiceDetail> & { replica?: ServiceDetail };
}

type CheckResult = string | void | { via?: string; lagSeconds?: number };

class NotConfigured extends Error {}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<CheckResult>, timeoutMs: number): Promise<ServiceDetail> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const result = await withTimeout(check(), timeoutMs);
    const found = typeof result === "string" ? { via: result } : (result ?? {});
    return { status: "up", latencyMs: latency(), ...found };
  } catch (error) {
    if (error instanceof NotConfigured) return { status: "not_configured", latencyMs: 0 };
    return { status: "down", latencyMs: latency(), error: error instanceof Error ? error.message.slice(0, 200) : String(error) };
  }
}

const CHECKS: Record<ServiceName, (context: { limits: RateLimits; timeoutMs: number }) => Promise<CheckResult>> = {
  database: async () => {
    await getDb().$queryRaw`SELECT 1`;
  },
  openai: async ({ timeoutMs }) => {
    const { AI_API_BASE_URL: base, AI_API_KEY: key } = getEnv();
    if (!base) throw new NotConfigured();
    const url = `${base.replace(/\/+$/, "")}/models`;
    const res = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`GET /models answered ${res.status}`);
    return new URL(url).host;
  },
  email: async ({ timeoutMs }) => (await verifyMail(timeoutMs)).via,
  storage: async () => {
    // Written and removed for real: a read-only or full disk fails here, not on a visitor's upload.
    const dir = path.resolve(getEnv().UPLOAD_DIR);
    await makeDirectory(dir);
    const probeFile = path.join(dir, `.health-${randomUUID()}`);
    try {
      await writeFile(probeFile, "ok");
    } finally {
      // Also when the write failed: on a full disk it has made a 0-byte file by then.
      await rm(probeFile, { force: true });
    }
  },
  redis: async ({ limits }) => {
    if ((await limits.ping()) === "memory") throw new NotConfigured();
    return "redis";
  },
  replica: async () => {
    const replica = getReplicaDb();
    if (!replica) throw new NotConfigured();
    // Lag: 0 when everything received is replayed (an idle primary sends nothing, so "time since the last replayed
    // transaction" alone would grow without any lag), else the age of the last replayed transaction.
    const [row] = await replica.$queryRaw<{ recovery: boolean; lag: number | null }[]>`
      SELECT pg_is_in_recovery() AS recovery,
             CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                  ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag`;
    if (!row?.recovery) return { via: "not in recovery: a primary, not a replica" };
    return { via: "streaming replica", ...(row.lag === null ? {} : { lagSeconds: Math.round(row.lag * 1000) / 1000 }) };
  },
};

export async function checkHealth(limits: RateLimits, timeoutMs = getEnv().HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  const names = (Object.keys(CHECKS) as ServiceName[]).filter((name) => name !== "replica" || getEnv().DATABASE_REPLICA_URL);
  const results = await Promise.all(names.map((name) => probe(() => CHECKS[name]({ limits, timeoutMs }), timeoutMs)));
  const details = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as HealthReport["details"];
  return {
    status: results.some((r) => r.status === "down") ? "degraded" : "healthy",
    services: Object.fromEntries(names.map((name) => [name, details[name]!.status])) as HealthReport["services"],
    timestamp: new Date().toISOString(),
    details,
  };
}

let shared: { at: number; report: Promise<HealthReport> } | undefined;

/**
 * The health report for anyone but an admin: the last real check while it is younger than HEALTH_CACHE_MS
 * (callers at the same moment share one check), so anonymous requests cannot make the server open an SMTP
 * session or spend AI API calls at their rate.
 */
export function cachedHealth(limits: RateLimits, { timeoutMs = getEnv().HEALTH_TIMEOUT_MS, now = Date.now() } = {}): Promise<HealthReport> {
  // A load balancer polls every few seconds; each real check logs in to SMTP and calls the AI API.
  if (!shared || now - shared.at >= getEnv().HEALTH_CACHE_MS) {
    const report = checkHealth(limits, timeoutMs);
    shared = { at: now, report };
    // A check that throws is not kept: the next caller tries again.
    report.catch(() => {
      if (shared?.report === report) shared = undefined;
    });
  }
  return shared.report;
}

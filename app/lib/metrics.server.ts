// Prometheus metrics (prom-client) for /metrics: request durations by route pattern and status, slow requests,
// job outcomes and the queue, the database pool — and Node's own process metrics. One registry per server,
// made at boot and passed to the pieces that record into it.
import type { ServerBuild } from "@remix-run/node";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { poolStats, replicaPoolStats } from "./db.server.ts";

export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<"method" | "route" | "status">;
  slowRequests: Counter<"method" | "route">;
  jobRuns: Counter<"job" | "outcome">;
  jobDuration: Histogram<"job">;
  /** Jobs waiting or running (the in-process runner: running; BullMQ: its queue's counts). */
  queueDepth: Gauge<"state">;
  /** Submissions and events dropped as a bot's (embedded forms, content tracking). */
  botDrops: Counter<"source" | "reason">;
  /** Content tracking events by type and outcome (recorded, repeat, bot). */
  contentEvents: Counter<"event" | "outcome">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kizuna_" });
  const pool = new Gauge({
    name: "kizuna_db_pool_connections",
    help: "Connections of the database pools (primary; replica with DATABASE_REPLICA_URL) by state (total, idle, waiting clients, max)",
    labelNames: ["pool", "state"] as const,
    registers: [registry],
    collect() {
      for (const [pool, stats] of [
        ["primary", poolStats()],
        ["replica", replicaPoolStats()],
      ] as const) {
        for (const [state, value] of Object.entries(stats ?? {})) this.set({ pool, state }, value);
      }
    },
  });
  void pool;
  return {
    registry,
    requestDuration: new Histogram({
      name: "kizuna_http_request_duration_seconds",
      help: "Time from request to response finished, by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    slowRequests: new Counter({
      name: "kizuna_slow_requests_total",
      help: "Requests slower than SLOW_REQUEST_MS",
      labelNames: ["method", "route"] as const,
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "kizuna_job_runs_total",
      help: "Job runs by job and outcome (success, failure)",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "kizuna_job_duration_seconds",
      help: "Job run time",
      labelNames: ["job"] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "kizuna_job_queue_depth",
      help: "Jobs by state (waiting, active)",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
    botDrops: new Counter({
      name: "kizuna_bot_drops_total",
      help: "Submissions and events dropped as a bot's, by source and reason",
      labelNames: ["source", "reason"] as const,
      registers: [registry],
    }),
    contentEvents: new Counter({
      name: "kizuna_content_events_total",
      help: "Content tracking events by type and outcome",
      labelNames: ["event", "outcome"] as const,
      registers: [registry],
    }),
  };
}

/**
 * The route pattern a path lands on ("/admin/leads/:id"), from the Remix build's route manifest — a label
 * with bounded cardinality (an id in the path never becomes a label value). Runs on every request, so the
 * manifest is flattened, ranked and compiled to one expression per route once, the way React Router ranks
 * its branches (static segments over params over splats); calling its matchRoutes per request re-ranks the
 * whole manifest each time (~170 µs here).
 */
export function routePatterns(build: ServerBuild): (pathname: string) => string {
  const branches: { pattern: string; score: number; regex: RegExp }[] = [];
  const walk = (parentId: string | undefined, prefix: string) => {
    for (const route of Object.values(build.routes).filter((r) => r.parentId === parentId)) {
      const pattern = `${prefix}/${route.path ?? ""}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
      if (!route.index) walk(route.id, pattern);
      if (route.path != null || route.index)
        branches.push({ pattern, score: score(pattern, Boolean(route.index)), regex: compile(pattern) });
    }
  };
  walk(undefined, "");
  // Stable: equal scores keep manifest order, as React Router does.
  branches.sort((a, b) => b.score - a.score);
  return (pathname) => branches.find((branch) => branch.regex.test(pathname))?.pattern ?? "unmatched";
}

/** React Router's branch score (computeScore): more and more static segments rank first; a splat ranks last. */
function score(pattern: string, index: boolean): number {
  const segments = pattern.split("/");
  let total = segments.length + (segments.includes("*") ? -2 : 0) + (index ? 2 : 0);
  for (const segment of segments) if (segment !== "*") total += /^:[\w-]+$/.test(segment) ? 3 : segment === "" ? 1 : 10;
  return total;
}

/** A pattern as React Router matches it: case-insensitive, trailing slashes allowed, a splat taking the rest (or nothing). */
function compile(pattern: string): RegExp {
  const splat = pattern === "*" || pattern.endsWith("/*");
  const body = (splat ? pattern.replace(/\/?\*$/, "") : pattern)
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment.startsWith(":") ? "/[^/]+" : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`))
    .join("");
  return new RegExp(`^${body}${splat ? "(?:/.*)?" : ""}/*$`, "i");
}

// GET /api/health — the spec's health check for load balancers and on-call: 200 while the database answers
// (status "degraded" when another configured service is down), 503 when it does not. Admins get a live check
// with each service's latency and error; everyone else the statuses of the last check (at most 15 s old).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";
import { cachedHealth, checkHealth, withTimeout } from "~/modules/ops/health.server";
import { getActor } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The whole answer within HEALTH_TIMEOUT_MS, whatever is down (a load balancer pulls an instance that is
  // slow to answer): the session lookup gets a quarter of it, the checks what is left.
  const budget = getEnv().HEALTH_TIMEOUT_MS;
  const started = performance.now();
  // With the database down or slow there is no session to look up: the answer is then the public one.
  const actor = await withTimeout(getActor(request), budget / 4).catch(() => null);
  const admin = actor?.role === "ADMIN";
  const timeoutMs = Math.max(1, Math.round(budget - (performance.now() - started)));
  const report = admin ? await checkHealth(context.limits, timeoutMs) : await cachedHealth(context.limits, { timeoutMs });
  const { details: _details, ...summary } = report;
  return Response.json(admin ? report : summary, {
    status: report.services.database === "up" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

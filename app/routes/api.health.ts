// GET /api/health — the spec's health check for load balancers and on-call: 200 while the database answers
// (status "degraded" when another configured service is down), 503 when it does not. Admins get a live check
// with each service's latency and error; everyone else the statuses of the last check (at most 15 s old).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { cachedHealth, checkHealth } from "~/modules/ops/health.server";
import { getActor } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // With the database down there is no session to look up: the answer is then the public one.
  const actor = await getActor(request).catch(() => null);
  const admin = actor?.role === "ADMIN";
  const report = admin ? await checkHealth(context.limits) : await cachedHealth(context.limits);
  const { details: _details, ...summary } = report;
  return Response.json(admin ? report : summary, {
    status: report.services.database === "up" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

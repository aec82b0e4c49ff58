// GET /api/health — the spec's health check for load balancers and on-call: 200 while the database answers
// (status "degraded" when another configured service is down), 503 when it does not. Admins also get each
// service's latency and error; everyone else only the statuses.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkHealth } from "~/modules/ops/health.server";
import { getActor } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // With the database down there is no session to look up: the answer is then the public one.
  const [report, actor] = await Promise.all([checkHealth(context.limits), getActor(request).catch(() => null)]);
  const { details: _details, ...summary } = report;
  return Response.json(actor?.role === "ADMIN" ? report : summary, {
    status: report.services.database === "up" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

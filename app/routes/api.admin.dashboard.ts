// GET /api/admin/dashboard?period= → the spec's DashboardResponse for the current period (monthly by
// default), plus `period` and `kpis` (every registered KPI; a failed one is marked, the others still shown).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWith } from "~/lib/api.server";
import { DashboardQuerySchema } from "~/modules/analytics/analytics.schema";
import { getDashboard } from "~/modules/analytics/dashboard.server";
import { requireApiPermission } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireApiPermission({ request, context }, "analytics", "read");
  const query = await parseWith(request, DashboardQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await getDashboard(context.registry, query.period, new Date(), context.logger));
}

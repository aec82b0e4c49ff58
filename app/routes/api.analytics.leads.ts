// GET /api/analytics/leads?period=&character=&from=&to= → the spec's LeadAnalyticsResponse (ADMIN: analytics).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWith } from "~/lib/api.server";
import { LeadAnalyticsQuerySchema } from "~/modules/analytics/analytics.schema";
import { leadAnalytics } from "~/modules/analytics/analytics.server";
import { requireApiPermission } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireApiPermission({ request, context }, "analytics", "read");
  const query = await parseWith(request, LeadAnalyticsQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await leadAnalytics(query, context.registry));
}

// GET /api/analytics/content?type=&character=&period=&from=&to= → the spec's ContentAnalyticsResponse (ADMIN: analytics).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWith } from "~/lib/api.server";
import { ContentAnalyticsQuerySchema } from "~/modules/analytics/analytics.schema";
import { contentAnalytics } from "~/modules/analytics/analytics.server";
import { requireApiPermission } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireApiPermission({ request, context }, "analytics", "read");
  const query = await parseWith(request, ContentAnalyticsQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await contentAnalytics(query, context.registry));
}

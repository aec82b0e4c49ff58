// GET /admin/leads/export.csv?<the list's filters>: the current lead list as CSV, streamed; masked for roles
// other than ADMIN. Every export is recorded in the audit log (who took which slice of personal data).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWith } from "~/lib/api.server";
import { listParams } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { exportLeadsCsv } from "~/modules/leads/export.server";
import { LeadListQuerySchema } from "~/modules/leads/leads.schema";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "read");
  // The list's filters, blanks dropped; not its page (the export is the whole list). Refused as the API refuses.
  const { page: _page, ...params } = listParams(request.url);
  const { limit: _limit, sort: _sort, page: _first, ...filters } = await parseWith(request, LeadListQuerySchema, params);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(await exportLeadsCsv(filters, actor, requestOrigin(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-leads-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}

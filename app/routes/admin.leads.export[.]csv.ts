// GET /admin/leads/export.csv?<the list's filters>: the current lead list as CSV, streamed; masked for roles
// other than ADMIN. Every export is recorded in the audit log (who took which slice of personal data).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translatorFor } from "~/lib/api.server";
import { jsonError } from "~/lib/http";
import { fieldErrors } from "~/lib/api.server";
import { requireAdminHost } from "~/lib/site.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { exportLeadsCsv } from "~/modules/leads/export.server";
import { LeadListQuerySchema } from "~/modules/leads/leads.schema";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "read");
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([key, value]) => value !== "" && key !== "page"));
  const parsed = LeadListQuerySchema.safeParse(params);
  if (!parsed.success) {
    const t = await translatorFor(request);
    throw jsonError(
      400,
      "invalid_request",
      t("api.invalid", { fields: parsed.error.issues.map((i) => i.path.join(".")).join(", ") }),
      fieldErrors(parsed.error, t),
    );
  }
  const { page: _page, limit: _limit, sort: _sort, ...filters } = parsed.data;
  await recordAudit({
    userId: actor.id,
    action: "export",
    resource: "leads",
    changes: { filters, masked: actor.role !== "ADMIN" },
    ...requestOrigin(request),
    status: "success",
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportLeadsCsv(filters, actor), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-leads-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}

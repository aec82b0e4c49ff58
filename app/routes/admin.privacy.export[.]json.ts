// Admin › Privacy › export: everything held about a user's or a lead's email, as a JSON download (ADMIN).
// Audited, without the email or the data.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonError, messagesByField } from "~/lib/http";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { PersonLookupSchema } from "~/modules/privacy/gdpr.schema";
import { exportPersonData } from "~/modules/privacy/gdpr.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "update");
  const parsed = PersonLookupSchema.safeParse({ email: new URL(request.url).searchParams.get("email") ?? "" });
  if (!parsed.success)
    return jsonError(400, "invalid", "Give the email of a user or a lead.", messagesByField(parsed.error.issues, "email"));
  const document = await exportPersonData({ email: parsed.data.email }, { actorId: actor.id, origin: requestOrigin(request) });
  if (!document) return jsonError(404, "not_found", "No data is held for this email.", { email: ["privacy.noData"] });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-person-export-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

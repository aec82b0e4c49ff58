// The signed-in user's own data as a JSON download (GDPR access and portability), from the account page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireBrand } from "~/lib/site.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requireUser } from "~/modules/identity/session.server";
import { exportPersonData } from "~/modules/privacy/gdpr.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireBrand(context);
  const user = await requireUser(request);
  const document = await exportPersonData({ userId: user.id });
  await recordAudit({
    userId: user.id,
    action: "export",
    resource: "users",
    resourceId: user.id,
    changes: { self: true },
    ...requestOrigin(request),
    status: "success",
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-my-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

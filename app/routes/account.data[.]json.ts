// The signed-in user's own data as a JSON download (GDPR access and portability), from the account page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireBrand } from "~/lib/site.server";
import { requireUser } from "~/modules/identity/session.server";
import { exportPersonData } from "~/modules/privacy/gdpr.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireBrand(context);
  const user = await requireUser(request);
  const document = await exportPersonData({ userId: user.id }, { actorId: user.id, origin: requestOrigin(request) });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-my-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

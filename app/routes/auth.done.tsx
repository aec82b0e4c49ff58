// GET /auth/done: every sign-in ends here; it is recorded, and the user goes back where they started.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { recordAudit } from "~/modules/audit/audit.server";
import { getSignedInUser, takeReturnTo } from "~/modules/identity/session.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSignedInUser(request);
  if (!user) throw redirect("/login");
  await recordAudit({
    userId: user.id,
    action: "sign_in",
    resource: "sessions",
    resourceId: user.sessionId,
    changes: { site: context.site },
    ...requestOrigin(request),
    status: "success",
  });
  const { path, clear } = takeReturnTo(request);
  const fallback = context.site === "admin" ? "/admin" : "/";
  return redirect(safeRedirectPath(path === "/" ? fallback : path, fallback), { headers: { "Set-Cookie": clear } });
}

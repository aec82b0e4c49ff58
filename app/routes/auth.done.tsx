// GET /auth/done: every sign-in ends here; it is recorded, and the user goes back where they started.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { recordSignIn } from "~/modules/identity/auth.server";
import { getSignedInUser, takeReturnTo } from "~/modules/identity/session.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSignedInUser(request);
  if (!user) throw redirect("/login");
  await recordSignIn(user, context.site, requestOrigin(request));
  const { path, clear } = takeReturnTo(request);
  const fallback = context.site === "admin" ? "/admin" : "/";
  return redirect(safeRedirectPath(path === "/" ? fallback : path, fallback), { headers: { "Set-Cookie": clear } });
}

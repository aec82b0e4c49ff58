// POST /auth/email: with an email, sends a one-time code and link (then /login/code); with a code, signs in.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { getAuthenticator } from "~/modules/identity/auth.server";
import { rememberReturnTo } from "~/modules/identity/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  // remix-auth copies the request, so the body must still be unread: read a clone.
  const formData = await request.clone().formData();
  const sendingCode = formData.has("email");
  try {
    await getAuthenticator(new URL(request.url).origin).authenticate("email", request, {
      successRedirect: sendingCode ? "/login/code" : "/auth/done",
      failureRedirect: sendingCode ? "/login" : "/login/code",
      context: { ...context, formData },
    });
  } catch (response) {
    if (response instanceof Response && sendingCode) {
      response.headers.append("Set-Cookie", rememberReturnTo(safeRedirectPath(formData.get("redirectTo"))));
    }
    throw response;
  }
  return redirect("/login");
}

export function loader() {
  return redirect("/login");
}

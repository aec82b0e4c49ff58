// POST /auth/email: with an email, sends a one-time code and link (then /login/code); with a code, signs in.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { getAuthenticator } from "~/modules/identity/auth.server";
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getCookieSession, getSessionStorage, rememberReturnTo } from "~/modules/identity/session.server";
import { readForm } from "~/lib/form.server";

export async function action({ request, context }: ActionFunctionArgs) {
  // remix-auth copies the request, so the body must still be unread: read a clone.
  const formData = await readForm(request.clone());
  const sendingCode = formData.has("email");
  const email = formData.get("email");
  if (sendingCode && typeof email === "string" && email.trim()) {
    // Codes to one address are limited too, so nobody can flood someone's inbox from many addresses.
    const limit = await context.limits.consume("signInByEmail", emailHash(normalizeEmail(email)));
    if (!limit.allowed) {
      const session = await getCookieSession(request);
      session.flash("auth:error", { message: "login.errors.tooManyCodes" });
      throw redirect("/login", { headers: { "Set-Cookie": await getSessionStorage().commitSession(session), "Retry-After": String(limit.retryAfter) } });
    }
  }
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

// POST /auth/email: with an email, sends a one-time code and link (then /login/code); with a code, signs in.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { finishEmailSignIn, startEmailSignIn } from "~/modules/identity/email-sign-in.server";
import { getCookieSession, getSessionStorage, rememberReturnTo } from "~/modules/identity/session.server";
import { readForm } from "~/lib/form.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = form.get("email");
  if (form.has("email")) {
    if (typeof email === "string" && email.trim()) {
      // Codes to one address are limited too, so nobody can flood someone's inbox from many addresses.
      const limit = await context.limits.consume("signInByEmail", emailHash(normalizeEmail(email)));
      if (!limit.allowed) {
        const session = await getCookieSession(request);
        session.flash("auth:error", { message: "login.errors.tooManyCodes" });
        throw redirect("/login", {
          headers: { "Set-Cookie": await getSessionStorage().commitSession(session), "Retry-After": String(limit.retryAfter) },
        });
      }
    }
    const response = await startEmailSignIn({ request, context, form });
    response.headers.append("Set-Cookie", rememberReturnTo(safeRedirectPath(form.get("redirectTo"))));
    return response;
  }
  const code = form.get("code");
  return finishEmailSignIn({ request, context, code: typeof code === "string" ? code : "", via: "form" });
}

export function loader() {
  return redirect("/login");
}

// POST /auth/github, /auth/discord: starts the provider's sign-in (redirect to its consent page).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { enabledProviders, getAuthenticator, isOAuthProvider } from "~/modules/identity/auth.server";
import { rememberReturnTo } from "~/modules/identity/session.server";
import { readForm } from "~/lib/form.server";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const provider = params.provider;
  if (!isOAuthProvider(provider) || !enabledProviders().includes(provider)) throw new Response("Not Found", { status: 404 });
  // remix-auth copies the request, so the body must still be unread: read a clone.
  const form = await readForm(request.clone());
  const returnTo = safeRedirectPath(form.get("redirectTo"));
  try {
    await getAuthenticator(context).authenticate(provider, request, {
      successRedirect: "/auth/done",
      failureRedirect: "/login",
      context,
    });
  } catch (response) {
    if (response instanceof Response) response.headers.append("Set-Cookie", rememberReturnTo(returnTo));
    throw response;
  }
  return redirect("/login");
}

export function loader() {
  return redirect("/login");
}

// GET /auth/:provider/callback: the provider sends the user back here; the strategy checks state, exchanges
// the code, reads the profile, and our verify callback signs the person in (or the error is flashed to /login).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { enabledProviders, getAuthenticator, isOAuthProvider } from "~/modules/identity/auth.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = params.provider;
  if (!isOAuthProvider(provider) || !enabledProviders().includes(provider)) throw new Response("Not Found", { status: 404 });
  return getAuthenticator(context).authenticate(provider, request, {
    successRedirect: "/auth/done",
    failureRedirect: "/login",
    context,
  });
}

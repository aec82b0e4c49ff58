// GET /auth/email/verify?code=…: the magic link from the sign-in mail (same browser, within 10 minutes).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuthenticator } from "~/modules/identity/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return getAuthenticator(new URL(request.url).origin).authenticate("email", request, {
    successRedirect: "/auth/done",
    failureRedirect: "/login",
    context,
  });
}

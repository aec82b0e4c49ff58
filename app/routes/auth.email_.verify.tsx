// GET /auth/email/verify?code=…: the magic link from the sign-in mail (same browser, within 10 minutes).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonError } from "~/lib/http";
import { finishEmailSignIn } from "~/modules/identity/email-sign-in.server";
import { clientIp } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The edge limits sign-in POSTs by address; a link is a GET, so it is limited here, on a count of its own.
  const limit = await context.limits.consume("signInByIp", `magic-link:${clientIp(request) ?? "unknown"}`);
  if (!limit.allowed) {
    const refused = jsonError(429, "rate_limited", "Too many sign-in attempts from this address. Try again later.");
    for (const [name, value] of Object.entries(limit.headers)) refused.headers.set(name, value);
    throw refused;
  }
  const code = new URL(request.url).searchParams.get("code");
  return finishEmailSignIn({ request, context, code: code ?? "", via: "link" });
}

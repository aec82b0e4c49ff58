// GET /auth/handoff on a brand site: both ends of a crossing into this site from the other brand.
// Without a token it begins one: a nonce for this browser (a cookie), then back to the other site's /handoff,
// which mints a token carrying it. With ?token=…&next=/path it arrives: a good token (signed, for this site,
// within its minute, unused, carrying this browser's nonce) becomes a session here; any other is recorded and
// ignored, and the visitor lands on the page anyway, not signed in.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { jsonError, safeRedirectPath } from "~/lib/http";
import { requireBrand } from "~/lib/site.server";
import { BRANDS } from "~/lib/tenant";
import { arriveWithHandoff, beginHandoff, looksLikeHandoffToken, takeHandoffNonce } from "~/modules/identity/handoff.server";
import { commitSignIn, getSignedInUser } from "~/modules/identity/session.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const site = requireBrand(context);
  const url = new URL(request.url);
  const next = safeRedirectPath(url.searchParams.get("next"));
  const from = requestOrigin(request);
  // Each failure writes an audit row: limited by client address (a count of its own under the sign-in limit).
  const limit = await context.limits.consume("signInByIp", `handoff:${from.ip ?? "unknown"}`);
  if (!limit.allowed) {
    const refused = jsonError(429, "rate_limited", "Too many crossings from this address. Try again later.");
    for (const [name, value] of Object.entries(limit.headers)) refused.headers.set(name, value);
    throw refused;
  }

  const token = url.searchParams.get("token");
  if (token === null) {
    const { nonce, cookie } = beginHandoff();
    const other = BRANDS.find((brand) => brand !== site)!;
    const back = `${new URL(context.urls[other]).origin}/handoff?${new URLSearchParams({ to: site, next, state: nonce })}`;
    return redirect(back, { headers: { "Set-Cookie": cookie } });
  }
  // Not even shaped like a token: nothing to record.
  if (!looksLikeHandoffToken(token)) return redirect(next);

  const origin = new URL(context.urls[site]).origin;
  const { nonce, clear } = takeHandoffNonce(request);
  const headers = new Headers(clear ? { "Set-Cookie": clear } : {});
  const signedInUser = () => getSignedInUser(request);
  const { sessionToken } = await arriveWithHandoff({ token, origin, site, nonce, signedInUser, from });
  if (sessionToken) headers.append("Set-Cookie", await commitSignIn(request, sessionToken));
  return redirect(next, { headers });
}

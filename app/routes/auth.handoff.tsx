// GET /auth/handoff?token=…&next=/path: the arriving end of a crossing from the other brand site. A good
// token (signed, for this site, within its minute, unused) becomes a session here; any other token is
// recorded and ignored, and the visitor lands on the page anyway, not signed in.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/http";
import { requireBrand } from "~/lib/site.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { recordCrossing, redeemHandoffToken } from "~/modules/identity/handoff.server";
import { clientIp, commitSignIn, createSessionToken, getSignedInUser } from "~/modules/identity/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const site = requireBrand(context);
  const url = new URL(request.url);
  const next = safeRedirectPath(url.searchParams.get("next"));
  const origin = new URL(context.urls[site]).origin;
  const result = await redeemHandoffToken(url.searchParams.get("token") ?? "", origin);
  const requestOrigin = { ip: clientIp(request), userAgent: request.headers.get("user-agent") };

  if (!result.ok) {
    await recordAudit({ action: "sign_in", resource: "sessions", changes: { via: "handoff", error: result.reason }, ...requestOrigin, status: "failure" });
    return redirect(next);
  }

  const current = await getSignedInUser(request);
  if (current?.id === result.userId) {
    await recordCrossing({ userId: result.userId, from: result.from, to: origin, sessionId: current.sessionId });
    return redirect(next);
  }
  const session = await createSessionToken(result.userId, { site, ...requestOrigin });
  await recordCrossing({ userId: result.userId, from: result.from, to: origin, sessionId: session.id });
  await recordAudit({
    userId: result.userId,
    action: "sign_in",
    resource: "sessions",
    resourceId: session.id,
    changes: { via: "handoff", from: new URL(result.from).hostname, site },
    ...requestOrigin,
    status: "success",
  });
  return redirect(next, { headers: { "Set-Cookie": await commitSignIn(request, session.token) } });
}

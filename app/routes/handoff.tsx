// GET /handoff?to=aoba&next=/path on a brand site: the way to the other brand. A signed-in user is carried
// over with a one-use, 60-second token for the other site (which has its own cookie), bound to this browser:
// the other site first gives it a nonce (its /auth/handoff sends it back here with `state`), which the token
// carries. Anyone else simply goes there. Every crossing is counted in cross_site_activities.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { jsonError, safeRedirectPath } from "~/lib/http";
import { requireBrand } from "~/lib/site.server";
import { isBrand } from "~/lib/tenant";
import { createHandoffToken, isHandoffNonce, recordCrossing } from "~/modules/identity/handoff.server";
import { getSignedInUser } from "~/modules/identity/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const from = requireBrand(context);
  const url = new URL(request.url);
  const to = url.searchParams.get("to") ?? "";
  if (!isBrand(to) || to === from) {
    throw jsonError(400, "invalid_target", "`to` must be the other brand site (yuya or aoba).", { to: ["must be the other brand site"] });
  }
  const next = safeRedirectPath(url.searchParams.get("next"));
  const fromOrigin = new URL(context.urls[from]).origin;
  const toOrigin = new URL(context.urls[to]).origin;
  const user = await getSignedInUser(request);
  if (!user) {
    await recordCrossing({ userId: null, from: fromOrigin, to: toOrigin, sessionId: null });
    return redirect(`${toOrigin}${next}`);
  }
  const state = url.searchParams.get("state");
  // First to the other site, which sets its nonce in this browser and sends it back here with it.
  if (state === null) return redirect(`${toOrigin}/auth/handoff?${new URLSearchParams({ next })}`);
  if (!isHandoffNonce(state)) {
    throw jsonError(400, "invalid_state", "`state` must be the nonce the other site gave this crossing.", {
      state: ["must be the other site's nonce"],
    });
  }
  const token = await createHandoffToken({ userId: user.id, from: fromOrigin, to: toOrigin, nonce: state });
  return redirect(`${toOrigin}/auth/handoff?${new URLSearchParams({ token, next })}`);
}

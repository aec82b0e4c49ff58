// POST /api/content/events: a view, like, share or download of a content the brand site shows, from its pages.
// 202 whether counted, repeated (not counted again) or from a bot (dropped); the visitor session cookie is made
// on first use. The edge limits requests per address (server/app.ts), signed-in readers also per account.
import type { ActionFunctionArgs } from "@remix-run/node";
import { parseWith, readJsonBody, translatorFor } from "~/lib/api.server";
import { getEnv } from "~/lib/env.server";
import { jsonError } from "~/lib/http";
import { isBrand } from "~/lib/tenant";
import { findVisibleContentId } from "~/modules/content/public.server";
import { ContentEventSchema } from "~/modules/content/tracking.schema";
import { newVisitorId, normalizeReferrer, recordContentEvent, visitorCookieHeader, visitorId } from "~/modules/content/tracking.server";
import { getActor, limitActor } from "~/modules/identity/permissions.server";
import { requestOrigin } from "~/lib/request-origin.server";

export function loader() {
  throw jsonError(405, "method_not_allowed", "GET is not allowed here; use POST.");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = await translatorFor(request);
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  if (!isBrand(context.site)) throw jsonError(404, "not_found", t("api.notFound", { resource: "site" }));
  const brand = context.site;

  const input = await parseWith(request, ContentEventSchema, await readJsonBody(request));
  const contentId = await findVisibleContentId(brand, input);
  if (!contentId) {
    const field = input.contentId ? "contentId" : "slug";
    throw jsonError(404, "not_found", t("content.errors.notFound"), { [field]: [t("content.errors.notFound")] });
  }

  const actor = await getActor(request);
  if (actor) await limitActor(context, actor);
  const env = getEnv();
  const existing = visitorId(request);
  const sessionId = existing ?? newVisitorId();
  const result = await recordContentEvent({
    contentId,
    event: input.event,
    sessionId,
    userId: actor?.id ?? null,
    ...requestOrigin(request),
    referrer: normalizeReferrer(input.referrer, env),
    windowMinutes: env.CONTENT_EVENT_WINDOW_MINUTES,
  });
  context.metrics?.contentEvents.inc({ event: input.event, outcome: result.outcome });
  if (result.outcome === "bot") context.metrics?.botDrops.inc({ source: "content", reason: "user_agent" });
  const headers = new Headers({ "Cache-Control": "no-store" });
  // Bots get no cookie: nothing about them is kept.
  if (!existing && result.outcome !== "bot") headers.set("Set-Cookie", visitorCookieHeader(sessionId, env.PUBLIC_SCHEME === "https"));
  const data = result.outcome === "bot" ? { recorded: false } : { recorded: result.outcome === "recorded", counts: result.counts };
  return Response.json({ data }, { status: 202, headers });
}

// POST /api/embed/v1/leads: a lead from the embeddable form (sdk/src/embed.ts) on a page we do not host.
// The public key (X-Kizuna-Key) fixes the site and source and lists the origins allowed to use it (CORS for
// this path reflects any origin so the form can read a refusal; the Origin check here decides). Bots — the
// honeypot filled, or faster than a person can fill a form — get a fake success and nothing is written.
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { readJsonBody, translatorFor, validationError } from "~/lib/api.server";
import { getEnv } from "~/lib/env.server";
import { jsonError } from "~/lib/http";
import { idempotencyCaller, idempotent } from "~/lib/idempotency.server";
import { checkEmbedKey, touchEmbedKey } from "~/modules/embed/embed-keys.server";
import { EmbedLeadSchema } from "~/modules/embed/embed.schema";
import { submitLead } from "~/modules/leads/leads.server";
import { clientIp } from "~/lib/request-origin.server";
import { BRAND_INFO } from "~/modules/brand/brands";

export async function loader() {
  throw jsonError(405, "method_not_allowed", "Use POST.");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = await translatorFor(request);
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  if (context.site === "index") throw jsonError(404, "not_found", t("api.notFound", { resource: "site" }));

  const check = await checkEmbedKey(request.headers.get("x-kizuna-key"), request.headers.get("origin"));
  if (!check.ok) throw jsonError(check.status, check.code, t(`api.embed.${check.code}`));
  const { key } = check;

  const body = await readJsonBody(request);
  const parsed = EmbedLeadSchema.safeParse(body);
  if (!parsed.success) {
    const onlyConsent = parsed.error.issues.every((issue) => issue.path[0] === "gdprConsent");
    throw await validationError(request, parsed.error, onlyConsent ? 422 : 400);
  }
  const input = parsed.data;

  const minFill = getEnv().EMBED_MIN_FILL_MS;
  const bot = input.website ? "honeypot" : input.elapsedMs === undefined || input.elapsedMs < minFill ? "too_fast" : null;
  if (bot) {
    context.logger.warn({ embedKey: key.id, reason: bot }, "embed submission dropped as a bot");
    context.metrics?.botDrops.inc({ source: "embed", reason: bot });
    return Response.json({ data: { reference: randomUUID(), status: "received" } }, { status: 201 });
  }
  if (input.sourcePage && !onAllowedOrigin(input.sourcePage, key.allowedOrigins)) {
    const message = t("api.embed.sourcePage");
    throw jsonError(400, "invalid_request", t("api.invalid", { fields: "sourcePage" }), { sourcePage: [message] });
  }

  const response = await idempotent(
    request,
    {
      // The key is public (it is in the partner's page): each visitor's address is a caller of its own.
      scope: `POST /api/embed/v1/leads@${key.id}`,
      caller: idempotencyCaller(null, clientIp(request)),
      body,
      messages: { invalidKey: t("api.idempotencyKeyInvalid"), mismatch: t("api.idempotencyMismatch"), inProgress: t("api.idempotencyInProgress") },
      singleStatement: true, // submitLead is one statement
    },
    async (tx) => {
      const submitted = await submitLead(
        tx,
        {
          email: input.email,
          name: input.name,
          company: input.company,
          phone: input.phone,
          source: key.source,
          sourceDomain: BRAND_INFO[key.tenant].domain,
          sourcePage: input.sourcePage,
          leadType: input.leadType,
          message: input.message ?? t("api.embed.noMessage"),
          gdprConsent: true,
        },
        { via: "embed" },
      );
      return { status: 201, body: { data: { reference: submitted.inquiryId, status: "received" } } };
    },
  );
  if (response.status === 201) await touchEmbedKey(key);
  return response;
}

function onAllowedOrigin(page: string, origins: readonly string[]): boolean {
  try {
    return origins.includes(new URL(page).origin.toLowerCase());
  } catch {
    return false;
  }
}

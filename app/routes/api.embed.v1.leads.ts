// POST /api/embed/v1/leads: a lead from the embeddable form (sdk/src/embed.ts) on a page we do not host.
// The public key (X-Kizuna-Key) fixes the site and source and lists the origins allowed to use it (CORS for
// this path reflects any origin so the form can read a refusal; the Origin check here decides). Bots (see
// screenEmbedLead) get a fake success and nothing is written.
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { readJsonBody, translatorFor, validationError } from "~/lib/api.server";
import { jsonError } from "~/lib/http";
import { idempotencyCaller, idempotent } from "~/lib/idempotency.server";
import { toApiError } from "~/lib/result.server";
import { checkEmbedKey, touchEmbedKey } from "~/modules/embed/embed-keys.server";
import { EmbedLeadSchema } from "~/modules/embed/embed.schema";
import { invalidStatus, screenEmbedLead } from "~/modules/leads/intake.server";
import { submitLead } from "~/modules/leads/leads.server";
import { clientIp } from "~/lib/request-origin.server";

export async function loader() {
  throw jsonError(405, "method_not_allowed", "Use POST.");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = await translatorFor(request);
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  if (context.site === "index") throw jsonError(404, "not_found", t("api.notFound", { resource: "site" }));

  const check = await checkEmbedKey(request.headers.get("x-kizuna-key"), request.headers.get("origin"));
  if (!check.ok) throw await toApiError(request, check);
  const { key } = check;

  const body = await readJsonBody(request);
  const parsed = EmbedLeadSchema.safeParse(body);
  if (!parsed.success) throw await validationError(request, parsed.error, invalidStatus(parsed.error));

  const screened = screenEmbedLead({ input: parsed.data, key, noMessage: t("api.embed.noMessage") });
  if (screened.kind === "bot") {
    context.logger.warn({ embedKey: key.id, reason: screened.reason }, "embed submission dropped as a bot");
    context.metrics?.botDrops.inc({ source: "embed", reason: screened.reason });
    return Response.json({ data: { reference: randomUUID(), status: "received" } }, { status: 201 });
  }
  if (screened.kind === "refused") {
    throw jsonError(400, "invalid_request", t("api.invalid", { fields: screened.field }), {
      [screened.field]: [t("api.embed.sourcePage")],
    });
  }

  const response = await idempotent(
    request,
    {
      // The key is public (it is in the partner's page): each visitor's address is a caller of its own.
      scope: `POST /api/embed/v1/leads@${key.id}`,
      caller: idempotencyCaller(null, clientIp(request)),
      body,
      messages: {
        invalidKey: t("api.idempotencyKeyInvalid"),
        mismatch: t("api.idempotencyMismatch"),
        inProgress: t("api.idempotencyInProgress"),
      },
      singleStatement: true, // submitLead is one statement
    },
    async (tx) => {
      const submitted = await submitLead(tx, screened.lead, { via: "embed" });
      return { status: 201, body: { data: { reference: submitted.inquiryId, status: "received" } } };
    },
  );
  if (response.status === 201) await touchEmbedKey(key);
  return response;
}

// PUT /api/leads/:id/status: the spec's UpdateLeadStatusRequest. The change, the note and the assignment go on
// the lead's timeline and into the audit log. Send `If-Match` with the ETag of the lead as you saw it to be
// told (412) when someone else changed it meanwhile.
import type { ActionFunctionArgs } from "@remix-run/node";
import { parseWith, readJsonBody, translatorFor } from "~/lib/api.server";
import { isUuid, jsonError } from "~/lib/http";
import { requireApiPermission } from "~/modules/identity/permissions.server";
import { UpdateLeadStatusSchema } from "~/modules/leads/leads.schema";
import { leadForRole, updateLeadStatus } from "~/modules/leads/leads.server";
import { requestOrigin } from "~/lib/request-origin.server";
import { toApiError } from "~/lib/result.server";

const etagOf = (updatedAt: Date) => `W/"${updatedAt.getTime()}"`;

export function loader() {
  throw jsonError(405, "method_not_allowed", "Use PUT.");
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PUT") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use PUT.`);
  const actor = await requireApiPermission({ request, context }, "leads", "update");
  const t = await translatorFor(request);
  if (!isUuid(params.id)) throw jsonError(404, "not_found", t("api.notFound", { resource: "lead" }));
  const input = await parseWith(request, UpdateLeadStatusSchema, await readJsonBody(request));

  const ifMatch = request.headers.get("if-match");
  const version = ifMatch ? /^(?:W\/)?"(\d+)"$/.exec(ifMatch.trim())?.[1] : undefined;
  if (ifMatch && !version)
    throw jsonError(400, "invalid_request", 'If-Match must be an ETag from this API (W/"…").', { "If-Match": ["not an ETag of this API"] });

  const result = await updateLeadStatus(params.id!, input, {
    actor,
    origin: requestOrigin(request),
    expectedVersion: version ? Number(version) : undefined,
  });
  if (!result.ok) throw await toApiError(request, result);
  return Response.json({ lead: leadForRole(result.lead, actor.role) }, { headers: { ETag: etagOf(result.lead.updatedAt) } });
}

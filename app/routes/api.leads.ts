// POST /api/leads: a lead from a brand site, an embed or an integration (the spec's CreateLeadRequest).
// GET /api/leads: the admin list (the spec's GetLeadsResponse), masked for roles other than ADMIN.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseWith, readJsonBody, translatorFor, validationError } from "~/lib/api.server";
import { jsonError } from "~/lib/http";
import { idempotencyCaller, idempotent } from "~/lib/idempotency.server";
import { can } from "~/modules/identity/permissions";
import { getActor, limitActor, requireApiPermission } from "~/modules/identity/permissions.server";
import { CreateLeadSchema, LeadListQuerySchema } from "~/modules/leads/leads.schema";
import { checkLeadClaim, invalidStatus } from "~/modules/leads/intake.server";
import { listLeads, submitLead } from "~/modules/leads/leads.server";
import { clientIp, requestOrigin } from "~/lib/request-origin.server";
import { toApiError } from "~/lib/result.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireApiPermission({ request, context }, "leads", "read");
  const query = await parseWith(request, LeadListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const list = await listLeads(query, actor);
  // The spec's GetLeadsResponse: the page as `leads` and `pagination`, and the filters it applied.
  return Response.json({
    leads: list.items,
    pagination: {
      page: list.page,
      limit: list.pageSize,
      total: list.total,
      totalPages: list.totalPages,
      ...(list.totalIsEstimate ? { totalIsEstimate: true } : {}),
    },
    filters: {
      sort: query.sort,
      status: query.status,
      character: query.character,
      priority: query.priority,
      source: query.source,
      assignee: query.assignee,
      q: query.q,
      from: query.from,
      to: query.to,
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = await translatorFor(request);
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  if (context.site === "index") throw jsonError(404, "not_found", t("api.notFound", { resource: "site" }));

  // On a brand site anyone may submit (the public form); on the admin host, staff who may create leads.
  // Authenticated (and counted against the per-user limit) once, whichever host.
  const actor = context.site === "admin" ? await requireApiPermission({ request, context }, "leads", "create") : await getActor(request);
  if (actor && context.site !== "admin") await limitActor(context, actor);

  const body = await readJsonBody(request);
  const parsed = CreateLeadSchema.safeParse(body);
  if (!parsed.success) throw await validationError(request, parsed.error, invalidStatus(parsed.error));
  const input = parsed.data;
  const refused = checkLeadClaim({ lead: input, site: context.site, registry: context.registry });
  if (refused) throw await toApiError(request, refused);

  // Staff data (the lead's id, whether the address was known) only on the admin host (decision 015).
  const staff = context.site === "admin" && Boolean(actor && can(actor.role, "leads", "read"));
  const response = await idempotent(
    request,
    {
      scope: `POST /api/leads@${context.site}`,
      caller: idempotencyCaller(actor, clientIp(request)),
      body,
      messages: {
        invalidKey: t("api.idempotencyKeyInvalid"),
        mismatch: t("api.idempotencyMismatch"),
        inProgress: t("api.idempotencyInProgress"),
      },
      singleStatement: true, // submitLead is one statement (and its audit, for staff)
    },
    async (tx) => {
      const by = actor ? { userId: actor.id, origin: requestOrigin(request) } : undefined;
      const submitted = await submitLead(tx, input, { via: actor ? `api:${actor.via}` : "api", by });
      // The public learns only that it was received (no telling whether the address was known).
      return {
        status: 201,
        body: {
          data: staff
            ? { reference: submitted.inquiryId, status: "received", ...submitted }
            : { reference: submitted.inquiryId, status: "received" },
        },
      };
    },
  );
  return response;
}

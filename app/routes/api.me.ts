// GET /api/me: who the request acts as (session or API token) and what that role may do. Integrations use it
// to check a token; the permission table comes from the same data every check uses.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ACTIONS, can, RESOURCES } from "~/modules/identity/permissions";
import { getActor, limitActor } from "~/modules/identity/permissions.server";
import { jsonError } from "~/lib/http";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  if (!actor) throw jsonError(401, "unauthenticated", "Sign in or send a valid API token (Authorization: Bearer …).");
  await limitActor(context, actor);
  const permissions = Object.fromEntries(
    RESOURCES.map((resource) => [resource, ACTIONS.filter((action) => can(actor.role, resource, action))] as const).filter(
      ([, actions]) => actions.length > 0,
    ),
  );
  return Response.json({ user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role }, via: actor.via, permissions });
}

// The one access check of the app. Every loader, action and API route that needs a signed-in user calls
// requirePermission; a request to /api/* may instead carry a personal API token.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { recordAudit } from "~/modules/audit/audit.server";
import { authenticateBearer } from "./api-tokens.server.ts";
import { can, canUseAdmin, type Action, type Resource, type Role } from "./permissions.ts";
import { getSignedInUser } from "./session.server.ts";
import { canonicalPath, pathIsUnder } from "~/lib/paths";
import { requestOrigin } from "~/lib/request-origin.server";

export interface Actor {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** How the request was authenticated. */
  via: "session" | "token";
}

/** A request to /api/*, however the path is spelled (the edge's canonical path, app/lib/paths.ts). */
function isApi(request: Request): boolean {
  return pathIsUnder(canonicalPath(new URL(request.url).pathname), "/api");
}

/** The signed-in user (cookie) or the owner of the bearer token (API only), or null. */
export async function getActor(request: Request): Promise<Actor | null> {
  if (isApi(request) && request.headers.has("authorization")) {
    const user = await authenticateBearer(request);
    return user ? { id: user.id, email: user.email, name: user.name, role: user.role, via: "token" } : null;
  }
  const user = await getSignedInUser(request);
  return user ? { id: user.id, email: user.email, name: user.name, role: user.role, via: "session" } : null;
}

function unauthenticated(request: Request): never {
  if (isApi(request)) {
    throw Response.json(
      { error: { code: "unauthenticated", message: "Sign in or send a valid API token (Authorization: Bearer …)." } },
      { status: 401 },
    );
  }
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

async function forbidden(request: Request, actor: Actor, resource: string, action: string): Promise<never> {
  await recordAudit({
    userId: actor.id,
    action: "permission_denied",
    resource,
    changes: { attempted: action, path: new URL(request.url).pathname },
    ...requestOrigin(request),
    status: "failure",
  });
  if (isApi(request)) {
    throw Response.json(
      { error: { code: "forbidden", message: `Your role (${actor.role}) may not ${action} ${resource}.` } },
      { status: 403 },
    );
  }
  throw new Response("Forbidden", { status: 403 });
}

/** The actor, if they may do `action` on `resource`; else a redirect to sign in (401 for the API) or 403. */
export async function requirePermission(request: Request, resource: Resource, action: Action): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) unauthenticated(request);
  if (!can(actor.role, resource, action)) await forbidden(request, actor, resource, action);
  return actor;
}

/** Any staff role may enter the admin host; USER may not. */
export async function requireAdminAccess(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) unauthenticated(request);
  if (!canUseAdmin(actor.role)) await forbidden(request, actor, "admin", "read");
  return actor;
}

/**
 * The API's check: requirePermission, then the per-user rate limit (the edge already limits by address), so one
 * account's token cannot exhaust the API from many addresses. Over the limit: 429 with Retry-After.
 */
export async function requireApiPermission(
  { request, context }: { request: Request; context: AppLoadContext },
  resource: Resource,
  action: Action,
): Promise<Actor> {
  requireStaffHost(context, resource);
  const actor = await requirePermission(request, resource, action);
  await limitActor(context, actor);
  return actor;
}

/**
 * Staff data (every resource but a person's own) is served on the admin host only, to a session or an API token
 * alike (decision 015): a staff member's cookie on a brand site — where any script or embed runs in the brand's
 * origin — must not reach leads, projects or analytics. Elsewhere such an API does not exist: 404, before anyone
 * is looked up.
 */
export function requireStaffHost(context: Pick<AppLoadContext, "site">, resource: Resource): void {
  if (resource === "own_data" || context.site === "admin") return;
  throw Response.json({ error: { code: "not_found", message: "This API answers on the admin host only." } }, { status: 404 });
}

/** Counts one API request against the actor's per-user limit; throws 429 when it is used up. */
export async function limitActor(context: AppLoadContext, actor: Actor): Promise<void> {
  const result = await context.limits.consume("apiByUser", actor.id);
  if (result.allowed) return;
  throw Response.json(
    { error: { code: "rate_limited", message: `Too many requests for this account. Try again in ${result.retryAfter} s.` } },
    { status: 429, headers: result.headers },
  );
}

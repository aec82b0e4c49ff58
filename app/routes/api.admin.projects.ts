// GET /api/admin/projects → the spec's ProjectsListResponse (paged by `page`/`limit`; the total is in the
// X-Total-Count header, so the body keeps the spec's shape). POST → the spec's CreateProjectRequest, 201.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseWith, readJsonBody } from "~/lib/api.server";
import { toApiError } from "~/lib/result.server";
import { jsonError } from "~/lib/http";
import { requireApiPermission } from "~/modules/identity/permissions.server";
import { CreateProjectSchema, ProjectListQuerySchema } from "~/modules/projects/projects.schema";
import { createProject, listProjects } from "~/modules/projects/projects.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireApiPermission({ request, context }, "projects", "read");
  const query = await parseWith(request, ProjectListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const page = await listProjects(query, actor);
  return Response.json({ projects: page.items }, { headers: { "X-Total-Count": String(page.total) } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  const actor = await requireApiPermission({ request, context }, "projects", "create");
  const input = await parseWith(request, CreateProjectSchema, await readJsonBody(request));
  const result = await createProject(input, actor, requestOrigin(request));
  if (!result.ok) throw await toApiError(request, result);
  return Response.json({ project: result.project }, { status: 201 });
}

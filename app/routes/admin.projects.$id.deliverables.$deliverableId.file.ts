// GET …/deliverables/:deliverableId/file: a deliverable's file, for roles that may read projects, as a download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/lib/files.server";
import { isUuid } from "~/lib/http";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { getDeliverableFile } from "~/modules/projects/project-detail.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "projects", "read");
  if (!isUuid(params.id) || !isUuid(params.deliverableId)) throw new Response("Not Found", { status: 404 });
  const file = await getDeliverableFile({ projectId: params.id, deliverableId: params.deliverableId });
  if (!file) throw new Response("Not Found", { status: 404 });
  return storedFileResponse(file);
}

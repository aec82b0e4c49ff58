// GET …/deliverables/:deliverableId/file: a deliverable's file, for roles that may read projects, as a download.
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { storedFileResponse } from "~/lib/files.server";
import { isUuid } from "~/lib/http";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { ALLOWED_TYPES } from "~/modules/inquiries/attachments.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "projects", "read");
  if (!isUuid(params.id) || !isUuid(params.deliverableId)) throw new Response("Not Found", { status: 404 });
  const deliverable = await getDb().projectDeliverable.findUnique({ where: { id: params.deliverableId }, select: { projectId: true, name: true, fileUrl: true } });
  if (!deliverable || deliverable.projectId !== params.id || !deliverable.fileUrl) throw new Response("Not Found", { status: 404 });
  const ext = path.extname(deliverable.fileUrl).slice(1);
  const type = Object.entries(ALLOWED_TYPES).find(([, e]) => e === ext)?.[0] ?? "application/octet-stream";
  return storedFileResponse({ relativePath: deliverable.fileUrl, name: `${deliverable.name}.${ext}`, type });
}

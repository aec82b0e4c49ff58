// GET …/deliverables/:deliverableId/file: a deliverable's file, for roles that may read projects, as a download.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { ALLOWED_TYPES } from "~/modules/inquiries/attachments.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "projects", "read");
  if (!UUID.test(params.id ?? "") || !UUID.test(params.deliverableId ?? "")) throw new Response("Not Found", { status: 404 });
  const deliverable = await getDb().projectDeliverable.findUnique({ where: { id: params.deliverableId }, select: { projectId: true, name: true, fileUrl: true } });
  if (!deliverable || deliverable.projectId !== params.id || !deliverable.fileUrl) throw new Response("Not Found", { status: 404 });
  const root = path.resolve(getEnv().UPLOAD_DIR);
  const file = path.resolve(root, deliverable.fileUrl);
  if (!file.startsWith(root + path.sep)) throw new Response("Not Found", { status: 404 });
  const ext = path.extname(file).slice(1);
  const type = Object.entries(ALLOWED_TYPES).find(([, e]) => e === ext)?.[0] ?? "application/octet-stream";
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Response("Gone", { status: 410 });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${deliverable.name}.${ext}`)}`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

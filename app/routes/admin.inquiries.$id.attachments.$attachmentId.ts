// GET /admin/inquiries/:id/attachments/:attachmentId: an attachment, for staff who may read inquiries. Served
// as a download (never rendered inline on our origin), under its original name.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "inquiries", "read");
  if (!UUID.test(params.id ?? "") || !UUID.test(params.attachmentId ?? "")) throw new Response("Not Found", { status: 404 });
  const inquiry = await getDb().inquiry.findUnique({ where: { id: params.id }, select: { attachments: true } });
  const list = (Array.isArray(inquiry?.attachments) ? inquiry.attachments : []) as { id: string; name: string; type: string; path: string }[];
  const attachment = list.find((a) => a.id === params.attachmentId);
  if (!attachment) throw new Response("Not Found", { status: 404 });
  const root = path.resolve(getEnv().UPLOAD_DIR);
  const file = path.resolve(root, attachment.path);
  if (!file.startsWith(root + path.sep)) throw new Response("Not Found", { status: 404 });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Response("Gone", { status: 410 });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": attachment.type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

// GET /admin/inquiries/:id/attachments/:attachmentId: an attachment, for staff who may read inquiries. Served
// as a download (never rendered inline on our origin), under its original name.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/lib/files.server";
import { isUuid } from "~/lib/http";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { getInquiryAttachment } from "~/modules/inquiries/inbox.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "inquiries", "read");
  if (!isUuid(params.id) || !isUuid(params.attachmentId)) throw new Response("Not Found", { status: 404 });
  const attachment = await getInquiryAttachment({ inquiryId: params.id, attachmentId: params.attachmentId });
  if (!attachment) throw new Response("Not Found", { status: 404 });
  return storedFileResponse({ relativePath: attachment.path, name: attachment.name, type: attachment.type });
}

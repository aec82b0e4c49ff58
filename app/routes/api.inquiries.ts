// POST /api/inquiries (multipart/form-data): the spec's CreateInquiryRequest — type, subject, message,
// attachments, leadInfo (as leadInfo.email / leadInfo.name / leadInfo.company) — plus gdprConsent.
// A signed-in requester may leave leadInfo out. Attachments: see attachments.server.ts for the limits.
import type { ActionFunctionArgs } from "@remix-run/node";
import { translatorFor } from "~/lib/api.server";
import { jsonError } from "~/lib/http";
import type { Failure } from "~/lib/result";
import { toApiError } from "~/lib/result.server";
import { requireBrand } from "~/lib/site.server";
import { getActor, limitActor } from "~/modules/identity/permissions.server";
import { AttachmentError, attachmentLimits, parseMultipart } from "~/modules/inquiries/attachments.server";
import { attachmentFailure, receiveInquiry } from "~/modules/inquiries/inquiries.server";

export function loader() {
  throw jsonError(405, "method_not_allowed", "Use POST with multipart/form-data.");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const brand = requireBrand(context);
  const t = await translatorFor(request);
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) {
    throw jsonError(415, "unsupported_media_type", t("api.multipartOnly"));
  }
  const { maxFiles, maxBytes } = attachmentLimits();
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxFiles * maxBytes + 1024 * 1024)
    throw jsonError(413, "body_too_large", t("api.tooLarge", { max: maxFiles * maxBytes + 1024 * 1024 }));

  const actor = await getActor(request);
  if (actor) await limitActor(context, actor);
  // Our storage failing (503) is worth another try later: the inquiry itself goes through without attachments.
  const refuse = async (failure: Failure) => {
    const response = await toApiError(request, failure);
    if (failure.kind === "unavailable") response.headers.set("Retry-After", "60");
    return response;
  };

  let formData: FormData;
  try {
    formData = await parseMultipart(request);
  } catch (error) {
    if (!(error instanceof AttachmentError)) throw error;
    if (error.code === "malformed") throw jsonError(400, "invalid_multipart", t("api.invalidMultipart"));
    throw await refuse(attachmentFailure(error));
  }
  const result = await receiveInquiry(formData, {
    brand,
    user: actor ? { email: actor.email, name: actor.name } : null,
    via: actor ? `api:${actor.via}` : "api",
  });
  if (!result.ok) throw await refuse(result);
  return Response.json(
    { data: { reference: result.submitted.inquiryId, status: "received", attachments: result.attachments } },
    { status: 201 },
  );
}

// POST /api/inquiries (multipart/form-data): the spec's CreateInquiryRequest — type, subject, message,
// attachments, leadInfo (as leadInfo.email / leadInfo.name / leadInfo.company) — plus gdprConsent.
// A signed-in requester may leave leadInfo out. Attachments: see attachments.server.ts for the limits.
import type { ActionFunctionArgs } from "@remix-run/node";
import { translatorFor } from "~/lib/api.server";
import { jsonError } from "~/lib/http";
import { translateError } from "~/lib/i18n";
import { requireBrand } from "~/lib/site.server";
import { getActor, limitActor } from "~/modules/identity/permissions.server";
import { AttachmentError, attachmentLimits, parseMultipart } from "~/modules/inquiries/attachments.server";
import { attachmentProblem, receiveInquiry, type FieldProblem } from "~/modules/inquiries/inquiries.server";

const STORAGE_CODES: Partial<Record<number, string>> = { 503: "storage_unavailable", 507: "insufficient_storage" };

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
  const problem = (status: number, fields: Record<string, FieldProblem[]>) => {
    const translated = Object.fromEntries(
      Object.entries(fields).map(([field, list]) => [field, list.map((p) => (p.values ? t(p.key, p.values) : translateError(t, p.key)))]),
    );
    // Not the sender's mistake: our disk is full (507) or cannot be written (503); the inquiry goes through without attachments.
    const storage = STORAGE_CODES[status];
    if (storage) {
      const response = jsonError(status, storage, translated.attachments?.[0] ?? storage, translated);
      if (status === 503) response.headers.set("Retry-After", "60");
      return response;
    }
    return jsonError(status, "invalid_request", t("api.invalid", { fields: Object.keys(fields).join(", ") }), translated);
  };

  let formData: FormData;
  try {
    formData = await parseMultipart(request);
  } catch (error) {
    if (!(error instanceof AttachmentError)) throw error;
    if (error.code === "malformed") throw jsonError(400, "invalid_multipart", t("api.invalidMultipart"));
    const { status, fields } = attachmentProblem(error);
    throw problem(status, fields);
  }
  const result = await receiveInquiry(formData, {
    brand,
    user: actor ? { email: actor.email, name: actor.name } : null,
    via: actor ? `api:${actor.via}` : "api",
  });
  if (!result.ok) throw problem(result.status, result.fields);
  return Response.json(
    { data: { reference: result.submitted.inquiryId, status: "received", attachments: result.attachments } },
    { status: 201 },
  );
}

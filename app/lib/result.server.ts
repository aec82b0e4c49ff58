// The two places a service Failure becomes an answer: the JSON API's error shape, and a Conform form reply. A route
// never translates failures by hand; an action with several forms dispatches on its `intent` field here too.
import type { Submission, SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { translatorFor } from "./api.server.ts";
import { jsonError } from "./http.ts";
import { translateError } from "./i18n.ts";
import { fieldMessages, statusOf, type Failure, type FailureKind, type Result } from "./result.ts";

/** The API's error code for a kind when the failure names no finer one (the codes clients already know). */
const API_CODE: Partial<Record<FailureKind, string>> = {
  bad_request: "invalid_request",
  invalid: "invalid_request",
  unauthorized: "unauthenticated",
  too_large: "body_too_large",
  unsupported: "unsupported_media_type",
};

/** The failure as `{ error: { code, message, fields? } }` with its kind's status, in the caller's language. */
export async function toApiError(request: Request, failure: Failure): Promise<Response> {
  const t = await translatorFor(request);
  const fields = Object.entries(fieldMessages(failure)).map(
    ([field, messages]) => [field, messages.map((message) => translateError(t, message))] as const,
  );
  return jsonError(
    statusOf(failure),
    failure.code ?? API_CODE[failure.kind] ?? failure.kind,
    translateError(t, failure.message),
    fields.length ? Object.fromEntries(fields) : undefined,
  );
}

/** Kinds that mean the page itself cannot be shown: thrown to the error boundary unless they name a field. */
const PAGE_ERRORS: ReadonlySet<FailureKind> = new Set(["not_found", "gone", "forbidden", "unauthorized"]);

/**
 * The form's Conform reply to a failure, with the kind's status: field messages beside their fields, anything else
 * as the form's error. A failure about the record itself (not found, gone, forbidden) without a field is thrown
 * as that HTTP status instead, as a loader would.
 */
export function replyFailure<Extra extends object = object>(submission: Submission<unknown>, failure: Failure, extra?: Extra) {
  if (PAGE_ERRORS.has(failure.kind) && !failure.field && !failure.fields)
    throw new Response(failure.message, { status: statusOf(failure) });
  const fieldErrors = fieldMessages(failure);
  const formErrors = Object.keys(fieldErrors).length ? undefined : [failure.message];
  const result: SubmissionResult<string[]> = submission.reply({ fieldErrors, formErrors });
  return data({ ...(extra as Extra), ok: false as const, result }, { status: statusOf(failure) });
}

/** The success, or its failure thrown as that HTTP status (an action with no form to show it beside: a delete button). */
export function orThrow<T extends object>(result: Result<T>): { ok: true } & T {
  if (!result.ok) throw new Response(result.message, { status: statusOf(result) });
  return result;
}

/** The reply to a submission its schema refused: 400 with each field's messages beside the field. */
export function replyInvalid<Extra extends object = object>(submission: Submission<unknown>, extra?: Extra) {
  return data({ ...(extra as Extra), ok: false as const, result: submission.reply() }, { status: 400 });
}

/** The reply after success: the submission's result (reset when `resetForm`) plus what the page shows. */
export function replyOk<Extra extends object = object>(
  submission: Submission<unknown>,
  extra?: Extra,
  options: { resetForm?: boolean } = {},
) {
  return { ...(extra as Extra), ok: true as const, result: submission.reply(options) };
}

/**
 * Runs the handler the form's `intent` field names. An intent no handler takes is a crafted request: 400 naming the
 * field, in the API's error shape (a page's error boundary shows its message).
 */
export async function dispatchIntent<R>(
  request: Request,
  form: FormData,
  handlers: Record<string, (form: FormData, intent: string) => Promise<R> | R>,
): Promise<R> {
  const intent = form.get("intent");
  const handler = typeof intent === "string" && Object.hasOwn(handlers, intent) ? handlers[intent] : undefined;
  if (!handler) {
    const t = await translatorFor(request);
    const message = t("errors.unknownIntent");
    throw jsonError(400, "invalid_request", message, { intent: [message] });
  }
  return handler(form, intent as string);
}

// The JSON API's plumbing: read a body within limits, validate it with a zod schema, and answer problems as
// `{ error: { code, message, fields } }` with messages in the caller's language (Accept-Language / cookie).
import type { z } from "zod";
import { looksLikeCiphertext } from "./ciphertext.ts";
import { jsonError } from "./http.ts";
import { getLanguage, i18nServer } from "./i18n.server.ts";
import { translateError } from "./i18n.ts";

export const MAX_JSON_BYTES = 64 * 1024;

type T = (key: string, options?: Record<string, unknown>) => string;

const translators = new Map<string, Promise<T>>();

/** The translation function for the request's language (one i18next instance per language, made once). */
export async function translatorFor(request: Request): Promise<T> {
  const lng = await getLanguage(request);
  let translator = translators.get(lng);
  if (!translator) {
    translator = i18nServer.getFixedT(lng, "common").then((t) => (key: string, options?: Record<string, unknown>) => t(key, options));
    translators.set(lng, translator);
  }
  return translator;
}

/** Field → messages, translated, from a zod error. Nested paths are joined with dots ("leadInfo.email"). */
export function fieldErrors(error: z.ZodError, t: T): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join(".") : "body";
    (fields[path] ??= []).push(
      issue.code === "unrecognized_keys" ? t("api.unknownFields", { keys: issue.keys.join(", ") }) : translateError(t, issue.message),
    );
  }
  return fields;
}

export async function validationError(request: Request, error: z.ZodError, status = 400): Promise<Response> {
  const t = await translatorFor(request);
  const fields = fieldErrors(error, t);
  return jsonError(status, "invalid_request", t("api.invalid", { fields: Object.keys(fields).join(", ") }), fields);
}

/** Reads a JSON body (at most MAX_JSON_BYTES) or throws the 4xx that says what is wrong with it. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const t = await translatorFor(request);
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw jsonError(415, "unsupported_media_type", t("api.jsonOnly"));
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw jsonError(413, "body_too_large", t("api.tooLarge", { max: maxBytes }));
  const text = await readLimited(request, maxBytes);
  if (text === null) throw jsonError(413, "body_too_large", t("api.tooLarge", { max: maxBytes }));
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw jsonError(400, "invalid_json", t("api.invalidJson"));
  }
  // JSON can carry a NUL (\u0000) in a string; PostgreSQL text cannot store one.
  const at = text.includes("\\u0000") ? nulPath(body) : null;
  if (at) throw jsonError(400, "invalid_request", t("api.invalid", { fields: at }), { [at]: [t("errors.nul")] });
  const pasted = ciphertextPath(body);
  if (pasted) throw jsonError(400, "invalid_request", t("api.invalid", { fields: pasted }), { [pasted]: [t("errors.ciphertext")] });
  return body;
}

/** Where the first string that looks like our stored ciphertext is (see ciphertext.ts), as a dotted path, or null. */
export function ciphertextPath(value: unknown): string | null {
  return pathInJson(value, looksLikeCiphertext, { keys: false });
}

/** Where the first NUL (U+0000) is in a parsed JSON value, key or text, as a dotted path ("leadInfo.name"), or null. */
export function nulPath(value: unknown): string | null {
  return pathInJson(value, (text) => text.includes("\u0000"), { keys: true });
}

/** The dotted path of the first string (and, with `keys`, object key) in a parsed JSON value that `matches`. */
function pathInJson(value: unknown, matches: (text: string) => boolean, { keys }: { keys: boolean }, path: string[] = []): string | null {
  if (typeof value === "string") return matches(value) ? path.join(".") || "body" : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    if (keys && matches(key)) return [...path, key.replaceAll("\u0000", "\\u0000")].join(".");
    const found = pathInJson(child, matches, { keys }, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Past the limit the rest is read and dropped (so the client gets its 413), up to this much; then cut off. */
const DRAIN_BYTES = 1024 * 1024;

async function readLimited(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes + DRAIN_BYTES) {
      await reader.cancel();
      return null;
    }
    if (size <= maxBytes) chunks.push(value);
  }
  return size > maxBytes ? null : Buffer.concat(chunks).toString("utf8");
}

/** Parses a body or query with a schema; a failure throws the 400 naming each field. */
export async function parseWith<S extends z.ZodType>(request: Request, schema: S, input: unknown, status = 400): Promise<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) throw await validationError(request, result.error, status);
  return result.data;
}

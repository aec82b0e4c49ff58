// Reading a submitted form in an action. Every text field may end up in PostgreSQL, whose text cannot hold a
// NUL (U+0000); nobody types one, so a form carrying it is a crafted request: refused with 400 naming the field
// before any action code runs, instead of failing at the database as a 500.
import { translatorFor } from "./api.server.ts";
import { looksLikeCiphertext } from "./ciphertext.ts";
import { jsonError } from "./http.ts";

/** The form's fields (urlencoded or multipart, read by `read`), or a thrown 400 naming the first field with a NUL. */
export async function readForm(request: Request, read: (request: Request) => Promise<FormData> = (r) => r.formData()): Promise<FormData> {
  const form = await parseForm(request, read);
  await refuseNul(request, form);
  await refuseCiphertext(request, form);
  return form;
}

/**
 * The form as its parser reads it, without readForm's field checks (for a form whose schema shows those problems
 * beside the field), or a thrown 4xx when the body is no readable form.
 */
export async function parseForm(request: Request, read: (request: Request) => Promise<FormData> = (r) => r.formData()): Promise<FormData> {
  try {
    return await read(request);
  } catch (error) {
    if (!isMalformedForm(error)) throw error;
    const t = await translatorFor(request);
    // A form that is not sent as one (JSON, text) is the wrong media type; a broken one is a bad request.
    const status = /Content-Type was not one of/i.test((error as Error).message) ? 415 : 400;
    throw jsonError(status, "invalid_request", t("errors.formUnreadable"), { form: [t("errors.formUnreadable")] });
  }
}

/**
 * Whether a form parser refused the body itself: a broken multipart part header or boundary (Remix's parser says
 * "malformed …"), or a body that is not the form its Content-Type claims, or not a form at all (the Fetch API's TypeErrors).
 */
export function isMalformedForm(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /^malformed /.test(error.message) || (error instanceof TypeError && /parse .*FormData|Content-Type was not one of/i.test(error.message))
  );
}

/**
 * Throws 400 naming the first field whose text looks like our stored ciphertext (see ciphertext.ts): a value
 * pasted from a stolen dump, which no plaintext field may hold.
 */
async function refuseCiphertext(request: Request, form: FormData): Promise<void> {
  const found = [...form].find(([, value]) => typeof value === "string" && looksLikeCiphertext(value))?.[0];
  if (found === undefined) return;
  const t = await translatorFor(request);
  const message = t("errors.ciphertextField", { field: found });
  throw jsonError(400, "invalid_request", message, { [found]: [message] });
}

/**
 * Throws 400 in the API's error shape when a field's name or text holds a NUL: a Response, so a resource route
 * (no page of its own) answers it as it is, and a page's error boundary shows its message.
 */
export async function refuseNul(request: Request, form: FormData): Promise<void> {
  const found = nulField(form);
  if (found === null) return;
  const t = await translatorFor(request);
  const message = t("errors.nulField", { field: found });
  throw jsonError(400, "invalid_request", message, { [found]: [message] });
}

/** The first field whose name, text or file name holds a NUL, named with the NUL written as \u0000, or null. */
export function nulField(form: FormData): string | null {
  for (const [name, value] of form) {
    if ((name + (typeof value === "string" ? value : value.name)).includes("\0")) return name.replaceAll("\0", "\\u0000");
  }
  return null;
}

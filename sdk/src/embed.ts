// embed.js: the Kizuna lead form for pages we do not host. Loaded with a <script> tag from a Kizuna host,
// it mounts on every <div data-kizuna-form data-key="pk_…"> (or Kizuna.form({...})), renders in a shadow
// root, validates like the server, and sends once: a submission that cannot be sent waits in localStorage
// and is retried with backoff on the next page load or when the browser comes back online. Kept small
// (budget: 5 KB gzip) — no dependencies.

import { MESSAGES as T, type Messages as Text } from "./embed-messages.ts";

type Locale = "ja" | "en";
type Field = "name" | "company" | "phone" | "message";
export interface FormOptions {
  target: Element | string;
  key: string;
  fields?: Field[];
  locale?: Locale;
  onSubmit?: (result: { reference: string }) => void;
}
interface Queued {
  key: string;
  body: Record<string, unknown>;
  id: string;
  tries: number;
  at: number;
}

const QUEUE = "kizuna:queue";
const script = document.currentScript as HTMLScriptElement | null;
const BASE = script ? new URL(script.src).origin : location.origin;
const ENDPOINT = `${BASE}/api/embed/v1/leads`;

const MAX: Record<string, number> = { email: 255, name: 100, company: 200, phone: 50, message: 5000 };

/** The same rules as the server's schema (email, phone pattern, lengths, consent), in the same words. */
function check(values: Record<string, string>, consent: boolean, t: Text): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(values))
    if (value.length > (MAX[name] ?? 5000)) errors[name] = t.long.replace("{{max}}", String(MAX[name] ?? 5000));
  if (!values.email) errors.email = t.required;
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) errors.email = t.emailBad;
  if (values.phone && !/^[0-9+\-() ]{6,}$/.test(values.phone)) errors.phone = t.phoneBad;
  if ("message" in values && !values.message) errors.message = t.required;
  if (!consent) errors.gdprConsent = t.consentReq;
  return errors;
}

const CSS = `:host{all:initial;display:block;font:15px/1.5 system-ui,sans-serif;color:#1c1917}form{display:grid;gap:12px;max-width:32rem}label{display:grid;gap:4px;font-weight:600}input,textarea{font:inherit;font-weight:400;padding:8px 10px;border:1px solid #a8a29e;border-radius:6px;background:#fff;color:inherit}textarea{min-height:6rem}[aria-invalid=true]{border-color:#b91c1c}.c{display:flex;gap:8px;align-items:flex-start;font-weight:400}.e{color:#b91c1c;font-size:13px;font-weight:400}.h{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}button{font:inherit;font-weight:700;padding:10px 16px;border:0;border-radius:6px;background:#1c1917;color:#fff;cursor:pointer}button:disabled{opacity:.6}.s{margin:0}`;

function emit(host: Element, type: string, detail: unknown) {
  host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

function readQueue(): Queued[] {
  try {
    return JSON.parse(localStorage.getItem(QUEUE) || "[]") as Queued[];
  } catch {
    return [];
  }
}
function writeQueue(items: Queued[]) {
  try {
    localStorage.setItem(QUEUE, JSON.stringify(items));
  } catch {
    /* storage full or blocked: nothing more we can do */
  }
}

/** Sends one submission. "retry": keep it queued; otherwise the server's answer. */
async function send(item: Queued): Promise<
  | {
      ok: boolean;
      status: number;
      body?: { data?: { reference: string }; error?: { code: string; message: string; fields?: Record<string, string[]> } };
    }
  | "retry"
> {
  try {
    const res = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Kizuna-Key": item.key, "Idempotency-Key": item.id },
      body: JSON.stringify(item.body),
    });
    // Server trouble, rate limits, and the same submission still in flight from another tab: try again later.
    if (res.status >= 500 || res.status === 429 || res.status === 408 || res.status === 409) return "retry";
    return { ok: res.ok, status: res.status, body: await res.json().catch(() => undefined) };
  } catch {
    return "retry";
  }
}

let flushing = false;
/** Sends what waits in the queue whose time has come; each item exactly once (the server dedupes by its Idempotency-Key). */
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (const item of readQueue()) {
      if (item.at > Date.now()) continue;
      const result = await send(item);
      const rest = readQueue().filter((q) => q.id !== item.id);
      if (result === "retry") rest.push({ ...item, tries: item.tries + 1, at: Date.now() + Math.min(3600e3, 5e3 * 2 ** item.tries) });
      writeQueue(rest);
      if (result !== "retry")
        document.dispatchEvent(
          new CustomEvent(result.ok ? "kizuna:submitted" : "kizuna:error", { detail: result.ok ? result.body?.data : result.body?.error }),
        );
    }
  } finally {
    flushing = false;
  }
}

export function form(options: FormOptions): void {
  const host = typeof options.target === "string" ? document.querySelector(options.target) : options.target;
  if (!host || host.shadowRoot) return;
  const locale: Locale = options.locale === "en" || (!options.locale && !/^ja\b/.test(navigator.language)) ? "en" : "ja";
  const t = T[locale];
  const fields = options.fields ?? ["name", "company", "message"];
  const uid = Math.random().toString(36).slice(2, 8);
  const root = host.attachShadow({ mode: "open" });
  const started = Date.now();

  const field = (name: string, label: string, type = "text") => {
    const id = `k${uid}${name}`;
    const control = name === "message" ? `<textarea id="${id}" name="${name}"` : `<input id="${id}" name="${name}" type="${type}"`;
    const required = name === "email" || name === "message" ? " required" : "";
    return `<label for="${id}">${label}${control}${required} aria-describedby="${id}e" maxlength="${MAX[name]}">${name === "message" ? "</textarea>" : ""}<span class="e" id="${id}e"></span></label>`;
  };
  root.innerHTML =
    `<style>${CSS}</style><form novalidate>` +
    field("email", t.email, "email") +
    fields.map((f) => field(f, t[f], f === "phone" ? "tel" : "text")).join("") +
    `<label class="c"><input type="checkbox" name="gdprConsent" aria-describedby="k${uid}gdprConsente"><span>${t.consent}</span></label><span class="e" id="k${uid}gdprConsente"></span>` +
    `<label class="h" aria-hidden="true">Website<input name="website" tabindex="-1" autocomplete="off"></label>` +
    `<button type="submit">${t.send}</button><p class="s" role="status" aria-live="polite"></p></form>`;

  const formEl = root.querySelector("form")!;
  const status = root.querySelector(".s")!;
  const button = root.querySelector("button")!;
  const show = (errors: Record<string, string>) => {
    for (const control of formEl.querySelectorAll<HTMLInputElement>("input[name],textarea")) {
      const error = errors[control.name];
      control.setAttribute("aria-invalid", error ? "true" : "false");
      const slot = root.getElementById(`k${uid}${control.name}e`);
      if (slot) slot.textContent = error ?? "";
    }
    const first = formEl.querySelector<HTMLElement>("[aria-invalid=true]");
    first?.focus();
  };

  formEl.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(formEl);
    const values: Record<string, string> = { email: String(data.get("email") ?? "").trim() };
    for (const f of fields) values[f] = String(data.get(f) ?? "").trim();
    const consent = data.get("gdprConsent") === "on";
    const errors = check(values, consent, t);
    show(errors);
    if (Object.keys(errors).length) {
      emit(host, "kizuna:error", { code: "invalid_request", fields: errors });
      return;
    }
    const body: Record<string, unknown> = {
      gdprConsent: true,
      sourcePage: location.href.slice(0, 500),
      elapsedMs: Date.now() - started,
      website: String(data.get("website") ?? ""),
    };
    for (const [name, value] of Object.entries(values)) if (value) body[name] = value;
    const item: Queued = { key: options.key, body, id: crypto.randomUUID(), tries: 0, at: 0 };
    button.disabled = true;
    status.textContent = t.sending;
    const result = await send(item);
    button.disabled = false;
    if (result === "retry") {
      writeQueue([...readQueue(), { ...item, tries: 1, at: Date.now() + 5e3 }]);
      status.textContent = t.queued;
      emit(host, "kizuna:queued", { id: item.id });
      formEl.reset();
      return;
    }
    if (result.ok && result.body?.data) {
      status.textContent = t.thanks;
      formEl.reset();
      emit(host, "kizuna:submitted", result.body.data);
      options.onSubmit?.(result.body.data);
      return;
    }
    const error = result.body?.error ?? { code: "http_" + result.status, message: t.failed };
    const serverErrors: Record<string, string> = {};
    for (const [name, messages] of Object.entries(error.fields ?? {})) serverErrors[name] = messages[0] ?? t.failed;
    show(serverErrors);
    status.textContent = error.message || t.failed;
    emit(host, "kizuna:error", error);
  });
}

function mountAll() {
  for (const el of document.querySelectorAll<HTMLElement>("[data-kizuna-form]")) {
    const key = el.dataset.key;
    if (key)
      form({
        target: el,
        key,
        locale: el.dataset.locale as Locale | undefined,
        fields: el.dataset.fields?.split(",").map((f) => f.trim()) as Field[] | undefined,
      });
  }
  void flush();
}

(window as unknown as { Kizuna: unknown }).Kizuna = { form, flush };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
addEventListener("online", () => void flush());

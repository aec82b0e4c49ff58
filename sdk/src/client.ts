// The typed API client for integrations: createLead and createInquiry (and whoAmI for a token check). Types
// come from the OpenAPI description (api-types.ts, generated); errors are thrown as KizunaApiError with the
// server's code and per-field messages. Every lead submission carries an Idempotency-Key, so a retry after
// a network failure never creates a second lead.
import type { CreateInquiryRequest, CreateLeadRequest, ErrorResponse, InquiryReceived, Me, Received } from "./api-types.js";

export type * from "./api-types.js";

export interface ClientOptions {
  /** The Kizuna host to talk to, e.g. https://yuya-kabuki.com (brand sites) or the admin host (staff tokens). */
  baseUrl: string;
  /** A personal API token (kz_…), for staff integrations. */
  token?: string;
  /** Language of error messages. */
  language?: "ja" | "en";
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

export class KizunaApiError extends Error {
  override name = "KizunaApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

export interface Attachment {
  name: string;
  data: Blob;
}

export interface KizunaClient {
  createLead(input: CreateLeadRequest, options?: { idempotencyKey?: string }): Promise<Received["data"]>;
  createInquiry(input: CreateInquiryRequest, attachments?: Attachment[]): Promise<InquiryReceived["data"]>;
  whoAmI(): Promise<Me>;
}

export function createClient(options: ClientOptions): KizunaClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const headers = (extra: Record<string, string> = {}) => ({
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(options.language ? { "Accept-Language": options.language } : {}),
    ...extra,
  });
  async function request<T>(path: string, init: RequestInit): Promise<T> {
    const res = await doFetch(`${base}${path}`, init);
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const error = (body as ErrorResponse | null)?.error;
      throw new KizunaApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText, error?.fields ?? {});
    }
    return body as T;
  }
  return {
    async createLead(input, { idempotencyKey = crypto.randomUUID() } = {}) {
      const body = await request<Received>("/api/leads", {
        method: "POST",
        headers: headers({ "Content-Type": "application/json", "Idempotency-Key": idempotencyKey }),
        body: JSON.stringify(input),
      });
      return body.data;
    },
    async createInquiry(input, attachments = []) {
      const form = new FormData();
      form.set("type", input.type);
      form.set("subject", input.subject);
      form.set("message", input.message);
      form.set("gdprConsent", String(input.gdprConsent));
      if (input.leadInfo) {
        form.set("leadInfo.email", input.leadInfo.email);
        form.set("leadInfo.name", input.leadInfo.name);
        if (input.leadInfo.company) form.set("leadInfo.company", input.leadInfo.company);
      }
      for (const file of attachments) form.append("attachments", file.data, file.name);
      const body = await request<InquiryReceived>("/api/inquiries", { method: "POST", headers: headers(), body: form });
      return body.data;
    },
    whoAmI() {
      return request<Me>("/api/me", { headers: headers() });
    },
  };
}

// The published API client (@kizuna-crm/sdk, as built) against the real server: a lead on a brand host, an
// inquiry with an attachment, a staff token check, and the server's refusal as a KizunaApiError.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, KizunaApiError } from "@kizuna-crm/sdk";
import { createTestDatabase } from "../support/database.ts";
import { PNG } from "../support/multipart.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase();
const TOKEN = `kz_${"s".repeat(43)}`;

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: url, RATE_LIMIT_API_PER_MINUTE: "100000" });
  const admin = await db.user.create({ data: { email: "sdk-admin@example.com", role: "ADMIN" } });
  await giveApiToken(db, admin.id, TOKEN, "sdk");
});
afterAll(async () => {
  await server?.stop();
});

/** Node cannot resolve *.localhost: the client's requests go through the test server's own request helper (host by name). */
const loopbackFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : input);
  const headers = Object.fromEntries(new Headers(init?.headers));
  let body: Buffer | string | undefined;
  if (init?.body instanceof FormData) {
    const encoded = new Response(init.body);
    body = Buffer.from(await encoded.arrayBuffer());
    headers["content-type"] = encoded.headers.get("content-type")!;
    headers["content-length"] = String(body.length);
  } else if (typeof init?.body === "string") {
    body = init.body;
  }
  const res = await server.request({
    host: url.hostname.split(".")[0]!,
    path: `${url.pathname}${url.search}`,
    method: init?.method ?? "GET",
    headers,
    body,
  });
  return new Response(res.body, {
    status: res.status,
    headers: { "content-type": String(res.headers["content-type"] ?? "application/json") },
  });
}) as typeof fetch;

describe("@kizuna-crm/sdk against the server", () => {
  it("creates a lead, an inquiry with an attachment, and checks a token", async () => {
    const yuya = createClient({ baseUrl: server.url("yuya"), fetch: loopbackFetch, language: "en" });
    const received = await yuya.createLead({
      email: "sdk@example.co.jp",
      name: "SDK 太郎",
      source: "yuya_site",
      sourceDomain: "yuya-kabuki.com",
      leadType: "b2b_consultation",
      message: "SDKから",
      gdprConsent: true,
    });
    expect(received.status).toBe("received");
    expect(await db.inquiry.findUnique({ where: { id: received.reference } })).not.toBeNull();

    const aoba = createClient({ baseUrl: server.url("aoba"), fetch: loopbackFetch });
    const inquiry = await aoba.createInquiry(
      {
        type: "licensing",
        subject: "使用許諾",
        message: "動画で使いたいです",
        leadInfo: { email: "creator@example.com", name: "動画 作者" },
        gdprConsent: true,
      },
      [{ name: "storyboard.png", data: new Blob([PNG], { type: "image/png" }) }],
    );
    expect(inquiry.attachments).toBe(1);

    const me = await createClient({ baseUrl: server.url("admin"), token: TOKEN, fetch: loopbackFetch }).whoAmI();
    expect(me.user).toMatchObject({ email: "sdk-admin@example.com", role: "ADMIN" });
  });

  it("throws the server's refusal as KizunaApiError with the fields", async () => {
    const yuya = createClient({ baseUrl: server.url("yuya"), fetch: loopbackFetch, language: "en" });
    const error = await yuya
      .createLead({
        email: "sdk2@example.com",
        source: "yuya_site",
        sourceDomain: "aoba-nekosora.com",
        leadType: "other",
        message: "x",
        gdprConsent: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KizunaApiError);
    expect(error).toMatchObject({ status: 400, code: "invalid_request" });
    expect(Object.keys((error as KizunaApiError).fields)).toEqual(["sourceDomain"]);
  });
});

// Finding: form routes buffered whole request bodies (request.formData()), and /api/inquiries checked only a
// declared Content-Length, so a chunked body of many 64 KB text parts piled up in memory. Every body kind now
// has a limit enforced while it streams in: 200 MB sent to each is refused with 413 and the server's memory
// stays flat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { rssOf, sendHugeBody } from "../support/huge-body.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const MB = 1024 * 1024;
const HUGE = 200 * MB;
/** Far below the 200 MB each attack sends: a server that buffered one would grow past it. */
const MARGIN = 120 * MB;

let server: RunningServer;
let baseline: number;

beforeAll(async () => {
  const { url } = await createTestDatabase();
  // Payments configured, so the webhook reads the bodies sent to it.
  server = await startServer({
    DATABASE_URL: url,
    RATE_LIMIT_API_PER_MINUTE: "10000",
    STRIPE_SECRET_KEY: "sk_test_huge",
    STRIPE_WEBHOOK_SECRET: "whsec_huge",
  });
  await server.request({ host: "yuya", path: "/" }); // the first page render loads what every later one uses
  baseline = rssOf(server.process.pid!);
});
afterAll(async () => {
  await server?.stop();
});

const text = (size: number) => Buffer.alloc(size, "a");
const BOUNDARY = "----kizuna-huge";
/** One multipart text field of 60 KB (each is under the 64 KB a field may have; together they are not). */
const textPart = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="message"\r\n\r\n${"b".repeat(60 * 1024)}\r\n`);

describe("a 200 MB body", () => {
  it.each([
    {
      kind: "JSON to the API, chunked",
      host: "yuya",
      path: "/api/leads",
      type: "application/json",
      head: '{"name":"',
      chunk: text(64 * 1024),
      json: true,
    },
    {
      kind: "a urlencoded form, chunked",
      host: "yuya",
      path: "/set-language",
      type: "application/x-www-form-urlencoded",
      head: "lng=ja&x=",
      chunk: text(64 * 1024),
    },
    {
      kind: "a urlencoded form with its length declared",
      host: "aoba",
      path: "/contact",
      type: "application/x-www-form-urlencoded",
      head: "intent=inquiry&message=",
      chunk: text(64 * 1024),
      declareLength: true,
    },
    {
      kind: "plain text to the webhook, chunked",
      host: "yuya",
      path: "/api/webhooks/stripe",
      type: "text/plain",
      chunk: text(64 * 1024),
      json: true,
    },
    { kind: "a body on a GET, chunked", host: "yuya", path: "/", method: "GET", type: "application/octet-stream", chunk: text(64 * 1024) },
  ])("$kind: 413, and no growth of the server's memory", async ({ host, path, type, head, chunk, declareLength, method, json }) => {
    const outcome = await sendHugeBody(server, {
      host,
      path,
      method,
      headers: { "content-type": type },
      head,
      chunk,
      totalBytes: HUGE,
      declareLength,
    });
    expect(outcome.status).toBe(413);
    if (json) expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: "body_too_large" } });
    expect(outcome.sent).toBeLessThan(HUGE);
    expect(rssOf(server.process.pid!) - baseline).toBeLessThan(MARGIN);
  });

  it("of many multipart text fields to /api/inquiries: refused with a 4xx naming the problem, no growth of memory", async () => {
    const outcome = await sendHugeBody(server, {
      host: "yuya",
      path: "/api/inquiries",
      headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      chunk: textPart,
      totalBytes: HUGE,
    });
    expect([400, 413]).toContain(outcome.status);
    expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: expect.stringMatching(/^(body_too_large|invalid_multipart)$/) } });
    expect(outcome.sent).toBeLessThan(HUGE);
    expect(rssOf(server.process.pid!) - baseline).toBeLessThan(MARGIN);
  });

  it("still lets ordinary bodies through", async () => {
    const res = await server.request({
      host: "aoba",
      path: "/set-language",
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "lng=en&redirectTo=%2Fcontact",
    });
    expect(res.status).toBe(302);
    const get = await server.request({ host: "yuya", path: "/", headers: { "content-length": "0" } });
    expect(get.status).toBe(200);
  });
});

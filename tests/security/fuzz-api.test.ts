// Generative fuzz of every JSON API over real HTTP: thousands of seeded random bodies, content types, query
// strings, ids and methods per endpoint, as anonymous callers and with staff tokens. The bar: no 5xx (except the
// health check's documented 503) and no hang. FUZZ_SEED picks another set of cases, FUZZ_RUNS=10 ten times more.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { FUZZ_SEED, contentType, idSegment, mutated, nastyString, queryString, sampleOf, wireBody } from "../support/fuzz.ts";
import { failures, sendAll, someSucceeded, type FuzzRequest } from "../support/fuzz-http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-standin.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
let stripe: StripeStandIn;
const { url, db } = await createTestDatabase();
const ADMIN_TOKEN = `kz_${"fuzzadmin".padEnd(43, "x")}`;
const MANAGER_TOKEN = `kz_${"fuzzmanager".padEnd(43, "x")}`;
let leadIds: string[] = [];
let embedKey = "";

beforeAll(async () => {
  stripe = await startStripeStandIn();
  server = await startServer({
    DATABASE_URL: url,
    RATE_LIMIT_API_PER_MINUTE: "1000000",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000000",
    ...stripe.env,
  });
  for (const [role, token] of [
    ["ADMIN", ADMIN_TOKEN],
    ["MANAGER", MANAGER_TOKEN],
  ] as const) {
    const user = await db.user.create({ data: { email: `fuzz-${role.toLowerCase()}@example.com`, name: `Fuzz ${role}`, role } });
    await giveApiToken(db, user.id, token, "fuzz");
  }
  leadIds = (await db.lead.findMany({ select: { id: true }, take: 3 })).map((l) => l.id);
  if (leadIds.length === 0) leadIds = ["00000000-0000-7000-8000-000000000000"];
  embedKey = "pk_fuzz_" + "k".repeat(24);
  await db.embedKey.create({
    data: { publicKey: embedKey, name: "fuzz", tenant: "yuya", source: "referral", allowedOrigins: ["https://partner.example"] },
  });
});
afterAll(async () => {
  await server?.stop();
  await stripe?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const noEmpty = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ""));

/** Requests with a JSON body to one endpoint: mutations of a valid body, under random content types. */
function bodies(
  label: string,
  count: number,
  make: (body: string, type: string) => FuzzRequest,
  valid: Record<string, unknown>,
): FuzzRequest[] {
  return sampleOf(fc.tuple(wireBody(mutated(valid)), contentType), count, label).map(([body, type]) => make(body, type));
}

const VALID_LEAD = {
  email: "fuzz@example.com",
  name: "Fuzz",
  company: "Fuzz Inc.",
  phone: "090-1234-5678",
  jobTitle: "CTO",
  source: "yuya_site",
  sourceDomain: "yuya-kabuki.com",
  sourcePage: "/contact",
  leadType: "b2b_consultation",
  message: "hello",
  gdprConsent: true,
};
const VALID_INQUIRY = {
  type: "general",
  subject: "Hi",
  message: "hello",
  leadInfo: { email: "fuzz@example.com", name: "Fuzz" },
  gdprConsent: true,
};
const VALID_STATUS = { status: "contacted", notes: "called", assignedTo: null };
const VALID_PROJECT = {
  name: "Fuzz project",
  description: "d",
  projectType: "consultation",
  budget: 1000,
  assignedCharacter: "yuya",
  startDate: "2026-01-01",
  endDate: "2026-02-01",
};
const VALID_EVENT = { slug: "yuya-prompt-kit", event: "view" };
const STRIPE_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.expired",
  "charge.refunded",
  "invoice.paid",
  "customer.subscription.deleted",
];
const STRIPE_OBJECT = {
  id: "cs_test_fuzz",
  object: "checkout.session",
  client_reference_id: "00000000-0000-7000-8000-000000000000",
  payment_intent: "pi_fuzz",
  payment_status: "paid",
  subscription: "sub_fuzz",
  amount_total: 1000,
  currency: "jpy",
  metadata: { orderId: "00000000-0000-7000-8000-000000000000" },
  customer_details: { email: "fuzz@example.com" },
  amount_refunded: 1000,
  billing_reason: "subscription_cycle",
};
const VALID_EMBED = { email: "fuzz@example.com", name: "Fuzz", message: "hello", gdprConsent: true, leadType: "b2b_consultation" };

describe(`JSON API fuzz (seed ${FUZZ_SEED})`, () => {
  it("POST /api/leads and /api/inquiries answer every body with a 4xx or success, never a 5xx", async () => {
    const requests = [
      ...bodies(
        "leads",
        500,
        (body, type) => ({ host: "yuya", method: "POST", path: "/api/leads", headers: noEmpty({ "content-type": type }), body }),
        VALID_LEAD,
      ),
      ...bodies(
        "inquiries",
        400,
        (body, type) => ({ host: "aoba", method: "POST", path: "/api/inquiries", headers: noEmpty({ "content-type": type }), body }),
        VALID_INQUIRY,
      ),
      ...sampleOf(fc.tuple(nastyString, contentType), 60, "inquiries-raw").map(([body, type]) => ({
        host: "aoba",
        method: "POST",
        path: "/api/inquiries",
        headers: noEmpty({ "content-type": type.startsWith("multipart") ? "multipart/form-data; boundary=zz" : type }),
        body: type.startsWith("multipart")
          ? `--zz\r\nContent-Disposition: form-data; name="${body.slice(0, 20)}"\r\n\r\n${body}\r\n--zz--\r\n`
          : body,
      })),
    ];
    const outcomes = await sendAll(server, requests);
    expect(failures(outcomes)).toEqual([]);
    expect(someSucceeded(outcomes)).toBe(true);
  });

  it("the staff APIs answer every body, query and id with a 4xx or success", async () => {
    const statusPaths = sampleOf(fc.tuple(idSegment(leadIds), wireBody(mutated(VALID_STATUS)), contentType), 500, "status");
    const requests: FuzzRequest[] = [
      ...statusPaths.map(([id, body, type]) => ({
        host: "admin",
        method: "PUT",
        path: `/api/leads/${id}/status`,
        headers: noEmpty({
          "content-type": type,
          ...bearer(ADMIN_TOKEN),
          ...(id.length % 3 === 0 ? { "if-match": `W/"${id.length}"` } : {}),
        }),
        body,
      })),
      ...bodies(
        "projects",
        300,
        (body, type) => ({
          host: "admin",
          method: "POST",
          path: "/api/admin/projects",
          headers: noEmpty({ "content-type": type, ...bearer(ADMIN_TOKEN) }),
          body,
        }),
        VALID_PROJECT,
      ),
      ...sampleOf(
        queryString(["status", "character", "priority", "source", "assignee", "q", "from", "to", "sort", "page", "limit"]),
        300,
        "leads-q",
      ).map((q) => ({
        host: "admin",
        method: "GET",
        path: `/api/leads${q}`,
        headers: bearer(ADMIN_TOKEN),
      })),
      ...sampleOf(queryString(["status", "type", "character", "manager", "dueBefore", "dueAfter", "page", "limit"]), 150, "projects-q").map(
        (q) => ({
          host: "admin",
          method: "GET",
          path: `/api/admin/projects${q}`,
          headers: bearer(ADMIN_TOKEN),
        }),
      ),
      ...sampleOf(
        fc.tuple(
          fc.constantFrom("/api/admin/dashboard", "/api/analytics/leads", "/api/analytics/content"),
          queryString(["period", "character", "from", "to", "type"]),
        ),
        300,
        "analytics-q",
      ).map(([path, q]) => ({ host: "admin", method: "GET", path: `${path}${q}`, headers: bearer(ADMIN_TOKEN) })),
      ...sampleOf(
        fc.tuple(
          fc.constantFrom("/api/me", "/api/leads", "/api/admin/dashboard"),
          fc.constantFrom(ADMIN_TOKEN, MANAGER_TOKEN, "kz_", "x", "kz_" + "z".repeat(43), "Bearer", ""),
        ),
        60,
        "tokens",
      ).map(([path, token]) => ({ host: "admin", method: "GET", path, headers: { authorization: `Bearer ${token}` } })),
    ];
    const outcomes = await sendAll(server, requests);
    expect(failures(outcomes)).toEqual([]);
    expect(someSucceeded(outcomes)).toBe(true);
  });

  it("the public tracking, embed and webhook endpoints answer every body with a 4xx or success", async () => {
    const requests: FuzzRequest[] = [
      ...bodies(
        "events",
        300,
        (body, type) => ({
          host: "yuya",
          method: "POST",
          path: "/api/content/events",
          headers: noEmpty({ "content-type": type, "user-agent": "Mozilla/5.0 Fuzz" }),
          body,
        }),
        VALID_EVENT,
      ),
      ...sampleOf(
        fc.tuple(
          wireBody(mutated(VALID_EMBED)),
          contentType,
          fc.constantFrom(embedKey, "", "pk_nope", "\u00e9"),
          fc.constantFrom("https://partner.example", "null", "", "https://evil.example"),
        ),
        300,
        "embed",
      ).map(([body, type, key, origin]) => ({
        host: "yuya",
        method: "POST",
        path: "/api/embed/v1/leads",
        headers: noEmpty({ "content-type": type, "x-kizuna-key": /^[\x20-\x7e]*$/.test(key) ? key : "", origin }),
        body,
      })),
      // Correctly signed events of the types the shop handles, their objects mutated: what a leaked webhook secret
      // or a Stripe API change could bring. Unknown orders and sessions are a 2xx/4xx, never a 5xx.
      ...sampleOf(fc.tuple(fc.constantFrom(...STRIPE_EVENTS), mutated(STRIPE_OBJECT)), 300, "stripe-signed").map(([type, object]) => {
        const payload = JSON.stringify(
          stripe.event(type, (typeof object === "object" && object !== null ? object : { value: object }) as object),
        );
        return {
          host: "aoba",
          method: "POST",
          path: "/api/webhooks/stripe",
          headers: { "content-type": "application/json", "stripe-signature": stripe.sign(payload) },
          body: payload,
        };
      }),
      ...sampleOf(fc.tuple(nastyString, contentType, fc.constantFrom("", "t=1,v1=abc", "t=abc", "v1=")), 150, "stripe").map(
        ([body, type, signature]) => ({
          host: "aoba",
          method: "POST",
          path: "/api/webhooks/stripe",
          headers: noEmpty({ "content-type": type, "stripe-signature": signature }),
          body,
        }),
      ),
    ];
    const outcomes = await sendAll(server, requests);
    expect(failures(outcomes)).toEqual([]);
    expect(someSucceeded(outcomes)).toBe(true);
  });

  it("every API path answers any method, odd path spelling and host with a 4xx or success", async () => {
    const paths = [
      "/api/leads",
      "/api/leads/x/status",
      "/api/inquiries",
      "/api/embed/v1/leads",
      "/api/content/events",
      "/api/webhooks/stripe",
      "/api/me",
      "/api/admin/projects",
      "/api/admin/dashboard",
      "/api/analytics/leads",
      "/api/analytics/content",
      "/api/openapi.json",
      "/api/nope",
    ];
    const spelling = fc.constantFrom(
      (p: string) => p,
      (p: string) => p.toUpperCase(),
      (p: string) => p.replace("/api", "/%61pi"),
      (p: string) => p.replace("/api/", "/api//"),
      (p: string) => `${p}/`,
      (p: string) => `${p}.data`,
      (p: string) => `${p}?_data=routes%2Fapi.leads`,
      (p: string) => p.replace("leads", "leads%2F.."),
      (p: string) => `${p}%`,
    );
    const requests = sampleOf(
      fc.tuple(
        fc.constantFrom(...paths),
        spelling,
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
        fc.constantFrom("yuya", "aoba", "admin", "localhost"),
        fc.boolean(),
        contentType,
        nastyString,
      ),
      500,
      "methods",
    ).map(([path, spell, method, host, withToken, type, body]) => ({
      host,
      method,
      path: spell(path),
      headers: noEmpty({
        ...(withToken ? bearer(ADMIN_TOKEN) : {}),
        ...(method === "GET" || method === "HEAD" ? {} : { "content-type": type }),
      }),
      body: method === "GET" || method === "HEAD" ? undefined : body,
    }));
    // /api/health is 503 when a dependency is down: that is its answer, not a failure.
    const outcomes = await sendAll(server, requests);
    expect(failures(outcomes, (o) => o.status === 503 && o.request.path.toLowerCase().includes("health"))).toEqual([]);
    expect(someSucceeded(outcomes)).toBe(true);
  });
});

// The OpenAPI description and the routes agree: every JSON API route is described and every description
// reaches its route; each operation called for real answers what the description says (the response is
// parsed with the documented schema — strict, so an undocumented key fails), and so do its errors.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { OPERATIONS, type Operation } from "~/modules/api/openapi";
import { ErrorResponse } from "~/modules/api/responses.schema";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { multipart } from "../support/multipart.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { giveApiToken } from "../support/api-token.ts";

const build = (await import(pathToFileURL(path.resolve(import.meta.dirname, "../../build/index.js")).href)) as ServerBuild;
let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
const tokens = new Map<Role, string>();
const KEY = "pk_OpenApiCheck0000000000A";
const ORIGIN = "https://partner.example.com";

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: url, RATE_LIMIT_API_PER_MINUTE: "100000", EMBED_MIN_FILL_MS: "0" });
  for (const role of ["ADMIN", "MANAGER"] as const) {
    const user = await db.user.findUniqueOrThrow({ where: { email: `${role.toLowerCase()}@example.com` } });
    const token = `kz_${role.toLowerCase().padEnd(43, "o")}`;
    await giveApiToken(db, user.id, token, "openapi");
    tokens.set(role, token);
  }
  await db.embedKey.create({
    data: { publicKey: KEY, name: "OpenAPI check", tenant: "yuya", source: "referral", allowedOrigins: [ORIGIN] },
  });
});
afterAll(async () => {
  await server?.stop();
});

const op = (operationId: string) => OPERATIONS.find((o) => o.operationId === operationId)!;

/** Parses a response with the schema the description gives for its status. */
function conforms(operation: Operation, res: TestResponse) {
  const documented = operation.responses[res.status as keyof Operation["responses"]];
  expect(documented, `${operation.operationId} answered ${res.status}, which is not described: ${res.body.slice(0, 300)}`).toBeDefined();
  const parsed = (documented!.schema as z.ZodType).safeParse(JSON.parse(res.body));
  expect(parsed.success ? [] : parsed.error.issues, `${operation.operationId} ${res.status}`).toEqual([]);
}

function call(
  operation: Operation,
  {
    role = "ADMIN" as Role | null,
    host = "admin",
    path: given,
    json,
    form,
    headers = {},
  }: {
    role?: Role | null;
    host?: string;
    path?: string;
    json?: unknown;
    form?: Awaited<ReturnType<typeof multipart>>;
    headers?: Record<string, string>;
  } = {},
) {
  return server.request({
    host,
    path: given ?? operation.path,
    method: operation.method.toUpperCase(),
    headers: {
      "accept-language": "en",
      ...(role ? { authorization: `Bearer ${tokens.get(role)}` } : {}),
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...(form ? { "content-type": form.contentType, "content-length": String(form.body.length) } : {}),
      ...headers,
    },
    body: form ? form.body : json === undefined ? undefined : JSON.stringify(json),
  });
}

describe("the description", () => {
  it("is served as OpenAPI 3.1 with every reference resolvable", async () => {
    const res = await server.request({ host: "admin", path: "/api/openapi.json" });
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const ref of res.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas, ref[1]).toHaveProperty(ref[1]!);
    expect(res.body).not.toMatch(/"\$ref":"#\/\$defs/);
    for (const operation of OPERATIONS)
      expect(doc.paths[operation.path]?.[operation.method], `${operation.method} ${operation.path}`).toBeDefined();
  });

  it("covers every JSON API route, and each described route exists", () => {
    const apiRoutes = Object.keys(build.routes).filter((id) => id.startsWith("routes/api.") && id !== "routes/api.openapi[.]json");
    const described = new Set(OPERATIONS.map((o) => o.route));
    expect(
      apiRoutes.filter((id) => !described.has(id)),
      "API routes without a description",
    ).toEqual([]);
    expect(
      [...described].filter((id) => !(id in build.routes)),
      "descriptions of routes that do not exist",
    ).toEqual([]);
  });
});

describe("every operation answers as described", () => {
  const lead = {
    email: "openapi@example.com",
    name: "API 確認",
    source: "yuya_site",
    sourceDomain: "yuya-kabuki.com",
    leadType: "other",
    message: "説明と実装の照合",
    gdprConsent: true,
  };

  it("public: createLead, createInquiry, createEmbedLead", async () => {
    conforms(op("createLead"), await call(op("createLead"), { role: null, host: "yuya", json: lead }));
    conforms(op("createLead"), await call(op("createLead"), { host: "admin", json: { ...lead, email: "staff-made@example.com" } }));
    conforms(op("createLead"), await call(op("createLead"), { role: null, host: "yuya", json: { ...lead, email: "nope" } }));
    conforms(op("createLead"), await call(op("createLead"), { role: null, host: "yuya", json: { ...lead, gdprConsent: false } }));

    const fields = {
      type: "general",
      subject: "照合",
      message: "添付なし",
      "leadInfo.email": "inq@example.com",
      "leadInfo.name": "問 合子",
      gdprConsent: "true",
    };
    conforms(op("createInquiry"), await call(op("createInquiry"), { role: null, host: "aoba", form: await multipart(fields) }));
    conforms(
      op("createInquiry"),
      await call(op("createInquiry"), { role: null, host: "aoba", form: await multipart({ ...fields, type: "gossip" }) }),
    );

    const embed = { email: "embed@example.com", message: "embed", gdprConsent: true, elapsedMs: 5000 };
    conforms(
      op("createEmbedLead"),
      await call(op("createEmbedLead"), { role: null, host: "yuya", json: embed, headers: { origin: ORIGIN, "x-kizuna-key": KEY } }),
    );
    conforms(
      op("createEmbedLead"),
      await call(op("createEmbedLead"), {
        role: null,
        host: "yuya",
        json: embed,
        headers: { origin: "https://other.example", "x-kizuna-key": KEY },
      }),
    );
    const browser = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0" };
    conforms(
      op("recordContentEvent"),
      await call(op("recordContentEvent"), {
        role: null,
        host: "yuya",
        json: { slug: "yuya-prompt-kit", event: "view" },
        headers: browser,
      }),
    );
    conforms(
      op("recordContentEvent"),
      await call(op("recordContentEvent"), {
        role: null,
        host: "yuya",
        json: { slug: "yuya-prompt-kit", event: "view" },
        headers: { "user-agent": "Googlebot/2.1" },
      }),
    );
    conforms(
      op("recordContentEvent"),
      await call(op("recordContentEvent"), {
        role: null,
        host: "yuya",
        json: { slug: "yuya-prompt-kit", event: "vote" },
        headers: browser,
      }),
    );
    conforms(
      op("recordContentEvent"),
      await call(op("recordContentEvent"), { role: null, host: "yuya", json: { slug: "aoba-night-sky", event: "like" }, headers: browser }),
    );
    // This server has no Stripe configuration: the webhook says so, in the documented shape (tests/integration/shop.test.ts covers the rest).
    conforms(
      op("stripeWebhook"),
      await call(op("stripeWebhook"), {
        role: null,
        host: "yuya",
        json: { id: "evt_1", type: "x", data: { object: {} } },
        headers: { "stripe-signature": "t=1,v1=x" },
      }),
    );
  });

  it("admin: listLeads (ADMIN and masked), updateLeadStatus, getMe", async () => {
    conforms(op("listLeads"), await call(op("listLeads"), { path: "/api/leads?limit=5" }));
    conforms(op("listLeads"), await call(op("listLeads"), { role: "MANAGER", path: "/api/leads?status=new&limit=3" }));
    conforms(op("listLeads"), await call(op("listLeads"), { path: "/api/leads?limit=1000" }));
    conforms(op("listLeads"), await call(op("listLeads"), { role: null }));
    const target = await db.lead.findFirstOrThrow({ where: { status: "new" } });
    conforms(
      op("updateLeadStatus"),
      await call(op("updateLeadStatus"), { path: `/api/leads/${target.id}/status`, json: { status: "contacted", notes: "電話済み" } }),
    );
    conforms(
      op("updateLeadStatus"),
      await call(op("updateLeadStatus"), { path: `/api/leads/${target.id}/status`, json: { status: "maybe" } }),
    );
    conforms(op("getMe"), await call(op("getMe")));
    conforms(op("getMe"), await call(op("getMe"), { role: null }));
  });

  it("admin: projects, dashboard and analytics", async () => {
    conforms(op("listProjects"), await call(op("listProjects")));
    const created = await call(op("createProject"), {
      json: {
        name: "照合案件",
        description: "x",
        projectType: "consultation",
        budget: 100000,
        assignedCharacter: "yuya",
        startDate: "2026-12-01",
        endDate: "2027-01-31",
      },
    });
    conforms(op("createProject"), created);
    conforms(op("createProject"), await call(op("createProject"), { json: { name: "" } }));
    conforms(op("getDashboard"), await call(op("getDashboard")));
    conforms(op("getDashboard"), await call(op("getDashboard"), { role: "MANAGER" }));
    conforms(op("getLeadAnalytics"), await call(op("getLeadAnalytics"), { path: "/api/analytics/leads?period=weekly&character=aoba" }));
    conforms(op("getLeadAnalytics"), await call(op("getLeadAnalytics"), { path: "/api/analytics/leads?period=hourly" }));
    conforms(op("getContentAnalytics"), await call(op("getContentAnalytics"), { path: "/api/analytics/content?type=music" }));
  });

  it("error bodies are the documented ErrorResponse", async () => {
    const res = await call(op("listLeads"), { path: "/api/leads?status=unknown" });
    expect(res.status).toBe(400);
    expect(ErrorResponse.safeParse(JSON.parse(res.body)).success).toBe(true);
  });
});

// The OpenAPI 3.1 description of the JSON API, generated from the zod schemas the routes validate with
// (requests) and the response schemas (responses.schema.ts). Served at /api/openapi.json, shown in the admin
// (API reference), turned into the SDK's types (scripts/generate-sdk-types.ts), and checked against the
// routes by tests/integration/openapi.test.ts.
import { z } from "zod";
import { ContentAnalyticsQuerySchema, DashboardQuerySchema, LeadAnalyticsQuerySchema } from "~/modules/analytics/analytics.schema";
import { ContentEventSchema } from "~/modules/content/tracking.schema";
import { EmbedLeadSchema } from "~/modules/embed/embed.schema";
import { CreateInquirySchema } from "~/modules/inquiries/inquiries.schema";
import { CreateLeadSchema, LeadListQuerySchema, UpdateLeadStatusSchema } from "~/modules/leads/leads.schema";
import { CreateProjectSchema, ProjectListQuerySchema } from "~/modules/projects/projects.schema";
import * as R from "./responses.schema";

export const API_VERSION = "1.0.0";

type Method = "get" | "post" | "put";
type Auth = "public" | "bearer" | "embedKey" | "stripeSignature";

export interface Operation {
  method: Method;
  path: string;
  /** The Remix route module that serves it (checked by the tests). */
  route: string;
  operationId: string;
  summary: string;
  tag: "Public" | "Admin" | "Embed" | "Webhooks" | "Operations";
  auth: Auth[];
  query?: z.ZodObject;
  pathParams?: string[];
  body?: { schema: z.ZodType; name: string; media: "application/json" | "multipart/form-data" };
  idempotent?: boolean;
  responses: Partial<
    Record<
      200 | 201 | 202 | 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503 | 507,
      { description: string; schema?: z.ZodType }
    >
  >;
}

const err = (description: string) => ({ description, schema: R.ErrorResponse });
const invalid = err("Invalid input: `error.fields` names each field");
const denied = { 401: err("Not signed in / no valid token"), 403: err("The role may not do this") };

export const OPERATIONS: readonly Operation[] = [
  {
    method: "post",
    path: "/api/leads",
    route: "routes/api.leads",
    operationId: "createLead",
    summary: "Submit a lead (the spec's CreateLeadRequest). On a brand host anyone may; on the admin host staff with leads:create.",
    tag: "Public",
    auth: ["public", "bearer"],
    body: { schema: CreateLeadSchema, name: "CreateLeadRequest", media: "application/json" },
    idempotent: true,
    responses: {
      201: { description: "Received", schema: R.Received },
      400: invalid,
      409: err("Idempotency-Key reused with another body, or still in flight"),
      415: err("Not JSON"),
      422: err("gdprConsent is not true"),
      429: err("Rate limited"),
    },
  },
  {
    method: "get",
    path: "/api/leads",
    route: "routes/api.leads",
    operationId: "listLeads",
    summary: "The lead list (the spec's GetLeadsResponse), newest first; masked for roles other than ADMIN.",
    tag: "Admin",
    auth: ["bearer"],
    query: LeadListQuerySchema,
    responses: { 200: { description: "Leads", schema: R.GetLeadsResponse }, 400: invalid, ...denied },
  },
  {
    method: "put",
    path: "/api/leads/{id}/status",
    route: "routes/api.leads.$id.status",
    operationId: "updateLeadStatus",
    summary:
      "Change a lead's status, note and assignee (the spec's UpdateLeadStatusRequest). If-Match with the ETag guards against lost updates.",
    tag: "Admin",
    auth: ["bearer"],
    pathParams: ["id"],
    body: { schema: UpdateLeadStatusSchema, name: "UpdateLeadStatusRequest", media: "application/json" },
    responses: {
      200: { description: "The lead as it is now", schema: R.LeadResponse },
      400: invalid,
      ...denied,
      404: err("No such lead"),
      412: err("The lead changed since the ETag"),
    },
  },
  {
    method: "post",
    path: "/api/inquiries",
    route: "routes/api.inquiries",
    operationId: "createInquiry",
    summary: "Submit an inquiry with attachments (the spec's CreateInquiryRequest, multipart; nested fields as leadInfo.email).",
    tag: "Public",
    auth: ["public", "bearer"],
    body: { schema: CreateInquirySchema, name: "CreateInquiryRequest", media: "multipart/form-data" },
    responses: {
      201: { description: "Received", schema: R.InquiryReceived },
      400: invalid,
      413: err("Too many or too large attachments"),
      415: err("Not multipart, or an attachment type that is not allowed"),
      422: err("gdprConsent is not true"),
      503: err("Attachments cannot be stored now (storage_unavailable), or the database is away (database_unavailable); Retry-After"),
      507: err("Attachments cannot be stored: the server's storage is full (insufficient_storage); send without them or later"),
    },
  },
  {
    method: "post",
    path: "/api/embed/v1/leads",
    route: "routes/api.embed.v1.leads",
    operationId: "createEmbedLead",
    summary: "A lead from the embeddable form: the X-Kizuna-Key fixes the site and source; only the key's origins are accepted.",
    tag: "Embed",
    auth: ["embedKey"],
    body: { schema: EmbedLeadSchema, name: "EmbedLeadRequest", media: "application/json" },
    idempotent: true,
    responses: {
      201: { description: "Received (also the answer bots get)", schema: R.Received },
      400: invalid,
      401: err("Unknown key"),
      403: err("Key disabled, or an origin it does not allow"),
      422: err("gdprConsent is not true"),
    },
  },
  {
    method: "post",
    path: "/api/content/events",
    route: "routes/api.content.events",
    operationId: "recordContentEvent",
    summary:
      "A view, like, share or download of a content shown on this brand site (by contentId or slug). Counted once per visitor session (the kizuna_vid cookie, set when absent) within the window, a like once; bots are answered 202 and not stored.",
    tag: "Public",
    auth: ["public"],
    body: { schema: ContentEventSchema, name: "ContentEventRequest", media: "application/json" },
    responses: {
      202: { description: "Accepted (counted or not, see recorded)", schema: R.ContentEventAccepted },
      400: invalid,
      404: err("No such content on this site"),
      413: err("Larger than 64 KB"),
      415: err("Not JSON"),
      429: err("Rate limited"),
    },
  },
  {
    method: "post",
    path: "/api/webhooks/stripe",
    route: "routes/api.webhooks.stripe",
    operationId: "stripeWebhook",
    summary:
      "Stripe's events (checkout.session.completed / expired, charge.refunded), verified by the Stripe-Signature header and processed once.",
    tag: "Webhooks",
    auth: ["stripeSignature"],
    body: { schema: R.StripeEvent, name: "StripeEvent", media: "application/json" },
    responses: {
      200: { description: "Processed (or already processed)", schema: R.WebhookReceived },
      400: err("Missing, forged or stale signature"),
      413: err("Larger than 1 MB"),
      503: err("Payments are not configured on this server"),
    },
  },
  {
    method: "get",
    path: "/api/me",
    route: "routes/api.me",
    operationId: "getMe",
    summary: "Who the token or session acts as, and what that role may do.",
    tag: "Admin",
    auth: ["bearer"],
    responses: { 200: { description: "The caller", schema: R.Me }, 401: denied[401] },
  },
  {
    method: "get",
    path: "/api/admin/projects",
    route: "routes/api.admin.projects",
    operationId: "listProjects",
    summary: "Projects (the spec's ProjectsListResponse); the total is in X-Total-Count.",
    tag: "Admin",
    auth: ["bearer"],
    query: ProjectListQuerySchema,
    responses: { 200: { description: "Projects", schema: R.ProjectsListResponse }, 400: invalid, ...denied },
  },
  {
    method: "post",
    path: "/api/admin/projects",
    route: "routes/api.admin.projects",
    operationId: "createProject",
    summary: "Create a project (the spec's CreateProjectRequest).",
    tag: "Admin",
    auth: ["bearer"],
    body: { schema: CreateProjectSchema, name: "CreateProjectRequest", media: "application/json" },
    responses: {
      201: { description: "Created", schema: R.ProjectCreated },
      400: invalid,
      ...denied,
      422: err("An unknown company, lead or manager"),
    },
  },
  {
    method: "get",
    path: "/api/admin/dashboard",
    route: "routes/api.admin.dashboard",
    operationId: "getDashboard",
    summary: "The spec's DashboardResponse for the current period, plus the period and every registered KPI.",
    tag: "Admin",
    auth: ["bearer"],
    query: DashboardQuerySchema,
    responses: { 200: { description: "Dashboard", schema: R.DashboardResponse }, 400: invalid, ...denied },
  },
  {
    method: "get",
    path: "/api/analytics/leads",
    route: "routes/api.analytics.leads",
    operationId: "getLeadAnalytics",
    summary: "The spec's LeadAnalyticsResponse for the current period (or from–to), a site, and the trend.",
    tag: "Admin",
    auth: ["bearer"],
    query: LeadAnalyticsQuerySchema,
    responses: { 200: { description: "Lead analytics", schema: R.LeadAnalyticsResponse }, 400: invalid, ...denied },
  },
  {
    method: "get",
    path: "/api/analytics/content",
    route: "routes/api.analytics.content",
    operationId: "getContentAnalytics",
    summary: "The spec's ContentAnalyticsResponse for the current period (or from–to), a site and a content type.",
    tag: "Admin",
    auth: ["bearer"],
    query: ContentAnalyticsQuerySchema,
    responses: { 200: { description: "Content analytics", schema: R.ContentAnalyticsResponse }, 400: invalid, ...denied },
  },
  {
    method: "get",
    path: "/api/health",
    route: "routes/api.health",
    operationId: "getHealth",
    summary:
      "The spec's health check: database, external AI API, mail, storage (and Redis), checked in parallel with time limits. Details for ADMIN only.",
    tag: "Operations",
    auth: ["public", "bearer"],
    responses: {
      200: { description: "Healthy, or degraded with the database up", schema: R.HealthResponse },
      503: { description: "The database is down", schema: R.HealthResponse },
    },
  },
];

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const idOf = (schema: z.ZodType) => (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;

/** Every named schema as a component: request bodies (as sent) and responses (as answered, with the shared parts — Lead, Project — their own components). */
function componentSchemas(): Record<string, JsonSchema> {
  const requests = z.registry<{ id: string }>();
  const responses = z.registry<{ id: string }>();
  for (const op of OPERATIONS) {
    if (op.body && !requests.has(op.body.schema)) requests.add(op.body.schema, { id: op.body.name });
    for (const response of Object.values(op.responses)) {
      const id = response?.schema ? idOf(response.schema) : undefined;
      if (response?.schema && id && !responses.has(response.schema)) responses.add(response.schema, { id });
    }
  }
  for (const shared of [R.Lead, R.Project]) responses.add(shared, { id: idOf(shared)! });
  const uri = (id: string) => `#/components/schemas/${id}`;
  const convert = (registry: typeof requests, io: "input" | "output") =>
    (z.toJSONSchema(registry, { target: "draft-2020-12", io, unrepresentable: "any", uri }) as { schemas: Record<string, JsonSchema> })
      .schemas;
  const strip = (schemas: Record<string, JsonSchema>) =>
    Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: __, id: ___, ...rest }]) => [id, rest]));
  return { ...strip(convert(requests, "input")), ...strip(convert(responses, "output")) };
}

export function buildOpenApi(serverUrl?: string) {
  const components = componentSchemas();
  const ref = (schema: z.ZodType, name: string | undefined) => ({ $ref: `#/components/schemas/${name ?? idOf(schema)}` });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters: unknown[] = [];
    for (const name of op.pathParams ?? [])
      parameters.push({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });
    if (op.query) {
      for (const [name, field] of Object.entries(op.query.shape as Record<string, z.ZodType>)) {
        const optional = field.safeParse(undefined).success;
        parameters.push({ name, in: "query", required: !optional, schema: jsonSchema(field, "input") });
      }
    }
    if (op.idempotent)
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "A retry with the same key returns the first response and writes nothing new",
        schema: { type: "string", maxLength: 255 },
      });
    if (op.auth.includes("stripeSignature"))
      parameters.push({
        name: "Stripe-Signature",
        in: "header",
        required: true,
        description: "Stripe's signature over the raw body",
        schema: { type: "string" },
      });
    if (op.auth.includes("embedKey"))
      parameters.push({ name: "X-Kizuna-Key", in: "header", required: true, schema: { type: "string", pattern: "^pk_[A-Za-z0-9]{24}$" } });
    const security = op.auth.flatMap((a) =>
      a === "public" || a === "stripeSignature" ? [{}] : a === "bearer" ? [{ bearerToken: [] }] : [{ embedKey: [] }],
    );
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      security,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { [op.body.media]: { schema: ref(op.body.schema, op.body.name) } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, response]) => [
          status,
          {
            description: response!.description,
            ...(response!.schema ? { content: { "application/json": { schema: ref(response!.schema, undefined) } } } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Kizuna CRM API",
      version: API_VERSION,
      description:
        "The JSON API of the Kizuna CRM (傾奇ユウヤ · 猫空あおば). Errors are `{ error: { code, message, fields } }` in the caller's language.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [
      { name: "Public", description: "What the brand sites and integrations send" },
      { name: "Embed", description: "The embeddable form (sdk/embed.js)" },
      { name: "Admin", description: "Staff, with a personal API token (Authorization: Bearer kz_…)" },
      { name: "Webhooks", description: "Calls from payment providers, verified by their signatures" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "A personal API token (Admin › API tokens); it acts with its owner's role",
        },
        embedKey: { type: "apiKey", in: "header", name: "X-Kizuna-Key", description: "A public embed key (Admin › Embed keys)" },
      },
    },
  };
}

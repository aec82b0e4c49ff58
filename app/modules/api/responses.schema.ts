// What the JSON API answers, as zod schemas: the OpenAPI document describes responses with them, the SDK's
// types are generated from that document, and tests check real responses against them (strict objects, so
// a key the description does not know fails).
import { z } from "zod";
import { PERIODS } from "~/modules/kpi/periods";
import { LEAD_STATUSES, LEAD_TYPES } from "~/modules/leads/leads.schema";

const nullableString = z.string().nullable();
const timestamp = z.string().describe("ISO 8601 date-time");

export const ErrorResponse = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe("machine-readable, e.g. invalid_request, unauthenticated, forbidden, not_found"),
      message: z.string().describe("in the caller's language (Accept-Language)"),
      fields: z.record(z.string(), z.array(z.string())).optional().describe("messages by field, for invalid input"),
    }),
  })
  .meta({ id: "ErrorResponse" });

export const Received = z
  .strictObject({
    data: z.strictObject({
      reference: z.uuid().describe("the inquiry's id, for the sender's records"),
      status: z.literal("received"),
      leadId: z.uuid().optional().describe("staff callers only"),
      inquiryId: z.uuid().optional().describe("staff callers only"),
      duplicate: z.boolean().optional().describe("staff callers only: added to the address's open lead"),
    }),
  })
  .meta({ id: "Received" });

export const InquiryReceived = z
  .strictObject({
    data: z.strictObject({
      reference: z.uuid(),
      status: z.literal("received"),
      attachments: z.number().int().describe("attachments stored"),
    }),
  })
  .meta({ id: "InquiryReceived" });

export const Lead = z
  .strictObject({
    id: z.uuid(),
    email: z.string().describe("masked for roles other than ADMIN"),
    name: nullableString,
    company: nullableString,
    jobTitle: nullableString,
    phone: nullableString.describe("masked for roles other than ADMIN"),
    source: z.string(),
    sourceDomain: nullableString,
    sourcePage: nullableString,
    leadType: z.enum(LEAD_TYPES).nullable(),
    status: z.enum(LEAD_STATUSES),
    priority: z.enum(["low", "medium", "high", "urgent"]),
    estimatedValue: nullableString.describe("decimal as a string"),
    expectedCloseDate: nullableString,
    assignedTo: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    notes: nullableString.describe("[REDACTED] for roles other than ADMIN"),
    gdprConsent: z.boolean(),
    consentDate: nullableString,
    createdAt: timestamp,
    updatedAt: timestamp,
    assignee: z.strictObject({ id: z.uuid(), name: nullableString, email: z.string() }).nullable(),
  })
  .meta({ id: "Lead" });

export const GetLeadsResponse = z
  .strictObject({
    leads: z.array(Lead),
    pagination: z.strictObject({
      page: z.number().int(),
      limit: z.number().int(),
      total: z.number().int(),
      totalPages: z.number().int(),
      totalIsEstimate: z.literal(true).optional().describe("above 10,000 matches the total is PostgreSQL's estimate"),
    }),
    filters: z.record(z.string(), z.string().optional()).describe("the filters applied, as given"),
  })
  .meta({ id: "GetLeadsResponse" });

export const LeadResponse = z.strictObject({ lead: Lead }).meta({ id: "LeadResponse" });

export const Me = z
  .strictObject({
    user: z.strictObject({ id: z.uuid(), email: z.string(), name: nullableString, role: z.enum(["ADMIN", "MANAGER", "SUPPORT", "USER"]) }),
    via: z.enum(["session", "token"]),
    permissions: z.record(z.string(), z.array(z.enum(["create", "read", "update", "delete"]))),
  })
  .meta({ id: "Me" });

export const Project = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    status: z.string(),
    assignedCharacter: z.enum(["yuya", "aoba", "both"]),
    budget: z.number(),
    progress: z.number().describe("0–100, from the deliverables"),
    dueDate: nullableString,
    client: z.strictObject({ name: z.string(), company: z.string() }),
  })
  .meta({ id: "Project" });

export const ProjectsListResponse = z.strictObject({ projects: z.array(Project) }).meta({ id: "ProjectsListResponse" });
export const ProjectCreated = z.strictObject({ project: Project }).meta({ id: "ProjectCreated" });

export const LeadAnalyticsResponse = z
  .strictObject({
    totalLeads: z.number().int(),
    conversionRate: z.number().describe("won ÷ leads, 0–1"),
    leadsBySource: z.record(z.string(), z.number().int()),
    leadsByStatus: z.record(z.string(), z.number().int()),
    trendsData: z.array(z.strictObject({ date: z.string(), count: z.number().int(), value: z.number() })),
  })
  .meta({ id: "LeadAnalyticsResponse" });

export const ContentAnalyticsResponse = z
  .strictObject({
    totalViews: z.number().int(),
    popularContent: z.array(z.strictObject({ id: z.uuid(), title: z.string(), views: z.number().int(), engagement: z.number().int() })),
    trafficSources: z.record(z.string(), z.number().int()),
  })
  .meta({ id: "ContentAnalyticsResponse" });

const Scoped = z.strictObject({
  yuya: z.number().nullable().optional(),
  aoba: z.number().nullable().optional(),
  shared: z.number().nullable().optional(),
  total: z.number().nullable().optional(),
});

export const DashboardResponse = z
  .strictObject({
    overview: z.strictObject({
      totalLeads: z.number(),
      activeProjects: z.number(),
      monthlyRevenue: z.number(),
      conversionRate: z.number(),
    }),
    siteMetrics: z.strictObject({
      yuya: z.strictObject({
        domain: z.literal("yuya-kabuki.com"),
        pageViews: z.number(),
        toolDownloads: z.number(),
        b2bLeads: z.number(),
      }),
      aoba: z.strictObject({
        domain: z.literal("aoba-nekosora.com"),
        pageViews: z.number(),
        musicPlays: z.number(),
        stemDownloads: z.number(),
      }),
    }),
    crossSiteMetrics: z.strictObject({ crossReferrals: z.number(), sharedUserBase: z.number() }),
    recentActivities: z.array(
      z.strictObject({
        id: z.string(),
        type: z.string(),
        description: z.string(),
        timestamp,
        character: z.enum(["yuya", "aoba"]).optional(),
        sourceDomain: z.string().optional(),
      }),
    ),
    period: z.strictObject({ type: z.enum(PERIODS), from: z.string(), to: z.string() }),
    kpis: z.array(
      z.strictObject({
        key: z.string(),
        plugin: z.string(),
        label: z.strictObject({ ja: z.string(), en: z.string() }),
        unit: z.enum(["count", "currency", "ratio", "days"]),
        values: Scoped,
        status: z.enum(["ok", "failed"]),
        error: z.string().optional(),
        computedAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "DashboardResponse" });

export const WebhookReceived = z
  .strictObject({
    received: z.literal(true),
    duplicate: z.boolean().describe("already processed: nothing done again"),
    action: z.string().describe("what the event did, e.g. paid, refunded, cancelled, ignored"),
  })
  .meta({ id: "WebhookReceived" });

/** A Stripe event as Stripe sends it (verified by signature; only these fields are read). */
export const StripeEvent = z
  .looseObject({ id: z.string(), type: z.string(), data: z.looseObject({ object: z.looseObject({}) }) })
  .meta({ id: "StripeEvent" });

const ServiceStatus = z.enum(["up", "down", "not_configured"]);
export const HealthResponse = z
  .strictObject({
    status: z.enum(["healthy", "degraded"]).describe("degraded when a configured service is down"),
    services: z.strictObject({
      database: ServiceStatus,
      openai: ServiceStatus,
      email: ServiceStatus,
      storage: ServiceStatus,
      redis: ServiceStatus,
      replica: ServiceStatus.optional().describe("the read replica (DATABASE_REPLICA_URL); absent when none is configured"),
    }),
    timestamp: z.iso.datetime(),
    details: z
      .record(
        z.string(),
        z.strictObject({
          status: ServiceStatus,
          latencyMs: z.number().int(),
          via: z.string().optional(),
          error: z.string().optional(),
          lagSeconds: z
            .number()
            .optional()
            .describe("replica: how far its replay is behind the primary (0 when it has replayed all it received)"),
        }),
      )
      .optional()
      .describe("Only for ADMIN: latency, what was checked and the error of each service"),
  })
  .meta({ id: "HealthResponse" });
export const ContentEventAccepted = z
  .strictObject({
    data: z.strictObject({
      recorded: z.boolean().describe("false for a repeat within the window, a second like, or a bot (nothing stored)"),
      counts: z
        .strictObject({ views: z.number().int(), likes: z.number().int(), downloads: z.number().int() })
        .optional()
        .describe("the content's counters after the event (not for bots)"),
    }),
  })
  .meta({ id: "ContentEventAccepted" });

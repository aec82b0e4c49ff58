// The analytics and dashboard APIs against the real server and the demo data: the spec's shapes exactly,
// ADMIN only (the permission table's analytics), and bad query values answered field by field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
const tokens = new Map<Role, string>();

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: url, RATE_LIMIT_API_PER_MINUTE: "100000" });
  for (const role of ["ADMIN", "MANAGER"] as const) {
    const user = await db.user.findUniqueOrThrow({ where: { email: `${role.toLowerCase()}@example.com` } });
    const token = `kz_${role.toLowerCase().padEnd(43, "q")}`;
    await giveApiToken(db, user.id, token);
    tokens.set(role, token);
  }
});
afterAll(async () => {
  await server?.stop();
});

function get(path: string, role: Role | null = "ADMIN", lang = "en"): Promise<TestResponse> {
  return server.request({
    host: "admin",
    path,
    headers: { "accept-language": lang, ...(role ? { authorization: `Bearer ${tokens.get(role)}` } : {}) },
  });
}
const json = (res: TestResponse) => JSON.parse(res.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("GET /api/analytics/leads", () => {
  it("answers the spec's LeadAnalyticsResponse for the period and site", async () => {
    const res = await get("/api/analytics/leads?period=monthly&character=yuya");
    expect(res.status).toBe(200);
    const body = json(res);
    expect(Object.keys(body).sort()).toEqual(["conversionRate", "leadsBySource", "leadsByStatus", "totalLeads", "trendsData"]);
    expect(body.trendsData).toHaveLength(12);
    expect(Object.keys(body.trendsData[0]).sort()).toEqual(["count", "date", "value"]);
    expect(body.totalLeads).toBe(body.trendsData.at(-1).count);
    expect(Object.values(body.leadsByStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(body.totalLeads);
    expect(body.leadsBySource).toHaveProperty("yuya_site");
  });

  it("covers a whole range when given one", async () => {
    const all = json(await get("/api/analytics/leads?period=yearly&from=2020-01-01&to=2030-12-31"));
    expect(all.totalLeads).toBe(await db.lead.count());
    expect(all.trendsData.map((p: { date: string }) => p.date)[0]).toBe("2020-01-01");
  });
});

describe("GET /api/analytics/content", () => {
  it("answers the spec's ContentAnalyticsResponse, filtered by type and site", async () => {
    const res = await get("/api/analytics/content?type=music&character=aoba&from=2020-01-01&to=2030-12-31");
    expect(res.status).toBe(200);
    const body = json(res);
    expect(Object.keys(body).sort()).toEqual(["popularContent", "totalViews", "trafficSources"]);
    const views = await db.contentAnalytics.count({
      where: { eventType: "view", content: { contentType: "music", characterOwner: "aoba" } },
    });
    expect(body.totalViews).toBe(views);
    expect(body.popularContent.length).toBeGreaterThan(0);
    expect(Object.keys(body.popularContent[0]).sort()).toEqual(["engagement", "id", "title", "views"]);
    const titles = await db.content.findMany({ where: { contentType: "music", characterOwner: "aoba" }, select: { title: true } });
    for (const item of body.popularContent) expect(titles.map((t) => t.title)).toContain(item.title);
    expect(Object.values(body.trafficSources as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(views);
  });
});

describe("GET /api/admin/dashboard", () => {
  it("answers the spec's DashboardResponse plus the period and every registered KPI", async () => {
    const res = await get("/api/admin/dashboard");
    expect(res.status).toBe(200);
    const body = json(res);
    expect(Object.keys(body).sort()).toEqual(["crossSiteMetrics", "kpis", "overview", "period", "recentActivities", "siteMetrics"]);
    expect(Object.keys(body.overview).sort()).toEqual(["activeProjects", "conversionRate", "monthlyRevenue", "totalLeads"]);
    expect(body.siteMetrics.yuya).toEqual({
      domain: "yuya-kabuki.com",
      pageViews: expect.any(Number),
      toolDownloads: expect.any(Number),
      b2bLeads: expect.any(Number),
    });
    expect(body.siteMetrics.aoba).toEqual({
      domain: "aoba-nekosora.com",
      pageViews: expect.any(Number),
      musicPlays: expect.any(Number),
      stemDownloads: expect.any(Number),
    });
    expect(Object.keys(body.crossSiteMetrics).sort()).toEqual(["crossReferrals", "sharedUserBase"]);
    expect(body.recentActivities.length).toBeGreaterThan(0);
    for (const activity of body.recentActivities) {
      expect(activity).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          type: expect.any(String),
          description: expect.any(String),
          timestamp: expect.any(String),
        }),
      );
    }
    const keys = body.kpis.map((k: { key: string }) => k.key);
    expect(keys).toEqual(expect.arrayContaining(["total_leads", "revenue", "b2b-pipeline:win_rate"]));
    expect(body.kpis.every((k: { status: string }) => k.status === "ok")).toBe(true);
    const monthly = json(await get("/api/analytics/leads?period=monthly"));
    expect(body.overview.totalLeads).toBe(monthly.totalLeads);
    expect(body.period.type).toBe("monthly");
  });
});

describe("bad input and permissions", () => {
  it.each([
    ["/api/analytics/leads?period=hourly", "period"],
    ["/api/analytics/leads?character=kabuki", "character"],
    ["/api/analytics/leads?from=2026-02-31", "from"],
    ["/api/analytics/leads?from=2026-03-01&to=2026-02-01", "to"],
    ["/api/analytics/leads?period=daily&from=2020-01-01&to=2026-01-01", "period"],
    ["/api/analytics/leads?colour=red", "body"],
    ["/api/analytics/content?type=podcast", "type"],
    ["/api/analytics/content?to=yesterday", "to"],
    ["/api/admin/dashboard?period=decade", "period"],
  ])("%s → 400 naming %s", async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const body = json(res);
    expect(body.error.code).toBe("invalid_request");
    expect(Object.keys(body.error.fields)).toContain(field);
  });

  it("is for admins only: a manager is refused, an anonymous caller asked to sign in", async () => {
    expect((await get("/api/admin/dashboard", "MANAGER")).status).toBe(403);
    expect((await get("/api/analytics/leads", null)).status).toBe(401);
  });
});

// core-metrics: the spec's dashboard metrics as KPIs, checked against the analytics readers and the raw
// tables on the demo data; and the dashboard's on-demand computation (fresh values kept, a failing KPI marked).
import { describe, expect, it } from "vitest";
import { contentAnalytics, leadAnalytics } from "~/modules/analytics/analytics.server";
import { dashboardKpis, forgetKpiRuns, getDashboard } from "~/modules/analytics/dashboard.server";
import { computeKpis } from "~/modules/kpi/engine.server";
import { periodRange } from "~/modules/kpi/periods";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { definePlugin, enable } from "../../sdk/src/plugin.ts";
import { seed } from "../../prisma/seed.ts";
import { createTestDatabase } from "../../tests/support/database.ts";
import coreLeadSources from "../core-lead-sources/index.ts";
import coreProductTypes from "../core-product-types/index.ts";
import coreMetrics from "./index.ts";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seed(url);
const registry = buildRegistry([enable(coreLeadSources), enable(coreProductTypes), enable(coreMetrics)]);

describe("core-metrics", () => {
  it("registers the dashboard metrics without a prefix", () => {
    expect([...registry.kpis.keys()]).toEqual([
      "total_leads",
      "conversion_rate",
      "b2b_leads",
      "revenue",
      "active_projects",
      "page_views",
      "tool_downloads",
      "music_plays",
      "stem_downloads",
      "cross_referrals",
      "shared_user_base",
    ]);
  });

  it("computes them from the rollups, agreeing with the analytics APIs and the raw tables", async () => {
    const at = new Date();
    const outcomes = await computeKpis(registry, { period: "quarterly", at });
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    const value = (key: string, site: string) => outcomes.find((o) => o.key === key && o.site === site)!.value;

    const leads = await leadAnalytics({ period: "quarterly" }, registry, at);
    expect(value("total_leads", "total")).toBe(leads.totalLeads);
    expect(value("conversion_rate", "total")).toBeCloseTo(leads.conversionRate, 2);
    const yuyaLeads = await leadAnalytics({ period: "quarterly", character: "yuya" }, registry, at);
    expect(value("total_leads", "yuya")).toBe(yuyaLeads.totalLeads);

    const { from, to } = periodRange("quarterly", at);
    const views = await contentAnalytics({ period: "quarterly", character: "aoba" }, registry, at);
    expect(value("page_views", "aoba")).toBe(views.totalViews);
    expect(views.totalViews).toBeGreaterThan(0);
    const plays = await db.contentAnalytics.count({
      where: { eventType: "view", createdAt: { gte: from, lt: to }, content: { characterOwner: "aoba", contentType: "music" } },
    });
    expect(value("music_plays", "aoba")).toBe(plays);
    const b2b = await db.lead.count({
      where: { leadType: "b2b_consultation", sourceDomain: "yuya-kabuki.com", createdAt: { gte: from, lt: to } },
    });
    expect(value("b2b_leads", "yuya")).toBe(b2b);

    const { rows } = await sql<{ amount: string }>(
      `SELECT COALESCE(sum(i.total_price), 0)::text AS amount FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE o.status IN ('paid', 'processing', 'shipped', 'delivered') AND o.created_at >= $1 AND o.created_at < $2`,
      [from, to],
    );
    const projects = await db.project.findMany({ where: { status: "completed", budget: { not: null } } });
    const projectRevenue = projects.filter((p) => {
      const day = p.endDate ? p.endDate.toISOString().slice(0, 10) : periodRange("daily", p.updatedAt).date;
      return day >= periodRange("quarterly", at).date && new Date(`${day}T00:00:00+09:00`) < to;
    });
    expect(value("revenue", "total")).toBeCloseTo(Number(rows[0]!.amount) + projectRevenue.reduce((s, p) => s + Number(p.budget), 0), 2);

    expect(value("revenue", "total")).toBeGreaterThan(0);
    const crossings = await db.crossSiteActivity.count({ where: { createdAt: { gte: from, lt: to } } });
    const referred = await db.contentAnalytics.count({
      where: {
        eventType: "view",
        createdAt: { gte: from, lt: to },
        OR: [
          { referrer: { startsWith: "https://aoba-nekosora.com" }, content: { characterOwner: "yuya" } },
          { referrer: { startsWith: "https://yuya-kabuki.com" }, content: { characterOwner: "aoba" } },
        ],
      },
    });
    expect(value("cross_referrals", "total")).toBe(crossings + referred);
    // Each site counts the crossings into itself and the views its content got from its sibling: the two make the total.
    expect(value("cross_referrals", "yuya")! + value("cross_referrals", "aoba")!).toBe(value("cross_referrals", "total"));
    expect(value("shared_user_base", "total")).toBeGreaterThan(0);
  });

  it("dashboard: computes stale KPIs on demand, keeps fresh ones, and marks a failing KPI while showing the rest", async () => {
    forgetKpiRuns();
    const broken = definePlugin({
      id: "broken-kpi",
      version: "1",
      setup: (reg) =>
        reg.kpi({
          key: "always_fails",
          label: { ja: "壊れた", en: "Broken" },
          unit: "count",
          sites: ["total"],
          compute: () => Promise.reject(new Error("no data source")),
        }),
    });
    const withBroken = buildRegistry([enable(coreLeadSources), enable(coreProductTypes), enable(coreMetrics), enable(broken)]);
    const errors: unknown[] = [];
    const logger = { error: (obj: unknown) => errors.push(obj) } as never;
    const dashboard = await getDashboard(withBroken, "monthly", new Date(), logger);
    const failed = dashboard.kpis.find((k) => k.key === "broken-kpi:always_fails")!;
    expect(failed).toMatchObject({ status: "failed", error: "no data source", values: { total: null } });
    expect(errors).toHaveLength(1);
    expect(dashboard.kpis.filter((k) => k.status === "ok")).toHaveLength(11);
    expect(dashboard.overview.totalLeads).toBe((await leadAnalytics({ period: "monthly" }, registry)).totalLeads);
    expect(dashboard.siteMetrics.yuya.domain).toBe("yuya-kabuki.com");
    expect(dashboard.recentActivities.length).toBeGreaterThan(0);

    // Fresh values are read back, not recomputed; a new lead shows once the values are a minute old.
    const computedAt = dashboard.kpis.find((k) => k.key === "total_leads")!.computedAt;
    const again = await dashboardKpis(withBroken, "monthly", new Date());
    expect(again.find((k) => k.key === "total_leads")!.computedAt).toBe(computedAt);
    await db.lead.create({
      data: { email: "x", emailHash: "kpi-test", source: "direct", sourceDomain: "yuya-kabuki.com", gdprConsent: true },
    });
    forgetKpiRuns();
    const later = await dashboardKpis(withBroken, "monthly", new Date(Date.now() + 61_000));
    expect(later.find((k) => k.key === "total_leads")!.values.total).toBe(dashboard.overview.totalLeads + 1);
  });

  it("dashboard: a failing KPI run (here the rollup refresh) marks the KPIs failed instead of failing the page", async () => {
    forgetKpiRuns();
    await db.lead.create({
      data: { email: "y", emailHash: "kpi-test-2", source: "direct", sourceDomain: "aoba-nekosora.com", gdprConsent: true },
    });
    await sql("ALTER TABLE lead_daily_stats RENAME TO lead_daily_stats_away");
    try {
      const errors: unknown[] = [];
      const kpis = await dashboardKpis(registry, "weekly", new Date(), { error: (obj: unknown) => errors.push(obj) } as never);
      expect(kpis.every((k) => k.status === "failed")).toBe(true);
      expect(kpis[0]!.error).toMatch(/lead_daily_stats/);
      expect(errors).toHaveLength(1);
    } finally {
      await sql("ALTER TABLE lead_daily_stats_away RENAME TO lead_daily_stats");
      forgetKpiRuns();
    }
  });
});

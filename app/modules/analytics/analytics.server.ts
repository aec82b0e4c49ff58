// The spec's analytics APIs, read from the daily rollups (exact: days not yet refreshed are computed live).
import { Prisma } from "~/generated/prisma/client";
import { withReadDb } from "~/lib/db.server";
import { LEAD_STATUSES } from "~/modules/leads/leads.schema";
import type { Period } from "~/modules/kpi/periods";
import type { Registry } from "~/modules/plugins/registry.server";
import type { ContentAnalyticsQuery, LeadAnalyticsQuery } from "./analytics.schema";
import { CONTENT_DAILY, CONTENT_REFERRERS, LEAD_DAILY, REVENUE_DAILY, revenueMapping, rollupRows } from "./rollups.server";
import { analyticsWindow, type AnalyticsWindow } from "./windows";

export interface LeadAnalyticsResponse {
  totalLeads: number;
  conversionRate: number;
  leadsBySource: Record<string, number>;
  leadsByStatus: Record<string, number>;
  trendsData: Array<{ date: string; count: number; value: number }>;
}

export interface ContentAnalyticsResponse {
  totalViews: number;
  popularContent: Array<{ id: string; title: string; views: number; engagement: number }>;
  trafficSources: Record<string, number>;
}

const TRUNC: Record<Period, string> = { daily: "day", weekly: "week", monthly: "month", quarterly: "quarter", yearly: "year" };
/** The bucket (period start) of a rollup row's day, as YYYY-MM-DD text. */
const bucketOf = (period: Period, column = "r.day") =>
  Prisma.raw(`to_char(date_trunc('${TRUNC[period]}', ${column}::timestamp), 'YYYY-MM-DD')`);
const siteIs = (site: string | undefined, column = "r.site") =>
  site ? Prisma.sql`${Prisma.raw(column)} = ${site}::character_owner` : Prisma.sql`TRUE`;
const inTotals = (window: AnalyticsWindow, bucket: string) => bucket >= window.buckets.find((b) => b.last >= window.totals.from)!.date;

/** A ratio to four decimals (0 when there is nothing to divide). */
export const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** GET /api/analytics/leads: totals for the period (or range), by source and status, and the trend. */
export async function leadAnalytics(query: LeadAnalyticsQuery, registry: Registry, now = new Date()): Promise<LeadAnalyticsResponse> {
  const window = analyticsWindow(query.period, query, now);
  const rows = await withReadDb(
    (db) => db.$queryRaw<{ bucket: string; source: string; status: string; leads: number; value: string }[]>`
    SELECT ${bucketOf(query.period)} AS bucket, r.source, r.status::text AS status, sum(r.leads)::int AS leads, sum(r.value)::text AS value
      FROM ${rollupRows(LEAD_DAILY, window.trend.from, window.trend.to, revenueMapping(registry))} r
     WHERE ${siteIs(query.character)}
     GROUP BY 1, 2, 3`,
  );
  const leadsBySource: Record<string, number> = Object.fromEntries([...registry.leadSources.keys()].map((key) => [key, 0]));
  const leadsByStatus: Record<string, number> = Object.fromEntries(LEAD_STATUSES.map((status) => [status, 0]));
  const trend = new Map(window.buckets.map((b) => [b.date, { date: b.date, count: 0, value: 0 }]));
  for (const row of rows) {
    const point = trend.get(row.bucket);
    if (point) {
      point.count += row.leads;
      point.value += Number(row.value);
    }
    if (!inTotals(window, row.bucket)) continue;
    leadsBySource[row.source] = (leadsBySource[row.source] ?? 0) + row.leads;
    leadsByStatus[row.status] = (leadsByStatus[row.status] ?? 0) + row.leads;
  }
  const totalLeads = Object.values(leadsByStatus).reduce((a, b) => a + b, 0);
  return {
    totalLeads,
    conversionRate: ratio(leadsByStatus.won ?? 0, totalLeads),
    leadsBySource,
    leadsByStatus,
    trendsData: [...trend.values()].map((p) => ({ ...p, value: Math.round(p.value * 100) / 100 })),
  };
}

/** The most-viewed content listed, and the referrer hosts shown by name before the rest is summed as "other". */
const POPULAR = 10;
const SOURCES = 20;

/** GET /api/analytics/content: views, the most viewed content with its engagement, and traffic sources. */
export async function contentAnalytics(
  query: ContentAnalyticsQuery,
  registry: Registry,
  now = new Date(),
): Promise<ContentAnalyticsResponse> {
  const window = analyticsWindow(query.period, query, now);
  const mapping = revenueMapping(registry);
  const filter = Prisma.sql`${siteIs(query.character)} AND ${query.type ? Prisma.sql`r.content_type = ${query.type}::content_type` : Prisma.sql`TRUE`}`;
  const [popular, sources] = await withReadDb((db) =>
    Promise.all([
      db.$queryRaw<{ id: string; title: string; views: number; engagement: number; total: number }[]>`
      SELECT p.content_id AS id, c.title, p.views, p.engagement, p.total
        FROM (SELECT r.content_id, sum(r.views)::int AS views, sum(r.likes + r.shares + r.downloads + r.comments)::int AS engagement,
                     (sum(sum(r.views)) OVER ())::int AS total
                FROM ${rollupRows(CONTENT_DAILY, window.totals.from, window.totals.to, mapping)} r
               WHERE ${filter}
               GROUP BY r.content_id
               ORDER BY views DESC, engagement DESC, r.content_id
               LIMIT ${POPULAR}) p
        JOIN contents c ON c.id = p.content_id
       ORDER BY p.views DESC, p.engagement DESC, p.content_id`,
      db.$queryRaw<{ host: string; views: number }[]>`
      SELECT r.referrer_host AS host, sum(r.views)::int AS views
        FROM ${rollupRows(CONTENT_REFERRERS, window.totals.from, window.totals.to, mapping)} r
       WHERE ${filter}
       GROUP BY 1 ORDER BY 2 DESC, 1`,
    ]),
  );
  const trafficSources: Record<string, number> = {};
  for (const [i, source] of sources.entries()) {
    if (i < SOURCES) trafficSources[source.host] = source.views;
    else trafficSources.other = (trafficSources.other ?? 0) + source.views;
  }
  return {
    totalViews: popular[0]?.total ?? sources.reduce((sum, s) => sum + s.views, 0),
    popularContent: popular.map(({ id, title, views, engagement }) => ({ id, title, views, engagement })),
    trafficSources,
  };
}

export interface TrendSeries {
  date: string;
  leads: number;
  revenue: number;
  pageViews: number;
}

/** The dashboard's trend charts: leads, revenue (JPY) and page views per bucket, for one site or all. */
export async function dashboardTrends(
  period: Period,
  registry: Registry,
  site?: "yuya" | "aoba",
  now = new Date(),
  { primary = false } = {},
): Promise<TrendSeries[]> {
  const window = analyticsWindow(period, {}, now);
  const mapping = revenueMapping(registry);
  const { from, to } = window.trend;
  const [leads, revenue, views] = await withReadDb(
    (db) =>
      Promise.all([
        db.$queryRaw<{ bucket: string; n: number }[]>`
      SELECT ${bucketOf(period)} AS bucket, sum(r.leads)::int AS n FROM ${rollupRows(LEAD_DAILY, from, to, mapping)} r WHERE ${siteIs(site)} GROUP BY 1`,
        db.$queryRaw<{ bucket: string; n: string }[]>`
      SELECT ${bucketOf(period, "r.date")} AS bucket, sum(r.amount)::text AS n FROM ${rollupRows(REVENUE_DAILY, from, to, mapping)} r
       WHERE r.currency = 'JPY' AND ${siteIs(site, "r.character_attribution")} GROUP BY 1`,
        db.$queryRaw<{ bucket: string; n: number }[]>`
      SELECT ${bucketOf(period)} AS bucket, sum(r.views)::int AS n FROM ${rollupRows(CONTENT_DAILY, from, to, mapping)} r WHERE ${siteIs(site)} GROUP BY 1`,
      ]),
    { primary },
  );
  const byBucket = <T extends { bucket: string }>(rows: T[]) => new Map(rows.map((row) => [row.bucket, row]));
  const [l, r, v] = [byBucket(leads), byBucket(revenue), byBucket(views)];
  return window.buckets.map((b) => ({
    date: b.date,
    leads: l.get(b.date)?.n ?? 0,
    revenue: Number(r.get(b.date)?.n ?? 0),
    pageViews: v.get(b.date)?.n ?? 0,
  }));
}

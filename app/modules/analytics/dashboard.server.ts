// GET /api/admin/dashboard and the admin home: the spec's DashboardResponse from the KPI values of the
// current period (kpi_metrics), computed on demand when they are missing or older than a minute, plus every
// registered KPI and the recent-activity feed. Read from the streaming replica when there is one (withReadDb); values
// this process has just computed are read back from the primary.
import type { Logger } from "pino";
import { Prisma } from "~/generated/prisma/client";
import { withReadDb } from "~/lib/db.server";
import { brandOfDomain } from "~/modules/brand/brands";
import { brandDomainSql } from "~/modules/brand/brands.server";
import { computeKpis, type KpiOutcome } from "~/modules/kpi/engine.server";
import { periodRange, type Period } from "~/modules/kpi/periods";
import type { Registry } from "~/modules/plugins/registry.server";
import type { KpiDefinition, Label } from "../../../sdk/src/plugin.ts";

/** How old stored KPI values may be before the dashboard computes them again. */
export const KPI_FRESH_MS = 60_000;

type Scope = "yuya" | "aoba" | "shared" | "total";

export interface DashboardKpi {
  key: string;
  plugin: string;
  label: Label;
  unit: KpiDefinition["unit"];
  values: Partial<Record<Scope, number | null>>;
  status: "ok" | "failed";
  error?: string;
  computedAt: string | null;
}

export interface RecentActivity {
  id: string;
  type: string;
  description: string;
  timestamp: string;
  character?: "yuya" | "aoba";
  sourceDomain?: string;
}

export interface DashboardResponse {
  overview: { totalLeads: number; activeProjects: number; monthlyRevenue: number; conversionRate: number };
  siteMetrics: {
    yuya: { domain: "yuya-kabuki.com"; pageViews: number; toolDownloads: number; b2bLeads: number };
    aoba: { domain: "aoba-nekosora.com"; pageViews: number; musicPlays: number; stemDownloads: number };
  };
  crossSiteMetrics: { crossReferrals: number; sharedUserBase: number };
  recentActivities: RecentActivity[];
  period: { type: Period; from: string; to: string };
  kpis: DashboardKpi[];
}

interface Run {
  at: number;
  failures: KpiOutcome[];
  promise: Promise<void>;
  settled: boolean;
}
/** One on-demand computation per period at a time in this process, and its failures for a minute. */
const runs = new Map<Period, Run>();

async function ensureFresh(
  registry: Registry,
  period: Period,
  now: Date,
  logger?: Logger,
  primary = false,
): Promise<{ stored: StoredValue[]; failures: KpiOutcome[] }> {
  let stored = await storedValues(period, now, primary);
  const fresh = (value: StoredValue) => value.computedAt !== null && now.getTime() - Date.parse(value.computedAt) < KPI_FRESH_MS;
  const stale = [...registry.kpis.values()].filter((kpi) =>
    kpi.sites.some((site) => !stored.some((v) => v.key === kpi.key && v.site === site && fresh(v))),
  );
  let run = runs.get(period);
  if (stale.length > 0 && (!run || Date.now() - run.at >= KPI_FRESH_MS)) {
    const started: Run = {
      at: Date.now(),
      settled: false,
      failures: [],
      promise: computeKpis(registry, { period, at: now, keys: stale.map((kpi) => kpi.key) }).then(
        (outcomes) => {
          started.failures = outcomes.filter((o) => o.error);
          for (const failure of started.failures)
            logger?.error({ kpi: failure.key, site: failure.site, err: failure.error }, "KPI computation failed");
        },
        (error: unknown) => {
          // The run itself failed (the rollup refresh, the database): every stale KPI is marked, the page still renders.
          const message = error instanceof Error ? error.message : String(error);
          logger?.error({ err: error, period }, "KPI run failed");
          started.failures = stale.flatMap((kpi) => kpi.sites.map((site) => ({ key: kpi.key, site, value: null, error: message })));
        },
      ),
    };
    void started.promise.finally(() => (started.settled = true));
    runs.set(period, started);
    run = started;
    await started.promise;
    // Just written to the primary: the replica may not have them yet.
    stored = await storedValues(period, now, true);
  } else if (run && !run.settled) {
    // Another request's run is under way: its values, once written, are on the primary first.
    await run.promise.catch(() => {});
    stored = await storedValues(period, now, true);
  }
  return { stored, failures: run?.failures ?? [] };
}

interface StoredValue {
  key: string;
  site: Scope;
  value: number;
  computedAt: string | null;
}

async function storedValues(period: Period, now: Date, primary: boolean): Promise<StoredValue[]> {
  const rows = await withReadDb(
    (db) =>
      db.kpiMetric.findMany({
        where: { periodType: period, metricDate: new Date(`${periodRange(period, now).date}T00:00:00Z`) },
        select: { metricName: true, characterScope: true, metricValue: true, metadata: true },
      }),
    { primary },
  );
  return rows.map((row) => {
    const meta = (row.metadata ?? {}) as { computedAt?: string };
    return { key: row.metricName, site: row.characterScope, value: row.metricValue.toNumber(), computedAt: meta.computedAt ?? null };
  });
}

/** Every registered KPI for the current period, computed now if stale, failures marked. */
export async function dashboardKpis(
  registry: Registry,
  period: Period,
  now = new Date(),
  logger?: Logger,
  { primary = false } = {},
): Promise<DashboardKpi[]> {
  const { stored, failures } = await ensureFresh(registry, period, now, logger, primary);
  return [...registry.kpis.values()].map((kpi) => {
    const failed = failures.filter((f) => f.key === kpi.key);
    const values: DashboardKpi["values"] = {};
    let computedAt: string | null = null;
    for (const site of kpi.sites) {
      const value = stored.find((v) => v.key === kpi.key && v.site === site);
      values[site] = failed.some((f) => f.site === site) ? null : (value?.value ?? null);
      if (value?.computedAt && (!computedAt || value.computedAt > computedAt)) computedAt = value.computedAt;
    }
    return {
      key: kpi.key,
      plugin: kpi.plugin,
      label: kpi.label,
      unit: kpi.unit,
      values,
      status: failed.length > 0 ? "failed" : "ok",
      ...(failed.length > 0 ? { error: failed[0]!.error } : {}),
      computedAt,
    };
  });
}

/** Forget the last on-demand run (the dashboard's "recalculate now", and tests). */
export function forgetKpiRuns(): void {
  runs.clear();
}

const RECENT = 20;

/** The latest happenings across both sites: leads, inquiries, lead status changes, orders, projects, crossings. */
export async function recentActivities(limit = RECENT, { primary = false } = {}): Promise<RecentActivity[]> {
  const rows = await withReadDb(
    (db) => db.$queryRaw<{ id: string; type: string; description: string; at: Date; domain: string | null }[]>`
    (SELECT l.id::text, 'lead_created' AS type, concat_ws(' · ', l.name, l.company, l.source) AS description, l.created_at AS at, l.source_domain AS domain
       FROM leads l ORDER BY l.created_at DESC LIMIT ${limit})
    UNION ALL
    (SELECT i.id::text, 'inquiry_received', concat_ws(' · ', i.subject, i.inquiry_type::text), i.created_at, l.source_domain
       FROM inquiries i LEFT JOIN leads l ON l.id = i.lead_id ORDER BY i.created_at DESC LIMIT ${limit})
    UNION ALL
    (SELECT a.id::text, 'lead_status_changed', concat_ws(' · ', l.name, concat(a.metadata->>'from', ' → ', a.metadata->>'to')), a.created_at, l.source_domain
       FROM lead_activities a JOIN leads l ON l.id = a.lead_id WHERE a.activity_type = 'status_change' ORDER BY a.created_at DESC LIMIT ${limit})
    UNION ALL
    (SELECT o.id::text, 'order_' || o.status::text, concat_ws(' · ', o.order_number, to_char(o.total_amount, 'FM999,999,990') || ' ' || o.currency), o.updated_at,
            (SELECT ${brandDomainSql(Prisma.sql`min(p.character_owner::text)`)}
               FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = o.id HAVING count(DISTINCT p.character_owner) = 1)
       FROM orders o ORDER BY o.updated_at DESC LIMIT ${limit})
    UNION ALL
    (SELECT p.id::text, 'project_' || p.status::text, p.name, p.updated_at,
            ${brandDomainSql(Prisma.sql`p.assigned_character::text`)}
       FROM projects p ORDER BY p.updated_at DESC LIMIT ${limit})
    UNION ALL
    (SELECT x.id::text, 'cross_site', concat(x.from_domain, ' → ', x.to_domain), x.created_at, x.to_domain
       FROM cross_site_activities x ORDER BY x.created_at DESC LIMIT ${limit})
    ORDER BY at DESC LIMIT ${limit}`,
    { primary },
  );
  return rows.map((row) => {
    const character = brandOfDomain(row.domain);
    return {
      id: row.id,
      type: row.type,
      description: row.description,
      timestamp: row.at.toISOString(),
      ...(character ? { character } : {}),
      ...(row.domain ? { sourceDomain: row.domain } : {}),
    };
  });
}

/**
 * The spec's DashboardResponse for the current period (monthly by default), plus every registered KPI. `primary`
 * reads the primary rather than the replica (right after "Recalculate now").
 */
export async function getDashboard(
  registry: Registry,
  period: Period = "monthly",
  now = new Date(),
  logger?: Logger,
  { primary = false } = {},
): Promise<DashboardResponse> {
  const [kpis, activities] = await Promise.all([
    dashboardKpis(registry, period, now, logger, { primary }),
    recentActivities(RECENT, { primary }),
  ]);
  const value = (key: string, site: Scope) => kpis.find((k) => k.key === key)?.values[site] ?? 0;
  const range = periodRange(period, now);
  return {
    overview: {
      totalLeads: value("total_leads", "total"),
      activeProjects: value("active_projects", "total"),
      monthlyRevenue: value("revenue", "total"),
      conversionRate: value("conversion_rate", "total"),
    },
    siteMetrics: {
      yuya: {
        domain: "yuya-kabuki.com",
        pageViews: value("page_views", "yuya"),
        toolDownloads: value("tool_downloads", "yuya"),
        b2bLeads: value("b2b_leads", "yuya"),
      },
      aoba: {
        domain: "aoba-nekosora.com",
        pageViews: value("page_views", "aoba"),
        musicPlays: value("music_plays", "aoba"),
        stemDownloads: value("stem_downloads", "aoba"),
      },
    },
    crossSiteMetrics: { crossReferrals: value("cross_referrals", "total"), sharedUserBase: value("shared_user_base", "total") },
    recentActivities: activities,
    period: { type: period, from: range.date, to: periodRange("daily", new Date(range.to.getTime() - 1)).date },
    kpis,
  };
}

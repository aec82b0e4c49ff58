// The KPI engine: every registered KPI, for each of its sites, over a period, into kpi_metrics. Upserts on
// (metric, scope, date, period), so a rerun replaces a value and never doubles it. The rollups are refreshed
// first, so KPIs read fresh daily figures. A KPI that throws is reported (and logged by the caller) and
// skipped; the others are still computed.
import { subDays } from "date-fns";
import { getDb } from "~/lib/db.server";
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import { refreshRollups } from "~/modules/analytics/rollups.server";
import type { Registry } from "~/modules/plugins/registry.server";
import { Prisma } from "~/generated/prisma/client";
import { periodRange, type Period } from "./periods.ts";
import type { KpiBrand, KpiContext } from "../../../sdk/src/plugin.ts";

export interface KpiOutcome {
  key: string;
  site: string;
  value: number | null;
  error?: string;
}

export interface ComputeOptions {
  period: Period;
  /** A moment inside the period (default now). */
  at?: Date;
  /** Only these KPI keys. */
  keys?: readonly string[];
  /** Refresh the rollups first (default true; false when the caller just did). */
  refresh?: boolean;
}

/** The brand table as plugins see it (KpiContext's brands and domainsOf). */
const BRANDS: KpiBrand[] = (Object.keys(BRAND_INFO) as Brand[]).map((id) => ({
  id,
  domain: BRAND_INFO[id].domain,
  sibling: BRAND_INFO[id].sibling,
}));
const domainsOf = (site: KpiContext["site"]) =>
  BRANDS.filter((brand) => site === "total" || brand.id === site).map((brand) => brand.domain);

export async function computeKpis(
  registry: Registry,
  { period, at = new Date(), keys, refresh = true }: ComputeOptions,
): Promise<KpiOutcome[]> {
  const db = getDb();
  if (refresh) await refreshRollups(registry);
  const range = periodRange(period, at);
  const toDay = periodRange("daily", range.to).date;
  const metricDate = new Date(`${range.date}T00:00:00Z`);
  const outcomes: KpiOutcome[] = [];
  for (const kpi of registry.kpis.values()) {
    if (keys && !keys.includes(kpi.key)) continue;
    for (const site of kpi.sites) {
      try {
        const value = await kpi.compute({
          from: range.from,
          to: range.to,
          fromDay: range.date,
          toDay,
          site,
          query: <T>(sql: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(sql, ...params),
          brands: BRANDS,
          domainsOf,
        });
        if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`returned ${String(value)}, not a number`);
        const metricValue = new Prisma.Decimal(value).toDecimalPlaces(2);
        const metadata = { plugin: kpi.plugin, unit: kpi.unit, computedAt: new Date().toISOString() };
        await db.kpiMetric.upsert({
          where: {
            metricName_characterScope_metricDate_periodType: { metricName: kpi.key, characterScope: site, metricDate, periodType: period },
          },
          create: { metricName: kpi.key, characterScope: site, metricDate, periodType: period, metricValue, metadata },
          update: { metricValue, metadata },
        });
        outcomes.push({ key: kpi.key, site, value: metricValue.toNumber() });
      } catch (error) {
        outcomes.push({ key: kpi.key, site, value: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return outcomes;
}

/** The periods that ended with the Japan-time day before `now` (the nightly run finalises them). */
export function periodsEndedBy(now: Date): { period: Period; at: Date }[] {
  const yesterday = subDays(periodRange("daily", now).from, 1);
  const today = periodRange("daily", now).from.getTime();
  return (["daily", "weekly", "monthly", "quarterly", "yearly"] as const)
    .filter((period) => periodRange(period, yesterday).to.getTime() === today)
    .map((period) => ({ period, at: yesterday }));
}

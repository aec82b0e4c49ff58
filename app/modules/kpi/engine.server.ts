// The KPI engine: every registered KPI, for each of its sites, over a period, into kpi_metrics. Upserts on
// (metric, scope, date, period), so a rerun replaces a value and never doubles it. A KPI that throws is
// reported and skipped; the others are still computed.
import { getDb } from "~/lib/db.server";
import type { Registry } from "~/modules/plugins/registry.server";
import { Prisma } from "~/generated/prisma/client";
import { periodRange, type Period } from "./periods.ts";

export interface KpiOutcome {
  key: string;
  site: string;
  value: number | null;
  error?: string;
}

export async function computeKpis(registry: Registry, { period, at = new Date(), keys }: { period: Period; at?: Date; keys?: readonly string[] }): Promise<KpiOutcome[]> {
  const db = getDb();
  const range = periodRange(period, at);
  const outcomes: KpiOutcome[] = [];
  for (const kpi of registry.kpis.values()) {
    if (keys && !keys.includes(kpi.key)) continue;
    for (const site of kpi.sites) {
      try {
        const value = await kpi.compute({
          from: range.from,
          to: range.to,
          site,
          query: <T,>(sql: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(sql, ...params),
        });
        if (!Number.isFinite(value)) throw new Error(`returned ${value}, not a number`);
        const metricValue = new Prisma.Decimal(value).toDecimalPlaces(2);
        await db.kpiMetric.upsert({
          where: { metricName_characterScope_metricDate_periodType: { metricName: kpi.key, characterScope: site, metricDate: new Date(`${range.date}T00:00:00Z`), periodType: period } },
          create: { metricName: kpi.key, characterScope: site, metricDate: new Date(`${range.date}T00:00:00Z`), periodType: period, metricValue, metadata: { plugin: kpi.plugin, unit: kpi.unit } },
          update: { metricValue, metadata: { plugin: kpi.plugin, unit: kpi.unit } },
        });
        outcomes.push({ key: kpi.key, site, value: metricValue.toNumber() });
      } catch (error) {
        outcomes.push({ key: kpi.key, site, value: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return outcomes;
}

// B2B pipeline KPIs for Yuya's consulting (and the total): weighted pipeline value, win rate and average days
// to close, read from leads and their timelines. Stage weights are options.
import { z } from "zod";
import { definePlugin, type KpiContext } from "../../sdk/src/plugin.ts";

const STAGES = ["new", "contacted", "qualified", "proposal", "negotiation"] as const;
const Weights = z.strictObject(
  Object.fromEntries(STAGES.map((s) => [s, z.number().min(0).max(1).optional()])) as Record<
    (typeof STAGES)[number],
    z.ZodOptional<z.ZodNumber>
  >,
);
const Options = z.strictObject({ stageWeights: Weights.default({}) });
export const DEFAULT_WEIGHTS: Record<(typeof STAGES)[number], number> = {
  new: 0.1,
  contacted: 0.2,
  qualified: 0.4,
  proposal: 0.6,
  negotiation: 0.8,
};

/** Leads of the site (from its domain) or of both (total): the condition, its domains appended to `params`. */
function siteFilter(context: KpiContext, params: unknown[]): string {
  if (context.site === "total") return "TRUE";
  params.push(context.domainsOf(context.site));
  return `l.source_domain = ANY($${params.length})`;
}

export default definePlugin<z.output<typeof Options>>({
  id: "b2b-pipeline",
  version: "1.0.0",
  options: Options,
  setup(reg, options) {
    const weights = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(Object.entries(options.stageWeights).filter(([, v]) => v !== undefined)) };
    reg.kpi({
      key: "weighted_pipeline_value",
      label: { ja: "加重パイプライン金額", en: "Weighted pipeline value" },
      unit: "currency",
      sites: ["yuya", "total"],
      async compute(context) {
        const cases = STAGES.map((stage) => `WHEN '${stage}' THEN ${Number(weights[stage])}`).join(" ");
        const params: unknown[] = [STAGES, context.to];
        const [row] = await context.query<{ value: string | null }>(
          `SELECT COALESCE(SUM(l.estimated_value * CASE l.status::text ${cases} ELSE 0 END), 0)::text AS value
             FROM leads l WHERE ${siteFilter(context, params)} AND l.status::text = ANY($1) AND l.created_at < $2`,
          params,
        );
        return Number(row?.value ?? 0);
      },
    });
    reg.kpi({
      key: "win_rate",
      label: { ja: "受注率", en: "Win rate" },
      unit: "ratio",
      sites: ["yuya", "total"],
      async compute(context) {
        const params: unknown[] = [context.from, context.to];
        const [row] = await context.query<{ won: number; closed: number }>(
          `SELECT COUNT(*) FILTER (WHERE a.metadata->>'to' = 'won')::int AS won, COUNT(*)::int AS closed
             FROM lead_activities a JOIN leads l ON l.id = a.lead_id
            WHERE ${siteFilter(context, params)} AND a.activity_type = 'status_change' AND a.metadata->>'to' IN ('won', 'lost')
              AND a.created_at >= $1 AND a.created_at < $2`,
          params,
        );
        return row && row.closed > 0 ? row.won / row.closed : 0;
      },
    });
    reg.kpi({
      key: "avg_days_to_close",
      label: { ja: "平均受注日数", en: "Average days to close" },
      unit: "days",
      sites: ["yuya", "total"],
      async compute(context) {
        const params: unknown[] = [context.from, context.to];
        const [row] = await context.query<{ days: string | null }>(
          `SELECT AVG(EXTRACT(EPOCH FROM (a.created_at - l.created_at)) / 86400)::text AS days
             FROM lead_activities a JOIN leads l ON l.id = a.lead_id
            WHERE ${siteFilter(context, params)} AND a.activity_type = 'status_change' AND a.metadata->>'to' = 'won'
              AND a.created_at >= $1 AND a.created_at < $2`,
          params,
        );
        return row?.days ? Number(row.days) : 0;
      },
    });
  },
});

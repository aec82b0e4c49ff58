// The spec's dashboard metrics (DashboardResponse), registered like any plugin's KPIs. They read the daily
// rollups, which the KPI engine refreshes just before it runs.
import { definePlugin, type KpiContext, type KpiDefinition } from "../../sdk/src/plugin.ts";

type Row = { value: string | number | null };

/** `AND <column> = $n` for a site, nothing for the total. */
function site(context: KpiContext, column: string, params: unknown[]): string {
  if (context.site === "total") return "";
  params.push(context.site);
  return ` AND ${column} = $${params.length}::character_owner`;
}

async function one(context: KpiContext, sql: string, params: unknown[]): Promise<number> {
  const [row] = await context.query<Row>(sql, params);
  return Number(row?.value ?? 0);
}

/** A sum over one rollup table for the period's days. */
function sum(table: string, expression: string, where = "TRUE", dayColumn = "day", siteColumn = "site"): KpiDefinition["compute"] {
  return (context) => {
    const params: unknown[] = [context.fromDay, context.toDay];
    return one(
      context,
      `SELECT COALESCE(sum(${expression}), 0)::text AS value FROM ${table}
        WHERE ${dayColumn} >= $1::date AND ${dayColumn} < $2::date AND ${where}${site(context, siteColumn, params)}`,
      params,
    );
  };
}

export default definePlugin({
  id: "core-metrics",
  version: "1.0.0",
  setup(reg) {
    reg.kpi({
      key: "total_leads",
      label: { ja: "リード数", en: "Leads" },
      unit: "count",
      sites: ["yuya", "aoba", "shared", "total"],
      compute: sum("lead_daily_stats", "leads"),
    });
    reg.kpi({
      key: "conversion_rate",
      label: { ja: "成約率", en: "Conversion rate" },
      unit: "ratio",
      sites: ["yuya", "aoba", "total"],
      async compute(context) {
        const params: unknown[] = [context.fromDay, context.toDay];
        const [row] = await context.query<{ won: number; total: number }>(
          `SELECT COALESCE(sum(leads) FILTER (WHERE status = 'won'), 0)::int AS won, COALESCE(sum(leads), 0)::int AS total
             FROM lead_daily_stats WHERE day >= $1::date AND day < $2::date${site(context, "site", params)}`,
          params,
        );
        return row && row.total > 0 ? row.won / row.total : 0;
      },
    });
    reg.kpi({
      key: "b2b_leads",
      label: { ja: "B2Bリード", en: "B2B leads" },
      unit: "count",
      sites: ["yuya", "total"],
      compute: sum("lead_daily_stats", "leads", "lead_type = 'b2b_consultation'"),
    });
    reg.kpi({
      key: "revenue",
      label: { ja: "売上", en: "Revenue" },
      unit: "currency",
      sites: ["yuya", "aoba", "shared", "total"],
      compute: sum("revenue_analytics", "amount", "currency = 'JPY'", "date", "character_attribution"),
    });
    reg.kpi({
      key: "active_projects",
      label: { ja: "進行中のプロジェクト", en: "Active projects" },
      unit: "count",
      sites: ["yuya", "aoba", "shared", "total"],
      async compute(context) {
        // Projects in planning or under way that had started by the end of the period (their status today).
        const params: unknown[] = [context.to];
        const character = {
          yuya: "= 'yuya'",
          aoba: "= 'aoba'",
          shared: "IS DISTINCT FROM 'yuya' AND assigned_character IS DISTINCT FROM 'aoba'",
          total: "",
        }[context.site];
        return one(
          context,
          `SELECT count(*)::int AS value FROM projects WHERE status IN ('planning', 'active') AND created_at < $1${character ? ` AND assigned_character ${character}` : ""}`,
          params,
        );
      },
    });
    reg.kpi({
      key: "page_views",
      label: { ja: "ページビュー", en: "Page views" },
      unit: "count",
      sites: ["yuya", "aoba", "shared", "total"],
      compute: sum("content_daily_stats", "views"),
    });
    reg.kpi({
      key: "tool_downloads",
      label: { ja: "ツールのダウンロード", en: "Tool downloads" },
      unit: "count",
      sites: ["yuya", "total"],
      compute: sum("content_daily_stats", "downloads", "content_type = 'tool'"),
    });
    reg.kpi({
      key: "music_plays",
      label: { ja: "楽曲の再生", en: "Music plays" },
      unit: "count",
      sites: ["aoba", "total"],
      compute: sum("content_daily_stats", "views", "content_type = 'music'"),
    });
    reg.kpi({
      key: "stem_downloads",
      label: { ja: "ステムのダウンロード", en: "Stem downloads" },
      unit: "count",
      sites: ["aoba", "total"],
      compute: sum("content_daily_stats", "downloads", "content_type = 'music'"),
    });
    reg.kpi({
      key: "cross_referrals",
      label: { ja: "サイト間の相互流入", en: "Cross-site referrals" },
      unit: "count",
      sites: ["yuya", "aoba", "total"],
      async compute(context) {
        // Crossings (handoffs and tracked links) into the site, plus views its content got from the other brand's pages.
        const into = context.brands.filter((brand) => context.site === "total" || brand.id === context.site);
        return one(
          context,
          `SELECT ((SELECT count(*) FROM cross_site_activities WHERE created_at >= $1 AND created_at < $2 AND to_domain = ANY($3))
                 + (SELECT COALESCE(sum(views), 0) FROM content_referrer_daily
                     WHERE day >= $4::date AND day < $5::date AND (site::text, referrer_host) IN (SELECT * FROM unnest($6::text[], $7::text[]))))::text AS value`,
          [
            context.from,
            context.to,
            context.domainsOf(context.site),
            context.fromDay,
            context.toDay,
            into.map((brand) => brand.id),
            into.flatMap((brand) => context.domainsOf(brand.sibling)),
          ],
        );
      },
    });
    reg.kpi({
      key: "shared_user_base",
      label: { ja: "両サイトの共通ユーザー", en: "Users of both sites" },
      unit: "count",
      sites: ["total"],
      // Users who had used both brands (content, leads, purchases, crossings) by the end of the period.
      compute: (context) =>
        one(
          context,
          `SELECT count(*)::int AS value FROM user_site_activity y JOIN user_site_activity a ON a.user_id = y.user_id AND a.site = 'aoba'
            WHERE y.site = 'yuya' AND y.first_at < $1 AND a.first_at < $1`,
          [context.to],
        ),
    });
  },
});

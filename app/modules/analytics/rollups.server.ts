// The daily rollups behind the dashboard and the analytics APIs (docs/decisions/004-analytics-rollups.md).
//
// Triggers append the Japan-time days a write touched to rollup_dirty. refreshRollups() takes those marks
// and recomputes the days in one transaction; rollupRows() reads clean days from a rollup table and
// computes the still-dirty ones live from the raw tables, in one statement (one snapshot), so a reader is
// exact without waiting for the refresher. Each rollup's SQL exists once: `compute(days)` serves both.
import { Prisma } from "~/generated/prisma/client";
import { getDb, type PrismaClient, type Tx } from "~/lib/db.server";
import type { Registry } from "~/modules/plugins/registry.server";

type Sql = Prisma.Sql;
const raw = Prisma.raw;

/** How product types map to revenue sources, from the plugin registry (see ProductTypeDefinition). */
export interface RevenueMapping {
  plain: Record<string, string>;
  licensed: Record<string, string>;
}

export function revenueMapping(registry: Registry): RevenueMapping {
  const plain: Record<string, string> = {};
  const licensed: Record<string, string> = {};
  for (const [key, type] of registry.productTypes) {
    plain[key] = type.revenueSource ?? "other";
    licensed[key] = type.licensedRevenueSource ?? type.revenueSource ?? "other";
  }
  return { plain, licensed };
}

/** Rows [start, end) of a Japan-time day, for a relation `d` with a column `day`. */
const inDay = (column: string) =>
  raw(`${column} >= (d.day::timestamp AT TIME ZONE 'Asia/Tokyo') AND ${column} < ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`);

export interface RollupTable {
  table: string;
  dayColumn: string;
  columns: readonly string[];
  /** The table's rows for the days in `days` (a relation with a date column `day`), from the raw tables. */
  compute(days: Sql, mapping: RevenueMapping): Sql;
}

interface RollupKind {
  name: "content" | "leads" | "revenue" | "crossings";
  tables: readonly RollupTable[];
  /** (user_id, site, first_at, last_at) of the users active on those days, for user_site_activity. */
  activity?(days: Sql): Sql;
}

export const CONTENT_DAILY: RollupTable = {
  table: "content_daily_stats",
  dayColumn: "day",
  columns: ["day", "content_id", "site", "content_type", "views", "likes", "shares", "downloads", "comments"],
  compute: (days) => Prisma.sql`
    SELECT d.day, e.content_id, c.character_owner AS site, c.content_type,
           (count(*) FILTER (WHERE e.event_type = 'view'))::int AS views,
           (count(*) FILTER (WHERE e.event_type = 'like'))::int AS likes,
           (count(*) FILTER (WHERE e.event_type = 'share'))::int AS shares,
           (count(*) FILTER (WHERE e.event_type = 'download'))::int AS downloads,
           (count(*) FILTER (WHERE e.event_type = 'comment'))::int AS comments
      FROM ${days} d
      JOIN content_analytics e ON ${inDay("e.created_at")}
      JOIN contents c ON c.id = e.content_id
     GROUP BY d.day, e.content_id, c.character_owner, c.content_type`,
};

export const CONTENT_REFERRERS: RollupTable = {
  table: "content_referrer_daily",
  dayColumn: "day",
  columns: ["day", "site", "content_type", "referrer_host", "views"],
  compute: (days) => Prisma.sql`
    SELECT d.day, c.character_owner AS site, c.content_type, referrer_host(e.referrer) AS referrer_host, count(*)::int AS views
      FROM ${days} d
      JOIN content_analytics e ON ${inDay("e.created_at")} AND e.event_type = 'view'
      JOIN contents c ON c.id = e.content_id
     GROUP BY 1, 2, 3, 4`,
};

export const LEAD_DAILY: RollupTable = {
  table: "lead_daily_stats",
  dayColumn: "day",
  columns: ["day", "site", "source", "status", "lead_type", "leads", "value"],
  compute: (days) => Prisma.sql`
    SELECT d.day, domain_site(l.source_domain) AS site, l.source, l.status, l.lead_type,
           count(*)::int AS leads, COALESCE(sum(l.estimated_value), 0)::numeric(14, 2) AS value
      FROM ${days} d
      JOIN leads l ON ${inDay("l.created_at")}
     GROUP BY 1, 2, 3, 4, 5`,
};

const PAID = Prisma.sql`('paid', 'processing', 'shipped', 'delivered')`;

/**
 * revenue_analytics: paid order lines by the product's site and revenue source, and completed projects'
 * budgets (b2b_project) by their assigned character. A customer is the ordering user (or the order, for
 * guests) or the project's company; new customers had no earlier revenue of that kind.
 */
export const REVENUE_DAILY: RollupTable = {
  table: "revenue_analytics",
  dayColumn: "date",
  columns: ["date", "character_attribution", "revenue_source", "amount", "currency", "customer_count", "new_customer_count"],
  compute: (days, mapping) => Prisma.sql`
    WITH sales AS (
      SELECT d.day, COALESCE(p.character_owner, 'shared') AS site,
             (CASE WHEN p.license_type IN ('commercial', 'extended') THEN ${JSON.stringify(mapping.licensed)}::jsonb
                   ELSE ${JSON.stringify(mapping.plain)}::jsonb END ->> p.product_type) AS source,
             i.total_price AS amount, o.currency, COALESCE(o.user_id, o.id) AS customer,
             NOT EXISTS (SELECT 1 FROM orders o2 WHERE o.user_id IS NOT NULL AND o2.user_id = o.user_id
                           AND o2.status IN ${PAID} AND o2.created_at < o.created_at) AS is_new
        FROM ${days} d
        JOIN orders o ON ${inDay("o.created_at")} AND o.status IN ${PAID}
        JOIN order_items i ON i.order_id = o.id
        LEFT JOIN products p ON p.id = i.product_id
      UNION ALL
      SELECT d.day, CASE pr.assigned_character WHEN 'yuya' THEN 'yuya' WHEN 'aoba' THEN 'aoba' ELSE 'shared' END::character_owner,
             'b2b_project', pr.budget, 'JPY', COALESCE(pr.company_id, pr.id),
             NOT EXISTS (SELECT 1 FROM projects p2 WHERE pr.company_id IS NOT NULL AND p2.company_id = pr.company_id
                           AND p2.status = 'completed' AND p2.id <> pr.id
                           AND project_revenue_day(p2.status, p2.end_date, p2.updated_at) < d.day)
        FROM ${days} d
        JOIN projects pr ON project_revenue_day(pr.status, pr.end_date, pr.updated_at) = d.day
       WHERE pr.status = 'completed' AND pr.budget IS NOT NULL
    )
    SELECT day AS date, site AS character_attribution, COALESCE(source, 'other')::revenue_source AS revenue_source,
           sum(amount)::numeric(12, 2) AS amount, currency,
           count(DISTINCT customer)::int AS customer_count, (count(DISTINCT customer) FILTER (WHERE is_new))::int AS new_customer_count
      FROM sales
     GROUP BY 1, 2, 3, 5`,
};

const KINDS: readonly RollupKind[] = [
  {
    name: "content",
    tables: [CONTENT_DAILY, CONTENT_REFERRERS],
    activity: (days) => Prisma.sql`
      SELECT e.user_id, c.character_owner AS site, min(e.created_at) AS first_at, max(e.created_at) AS last_at
        FROM ${days} d JOIN content_analytics e ON ${inDay("e.created_at")} JOIN contents c ON c.id = e.content_id
       WHERE e.user_id IS NOT NULL AND c.character_owner <> 'shared'
       GROUP BY 1, 2`,
  },
  {
    name: "leads",
    tables: [LEAD_DAILY],
    activity: (days) => Prisma.sql`
      SELECT l.user_id, domain_site(l.source_domain) AS site, min(l.created_at), max(l.created_at)
        FROM ${days} d JOIN leads l ON ${inDay("l.created_at")}
       WHERE l.user_id IS NOT NULL AND domain_site(l.source_domain) <> 'shared'
       GROUP BY 1, 2`,
  },
  {
    name: "revenue",
    tables: [REVENUE_DAILY],
    activity: (days) => Prisma.sql`
      SELECT o.user_id, p.character_owner AS site, min(o.created_at), max(o.created_at)
        FROM ${days} d JOIN orders o ON ${inDay("o.created_at")} AND o.status IN ${PAID}
        JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
       WHERE o.user_id IS NOT NULL AND p.character_owner <> 'shared'
       GROUP BY 1, 2`,
  },
  {
    name: "crossings",
    tables: [],
    // Crossing from one brand to the other means using both.
    activity: (days) => Prisma.sql`
      SELECT x.user_id, domain_site(dom) AS site, min(x.created_at), max(x.created_at)
        FROM ${days} d JOIN cross_site_activities x ON ${inDay("x.created_at")}
        CROSS JOIN LATERAL (VALUES (x.from_domain), (x.to_domain)) AS v(dom)
       WHERE x.user_id IS NOT NULL AND domain_site(dom) <> 'shared'
       GROUP BY 1, 2`,
  },
];

const isoDay = (value: Date | string) => (typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

export interface RefreshResult {
  rollup: string;
  days: number;
}

/**
 * Recomputes every day marked dirty, one rollup per transaction, under an advisory lock so two refreshers
 * never interleave. Marks committed after the refresher took its own stay for the next round.
 */
export async function refreshRollups(registry: Registry, db: PrismaClient = getDb()): Promise<RefreshResult[]> {
  const mapping = revenueMapping(registry);
  const results: RefreshResult[] = [];
  for (const kind of KINDS) {
    const days = await db.$transaction((tx) => refreshKind(tx, kind, mapping), { timeout: 15 * 60_000, maxWait: 30_000 });
    results.push({ rollup: kind.name, days });
  }
  return results;
}

async function refreshKind(tx: Tx, kind: RollupKind, mapping: RevenueMapping): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rollup:${kind.name}`}))`;
  const marked = await tx.$queryRaw<{ day: Date }[]>`
    WITH taken AS (DELETE FROM rollup_dirty WHERE rollup = ${kind.name} RETURNING day) SELECT DISTINCT day FROM taken`;
  if (marked.length === 0) return 0;
  const days = marked.map((row) => isoDay(row.day));
  const relation = Prisma.sql`(SELECT unnest(${days}::date[]) AS day)`;
  for (const table of kind.tables) {
    await tx.$executeRaw`DELETE FROM ${raw(table.table)} WHERE ${raw(table.dayColumn)} = ANY(${days}::date[])`;
    const columns = raw(table.columns.join(", "));
    const withId = table.table === "revenue_analytics";
    await tx.$executeRaw`
      INSERT INTO ${raw(table.table)} (${withId ? raw("id, ") : Prisma.empty}${columns})
      SELECT ${withId ? raw("gen_random_uuid(), ") : Prisma.empty}${columns} FROM (${table.compute(relation, mapping)}) computed`;
  }
  if (kind.activity) {
    await tx.$executeRaw`
      INSERT INTO user_site_activity (user_id, site, first_at, last_at)
      SELECT * FROM (${kind.activity(relation)}) a
      ON CONFLICT (user_id, site) DO UPDATE
        SET first_at = LEAST(user_site_activity.first_at, excluded.first_at), last_at = GREATEST(user_site_activity.last_at, excluded.last_at)`;
  }
  return days.length;
}

/**
 * A rollup table's rows for the Japan-time days [fromDay, toDay], as a relation: clean days from the table,
 * days still marked dirty computed live. Use as `FROM ${rollupRows(...)} r`.
 */
export function rollupRows(table: RollupTable, fromDay: string, toDay: string, mapping: RevenueMapping): Sql {
  const kind = KINDS.find((k) => k.tables.includes(table))!;
  const columns = raw(table.columns.join(", "));
  const day = raw(table.dayColumn);
  return Prisma.sql`(
    WITH dirty AS (SELECT DISTINCT day FROM rollup_dirty WHERE rollup = ${kind.name} AND day BETWEEN ${fromDay}::date AND ${toDay}::date)
    SELECT ${columns} FROM ${raw(table.table)}
     WHERE ${day} BETWEEN ${fromDay}::date AND ${toDay}::date AND ${day} NOT IN (SELECT day FROM dirty)
    UNION ALL
    SELECT ${columns} FROM (${table.compute(Prisma.sql`dirty`, mapping)}) live
  )`;
}

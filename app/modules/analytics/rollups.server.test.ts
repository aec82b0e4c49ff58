// The rollups against the demo data and the raw tables: readers give the same answer before and after a
// refresh, writes (inserts, status changes, deletions, a content moved to another site) reach them at once,
// a refresh never doubles, and revenue and the shared user base match what the raw tables say.
import { beforeAll, describe, expect, it } from "vitest";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { periodRange } from "~/modules/kpi/periods";
import { plugins } from "../../../plugins/index.ts";
import { seed } from "../../../prisma/seed.ts";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { contentAnalytics, leadAnalytics } from "./analytics.server";
import { refreshRollups } from "./rollups.server";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url;
const registry = buildRegistry(plugins);
const jstDay = (d: Date) => periodRange("daily", d).date;

beforeAll(async () => {
  await seed(url);
});

const dirty = async () => Number((await sql<{ n: string }>("SELECT count(*) AS n FROM rollup_dirty")).rows[0]!.n);
const wide = { period: "yearly", from: "2020-01-01", to: "2030-12-31" } as const;

describe("rollups", () => {
  it("answer the same before a refresh (computed live) and after it (read from the rollups), matching the raw tables", async () => {
    expect(await dirty()).toBeGreaterThan(0);
    const leadsLive = await leadAnalytics(wide, registry);
    const contentLive = await contentAnalytics(wide, registry);

    const refreshed = await refreshRollups(registry);
    expect(refreshed.find((r) => r.rollup === "content")!.days).toBeGreaterThanOrEqual(90);
    expect(await dirty()).toBe(0);
    expect(await leadAnalytics(wide, registry)).toEqual(leadsLive);
    expect(await contentAnalytics(wide, registry)).toEqual(contentLive);

    const leads = await db.lead.findMany({ select: { status: true, source: true } });
    expect(leadsLive.totalLeads).toBe(leads.length);
    expect(leadsLive.leadsByStatus.won).toBe(leads.filter((l) => l.status === "won").length);
    expect(leadsLive.leadsBySource.yuya_site).toBe(leads.filter((l) => l.source === "yuya_site").length);
    expect(contentLive.totalViews).toBe(await db.contentAnalytics.count({ where: { eventType: "view" } }));
    const top = contentLive.popularContent[0]!;
    expect(top.views).toBe(await db.contentAnalytics.count({ where: { eventType: "view", contentId: top.id } }));
    expect(top.engagement).toBe(
      await db.contentAnalytics.count({ where: { eventType: { in: ["like", "share", "download", "comment"] }, contentId: top.id } }),
    );
    expect(contentLive.trafficSources["google.com"]).toBe(
      await db.contentAnalytics.count({ where: { eventType: "view", referrer: "https://www.google.com/" } }),
    );
    expect(contentLive.trafficSources.direct).toBe(await db.contentAnalytics.count({ where: { eventType: "view", referrer: null } }));

    // A second refresh with nothing marked changes nothing; rows are never doubled.
    const rows = (await sql<{ n: string }>("SELECT count(*) AS n FROM content_daily_stats")).rows[0]!.n;
    await sql("INSERT INTO rollup_dirty (rollup, day) SELECT 'content', day FROM content_daily_stats LIMIT 5");
    await refreshRollups(registry);
    expect((await sql<{ n: string }>("SELECT count(*) AS n FROM content_daily_stats")).rows[0]!.n).toBe(rows);
    expect(await contentAnalytics(wide, registry)).toEqual(contentLive);
  });

  it("see a status change, a new event, a deletion and a content moved to another site before the next refresh", async () => {
    await refreshRollups(registry);
    const lead = await db.lead.findFirstOrThrow({ where: { status: "new" } });
    const before = await leadAnalytics(wide, registry);
    await db.lead.update({ where: { id: lead.id }, data: { status: "won" } });
    const after = await leadAnalytics(wide, registry);
    expect(after.leadsByStatus.won).toBe(before.leadsByStatus.won! + 1);
    expect(after.leadsByStatus.new).toBe(before.leadsByStatus.new! - 1);

    const content = await db.content.findFirstOrThrow({ where: { characterOwner: "yuya", status: "published" } });
    const yuyaBefore = await contentAnalytics({ ...wide, character: "yuya" }, registry);
    await db.contentAnalytics.create({ data: { contentId: content.id, eventType: "view", referrer: "https://aoba-nekosora.com/music" } });
    const yuyaAfter = await contentAnalytics({ ...wide, character: "yuya" }, registry);
    expect(yuyaAfter.totalViews).toBe(yuyaBefore.totalViews + 1);
    expect(yuyaAfter.trafficSources["aoba-nekosora.com"]).toBe((yuyaBefore.trafficSources["aoba-nekosora.com"] ?? 0) + 1);

    const deleted = await db.contentAnalytics.deleteMany({ where: { contentId: content.id, eventType: "view" } });
    expect(deleted.count).toBeGreaterThan(0);
    expect((await contentAnalytics({ ...wide, character: "yuya" }, registry)).totalViews).toBe(yuyaAfter.totalViews - deleted.count);

    await refreshRollups(registry);
    const moved = await db.content.findFirstOrThrow({ where: { characterOwner: "aoba", status: "published", viewCount: { gt: 0 } } });
    const aobaBefore = await contentAnalytics({ ...wide, character: "aoba" }, registry);
    const views = await db.contentAnalytics.count({ where: { contentId: moved.id, eventType: "view" } });
    await db.content.update({ where: { id: moved.id }, data: { viewCount: { increment: 1 } } });
    expect(await dirty()).toBe(0); // a counter update marks nothing
    await db.content.update({ where: { id: moved.id }, data: { characterOwner: "shared" } });
    expect(await dirty()).toBeGreaterThan(0);
    expect((await contentAnalytics({ ...wide, character: "aoba" }, registry)).totalViews).toBe(aobaBefore.totalViews - views);
    await refreshRollups(registry);
    expect((await contentAnalytics({ ...wide, character: "aoba" }, registry)).totalViews).toBe(aobaBefore.totalViews - views);
  });

  it("fill revenue_analytics from paid order lines and completed projects, by site and source", async () => {
    await refreshRollups(registry);
    const paid = await db.orderItem.findMany({
      where: { order: { status: { in: ["paid", "processing", "shipped", "delivered"] } } },
      include: { product: true, order: true },
    });
    const projects = await db.project.findMany({ where: { status: "completed", budget: { not: null } } });
    const expected = paid.reduce((s, i) => s + Number(i.totalPrice), 0) + projects.reduce((s, p) => s + Number(p.budget), 0);
    const { rows } = await sql<{ site: string; source: string; amount: string }>(
      "SELECT character_attribution AS site, revenue_source AS source, sum(amount)::text AS amount FROM revenue_analytics GROUP BY 1, 2",
    );
    expect(rows.reduce((s, r) => s + Number(r.amount), 0)).toBeCloseTo(expected, 2);
    const licensing = paid
      .filter((i) => i.product?.productType === "music_stem" && i.product.licenseType === "commercial")
      .reduce((s, i) => s + Number(i.totalPrice), 0);
    expect(Number(rows.find((r) => r.site === "aoba" && r.source === "licensing")?.amount ?? 0)).toBeCloseTo(licensing, 2);
    const subscriptions = paid
      .filter((i) => i.product?.productType === "subscription" && i.product.characterOwner === "yuya")
      .reduce((s, i) => s + Number(i.totalPrice), 0);
    expect(Number(rows.find((r) => r.site === "yuya" && r.source === "subscriptions")?.amount ?? 0)).toBeCloseTo(subscriptions, 2);

    // Refunding an order takes its lines out on the next refresh, and only those.
    const order = paid[0]!.order;
    const lines = paid.filter((i) => i.orderId === order.id).reduce((s, i) => s + Number(i.totalPrice), 0);
    await db.order.update({ where: { id: order.id }, data: { status: "refunded" } });
    await refreshRollups(registry);
    const total = (await sql<{ n: string }>("SELECT sum(amount)::text AS n FROM revenue_analytics")).rows[0]!.n;
    expect(Number(total)).toBeCloseTo(expected - lines, 2);
    const day = (
      await sql<{ n: number }>("SELECT sum(customer_count)::int AS n FROM revenue_analytics WHERE date = $1", [jstDay(order.createdAt)])
    ).rows[0]!.n;
    expect(day ?? 0).toBeGreaterThanOrEqual(0);
  });

  it("keep where each user has been active, for the shared user base", async () => {
    await refreshRollups(registry);
    const both = await sql<{ user_id: string }>(`
      SELECT user_id FROM (
        SELECT e.user_id, c.character_owner::text AS site FROM content_analytics e JOIN contents c ON c.id = e.content_id WHERE e.user_id IS NOT NULL
        UNION SELECT user_id, domain_site(source_domain)::text FROM leads WHERE user_id IS NOT NULL
        UNION SELECT o.user_id, p.character_owner::text FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
               WHERE o.user_id IS NOT NULL AND o.status IN ('paid', 'processing', 'shipped', 'delivered')
        UNION SELECT user_id, domain_site(from_domain)::text FROM cross_site_activities WHERE user_id IS NOT NULL
        UNION SELECT user_id, domain_site(to_domain)::text FROM cross_site_activities WHERE user_id IS NOT NULL
      ) a WHERE site IN ('yuya', 'aoba') GROUP BY user_id HAVING count(DISTINCT site) = 2`);
    const { rows } = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM user_site_activity y JOIN user_site_activity a ON a.user_id = y.user_id AND a.site = 'aoba' WHERE y.site = 'yuya'",
    );
    expect(both.rows.length).toBeGreaterThan(0);
    expect(rows[0]!.n).toBe(both.rows.length);
  });
});

// The demo data set: what a first look at the product needs, written once however often seed runs.
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../tests/support/database.ts";
import { DEMO_ACCOUNTS, seed, seedIfEmpty } from "./seed.ts";

const { url, db, sql } = await createTestDatabase();

async function counts() {
  const { rows } = await sql<{ t: string; n: string }>(
    `SELECT 'users' t, count(*) n FROM users UNION ALL SELECT 'leads', count(*) FROM leads UNION ALL SELECT 'inquiries', count(*) FROM inquiries
     UNION ALL SELECT 'projects', count(*) FROM projects UNION ALL SELECT 'orders', count(*) FROM orders UNION ALL SELECT 'events', count(*) FROM content_analytics`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

describe("seed", () => {
  it("fills an empty database once, and a second run adds nothing", async () => {
    expect(await seedIfEmpty(url)).toBe(true);
    const first = await counts();
    expect(await seedIfEmpty(url)).toBe(false);
    await seed(url);
    expect(await counts()).toEqual(first);
  });

  it("creates one demo account per role", async () => {
    const users = await db.user.findMany({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } }, include: { profile: true } });
    expect(Object.fromEntries(users.map((u) => [u.email, u.role]))).toEqual({
      "admin@example.com": "ADMIN",
      "manager@example.com": "MANAGER",
      "support@example.com": "SUPPORT",
      "user@example.com": "USER",
    });
    expect(users.every((u) => u.profile)).toBe(true);
  });

  it("has leads in every status and priority, on both sites, with Japanese and English names", async () => {
    const { rows } = await sql<{ status: string; priority: string }>(`SELECT DISTINCT status, priority FROM leads`);
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"]),
    );
    expect(new Set(rows.map((r) => r.priority))).toEqual(new Set(["low", "medium", "high", "urgent"]));
    const sites = await sql<{ source_domain: string }>(`SELECT DISTINCT source_domain FROM leads`);
    expect(sites.rows.map((r) => r.source_domain).sort()).toEqual(["aoba-nekosora.com", "yuya-kabuki.com"]);
    const names = (await sql<{ name: string }>(`SELECT name FROM leads`)).rows.map((r) => r.name);
    expect(names.some((n) => /[\u3040-\u30ff\u4e00-\u9faf]/.test(n))).toBe(true);
    expect(names.some((n) => /^[A-Za-z .'-]+$/.test(n))).toBe(true);
    expect((await sql(`SELECT 1 FROM leads l WHERE NOT EXISTS (SELECT 1 FROM inquiries i WHERE i.lead_id = l.id)`)).rowCount).toBe(0);
  });

  it("has companies with contacts, projects with deliverables and activity, categorised content, products and orders", async () => {
    expect(await db.companyContact.count()).toBeGreaterThan(0);
    const projects = await db.project.findMany({ include: { deliverables: true, activities: true } });
    expect(projects.length).toBeGreaterThan(0);
    expect(projects.every((p) => p.deliverables.length > 0 && p.activities.length > 0)).toBe(true);
    const uncategorised = await sql(
      `SELECT 1 FROM contents c WHERE NOT EXISTS (SELECT 1 FROM content_category_relations r WHERE r.content_id = c.id)`,
    );
    expect(uncategorised.rowCount).toBe(0);
    expect(await db.contentCategory.count({ where: { parentId: { not: null } } })).toBeGreaterThan(0);
    const owners = await sql<{ character_owner: string }>(`SELECT DISTINCT character_owner FROM products`);
    expect(owners.rows.map((r) => r.character_owner).sort()).toEqual(["aoba", "shared", "yuya"]);
    const badTotals = await sql(
      `SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id, o.total_amount HAVING sum(i.total_price) <> o.total_amount`,
    );
    expect(badTotals.rowCount).toBe(0);
  });

  it("spreads analytics over the last 90 days, and the content counters agree with them", async () => {
    const { rows } = await sql<{ days: number }>(`SELECT (max(created_at)::date - min(created_at)::date) AS days FROM content_analytics`);
    expect(rows[0]!.days).toBeGreaterThanOrEqual(85);
    const mismatched = await sql(
      `SELECT c.id FROM contents c LEFT JOIN content_analytics a ON a.content_id = c.id AND a.event_type = 'view'
       GROUP BY c.id, c.view_count HAVING count(a.id) <> c.view_count`,
    );
    expect(mismatched.rowCount).toBe(0);
  });

  it("writes UUID v7 ids", async () => {
    const { rows } = await sql<{ id: string }>(`SELECT id::text FROM leads LIMIT 5`);
    for (const row of rows) expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

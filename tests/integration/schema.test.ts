// The migrated database itself: every table of the spec, and the constraints PostgreSQL must enforce
// (checked with raw SQL, so it is the database that refuses, not our code).
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";

const { sql } = await createTestDatabase();

const TABLES = [
  "users",
  "accounts",
  "sessions",
  "user_profiles",
  "leads",
  "inquiries",
  "companies",
  "company_contacts",
  "projects",
  "project_deliverables",
  "project_activities",
  "contents",
  "content_categories",
  "content_category_relations",
  "content_analytics",
  "products",
  "orders",
  "order_items",
  "kpi_metrics",
  "revenue_analytics",
  "audit_logs",
  "cross_site_activities",
  "embed_keys",
  "idempotency_keys",
  "webhook_events",
];

async function rejects(statement: string, values: unknown[] = []): Promise<string> {
  try {
    await sql(statement, values);
  } catch (error) {
    return (error as { code?: string }).code ?? "error";
  }
  throw new Error(`PostgreSQL accepted: ${statement}`);
}

const lead = (email = "a@example.com") =>
  sql<{ id: string }>(
    `INSERT INTO leads (id, email, email_hash, source, updated_at) VALUES (gen_random_uuid(), $1, md5($1), 'yuya_site', now()) RETURNING id`,
    [email],
  ).then((r) => r.rows[0]!.id);

const project = () =>
  sql<{ id: string }>(`INSERT INTO projects (id, name, updated_at) VALUES (gen_random_uuid(), 'P', now()) RETURNING id`).then(
    (r) => r.rows[0]!.id,
  );

describe("tables", () => {
  it("has every table of the spec and of DESIGN.md, and the migration is recorded", async () => {
    const { rows } = await sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    const names = rows.map((r) => r.table_name);
    for (const table of TABLES) expect(names).toContain(table);
    const migrations = await sql(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    expect(migrations.rowCount).toBeGreaterThan(0);
  });

  it("stores money as numeric, never float", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('estimated_value','budget','actual_cost','price','total_amount','unit_price','total_price','amount','total_spent','metric_value')`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) expect(`${row.table_name}.${row.column_name}:${row.data_type}`).toMatch(/:numeric$/);
  });

  it("uses uuid primary keys", async () => {
    const { rows } = await sql<{ data_type: string }>(
      `SELECT data_type FROM information_schema.columns WHERE table_schema='public' AND table_name='leads' AND column_name='id'`,
    );
    expect(rows[0]?.data_type).toBe("uuid");
  });
});

describe("constraints PostgreSQL enforces", () => {
  it("rejects an inquiry satisfaction rating outside 1–5", async () => {
    await sql(
      `INSERT INTO inquiries (id, subject, message, satisfaction_rating, updated_at) VALUES (gen_random_uuid(), 's', 'm', 5, now())`,
    );
    expect(
      await rejects(
        `INSERT INTO inquiries (id, subject, message, satisfaction_rating, updated_at) VALUES (gen_random_uuid(), 's', 'm', 6, now())`,
      ),
    ).toBe("23514");
    expect(
      await rejects(
        `INSERT INTO inquiries (id, subject, message, satisfaction_rating, updated_at) VALUES (gen_random_uuid(), 's', 'm', 0, now())`,
      ),
    ).toBe("23514");
  });

  it("rejects a project client satisfaction outside 1–5 and an end before the start", async () => {
    expect(
      await rejects(`INSERT INTO projects (id, name, client_satisfaction, updated_at) VALUES (gen_random_uuid(), 'P', 6, now())`),
    ).toBe("23514");
    expect(
      await rejects(
        `INSERT INTO projects (id, name, start_date, end_date, updated_at) VALUES (gen_random_uuid(), 'P', '2026-05-01', '2026-04-01', now())`,
      ),
    ).toBe("23514");
  });

  it("rejects negative money and a zero quantity", async () => {
    expect(
      await rejects(
        `INSERT INTO products (id, name, character_owner, product_type, price, updated_at) VALUES (gen_random_uuid(), 'x', 'aoba', 'music_stem', -1, now())`,
      ),
    ).toBe("23514");
    expect(await rejects(`INSERT INTO projects (id, name, budget, updated_at) VALUES (gen_random_uuid(), 'P', -5, now())`)).toBe("23514");
  });

  it("requires the spec's NOT NULL columns", async () => {
    expect(await rejects(`INSERT INTO leads (id, email_hash, source, updated_at) VALUES (gen_random_uuid(), 'h', 'direct', now())`)).toBe(
      "23502",
    );
    expect(
      await rejects(`INSERT INTO contents (id, title, character_owner, updated_at) VALUES (gen_random_uuid(), 't', 'yuya', now())`),
    ).toBe("23502");
  });

  it("rejects values outside the fixed vocabularies", async () => {
    expect(
      await rejects(
        `INSERT INTO leads (id, email, email_hash, source, status, updated_at) VALUES (gen_random_uuid(), 'e', 'h', 'direct', 'maybe', now())`,
      ),
    ).toBe("22P02");
  });

  it("applies the spec's defaults", async () => {
    const id = await lead("defaults@example.com");
    const { rows } = await sql(`SELECT status, priority, gdpr_consent, created_at FROM leads WHERE id = $1`, [id]);
    expect(rows[0]).toMatchObject({ status: "new", priority: "medium", gdpr_consent: false });
    expect(rows[0]?.created_at).toBeInstanceOf(Date);
  });

  it("keeps slugs and order numbers unique", async () => {
    await sql(
      `INSERT INTO contents (id, title, slug, character_owner, updated_at) VALUES (gen_random_uuid(), 't', 'same-slug', 'yuya', now())`,
    );
    expect(
      await rejects(
        `INSERT INTO contents (id, title, slug, character_owner, updated_at) VALUES (gen_random_uuid(), 't', 'same-slug', 'aoba', now())`,
      ),
    ).toBe("23505");
  });

  it("cascades deliverables and activities with their project, contacts with their company", async () => {
    const projectId = await project();
    await sql(`INSERT INTO project_deliverables (id, project_id, name) VALUES (gen_random_uuid(), $1, 'D')`, [projectId]);
    await sql(
      `INSERT INTO project_activities (id, project_id, activity_type, description) VALUES (gen_random_uuid(), $1, 'comment', 'hi')`,
      [projectId],
    );
    await sql(`DELETE FROM projects WHERE id = $1`, [projectId]);
    const left = await sql(
      `SELECT 1 FROM project_deliverables WHERE project_id = $1 UNION ALL SELECT 1 FROM project_activities WHERE project_id = $1`,
      [projectId],
    );
    expect(left.rowCount).toBe(0);

    const leadId = await lead("contact@example.com");
    const { rows } = await sql<{ id: string }>(
      `INSERT INTO companies (id, name, updated_at) VALUES (gen_random_uuid(), 'C', now()) RETURNING id`,
    );
    const companyId = rows[0]!.id;
    await sql(`INSERT INTO company_contacts (id, company_id, lead_id, role) VALUES (gen_random_uuid(), $1, $2, 'primary')`, [
      companyId,
      leadId,
    ]);
    expect(
      await rejects(`INSERT INTO company_contacts (id, company_id, lead_id, role) VALUES (gen_random_uuid(), $1, $2, 'technical')`, [
        companyId,
        leadId,
      ]),
    ).toBe("23505");
    await sql(`DELETE FROM companies WHERE id = $1`, [companyId]);
    expect((await sql(`SELECT 1 FROM company_contacts WHERE company_id = $1`, [companyId])).rowCount).toBe(0);
  });

  it("refuses a category that is its own parent", async () => {
    const { rows } = await sql<{ id: string }>(
      `INSERT INTO content_categories (id, name, slug, character_scope) VALUES (gen_random_uuid(), 'c', 'cat-self', 'shared') RETURNING id`,
    );
    expect(await rejects(`UPDATE content_categories SET parent_id = id WHERE id = $1`, [rows[0]!.id])).toBe("23514");
  });

  it("has the indexes the lead list and the analytics read by", async () => {
    const { rows } = await sql<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`);
    const defs = rows.map((r) => r.indexdef).join("\n");
    expect(defs).toMatch(/ON public\.leads USING btree \(status, created_at DESC\)/);
    expect(defs).toMatch(/ON public\.leads USING btree \(assigned_to, created_at DESC\)/);
    expect(defs).toMatch(/ON public\.content_analytics USING btree \(content_id, created_at\)/);
    expect(defs).toMatch(/ON public\.orders USING btree \(user_id, created_at DESC\)/);
    expect(defs).toMatch(/ON public\.audit_logs USING btree \(resource, resource_id, created_at DESC\)/);
  });
});

describe("audit log", () => {
  it("is append-only: updates and deletes are refused, except by the retention job", async () => {
    const { rows } = await sql<{ id: string }>(
      `INSERT INTO audit_logs (id, action, resource, status) VALUES (gen_random_uuid(), 'PUT', 'leads', 'success') RETURNING id`,
    );
    const id = rows[0]!.id;
    expect(await rejects(`UPDATE audit_logs SET action = 'GET' WHERE id = $1`, [id])).toBe("42501");
    expect(await rejects(`DELETE FROM audit_logs WHERE id = $1`, [id])).toBe("42501");
    const deleted = await sql(`BEGIN; SET LOCAL kizuna.audit_retention = 'on'; DELETE FROM audit_logs WHERE id = '${id}'; COMMIT;`);
    expect([deleted].flat().at(-2)?.rowCount).toBe(1);
  });
});

// Companies in the admin against the real server and the demo data: list filters, create with validation,
// the company page (people, projects, pipeline value), edit and delete (audited, projects kept).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
let visitors = new Map<string, Visitor>();

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  visitors = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com"]);
});
afterAll(async () => {
  await server?.stop();
});

const admin = () => visitors.get("admin")!;
const ids = (html: string) => [...html.matchAll(/data-company="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const valid = {
  intent: "create",
  name: "株式会社テスト商事",
  domain: "Test-Shoji.co.jp",
  industry: "商社",
  sizeCategory: "medium",
  country: "Japan",
  websiteUrl: "https://test-shoji.co.jp",
};

describe("companies", () => {
  it("lists and filters by search, industry, size and country", async () => {
    const all = await admin().get("admin", "/admin/companies");
    expect(all.status).toBe(200);
    expect(ids(all.body)).toHaveLength(await db.company.count());
    const one = await db.company.findFirstOrThrow({ where: { industry: { not: null } } });
    const byIndustry = await admin().get("admin", `/admin/companies?industry=${encodeURIComponent(one.industry!)}`);
    expect(ids(byIndustry.body).sort()).toEqual((await db.company.findMany({ where: { industry: one.industry } })).map((c) => c.id).sort());
    const bySearch = await admin().get("admin", `/admin/companies?q=${encodeURIComponent(one.name.slice(0, 4))}`);
    expect(ids(bySearch.body)).toContain(one.id);
  });

  it("refuses a filter value that does not parse with 400 naming the field, and takes a blank one as no filter", async () => {
    const sizeFilter = await admin().get("admin", "/admin/companies?size=huge");
    expect(sizeFilter.body).toMatch(/<select name="size" aria-invalid="true"/);
    for (const [query, field] of [
      ["size=huge", "size"],
      ["page=0", "page"],
      ["page=abc", "page"],
    ] as const) {
      const res = await admin().get("admin", `/admin/companies?${query}`, { "accept-language": "en" });
      expect(res.status, query).toBe(400);
      // The alert names the field, and the page (the filters, the list) is still there to correct it.
      expect(res.body).toMatch(new RegExp(`role="alert"[^>]*><p>${field}<!-- -->:`));
      expect(res.body).toContain('role="search"');
    }
    const blank = await admin().get("admin", "/admin/companies?size=&industry=&q=&page=");
    expect(blank.status).toBe(200);
    expect(ids(blank.body)).toHaveLength(Math.min(await db.company.count(), 50));
  });

  it("takes a % or _ in the industry and country filters literally, still ignoring case", async () => {
    // Prisma turns `equals` with `mode: "insensitive"` into an unescaped ILIKE (prisma/prisma#10810).
    const literal = await db.company.create({ data: { name: "Wildcard Literal", industry: "Tech_Ops", country: "Zone 50%" } });
    const lookalike = await db.company.create({ data: { name: "Wildcard Lookalike", industry: "TechXOps", country: "Zone 50 North" } });
    try {
      const found = async (filter: string) => {
        const res = await admin().get("admin", `/admin/companies?${filter}`);
        expect(res.status).toBe(200);
        return ids(res.body).sort();
      };
      const filters = ["industry=Tech_Ops", "industry=tech_ops", "country=Zone%2050%25", "country=zone%2050%25"];
      const results = Object.fromEntries(await Promise.all(filters.map(async (f) => [f, await found(f)] as const)));
      expect(results).toEqual(Object.fromEntries(filters.map((f) => [f, [literal.id]])));
      expect(await found("industry=TechXOps")).toEqual([lookalike.id]);
    } finally {
      await db.company.deleteMany({ where: { id: { in: [literal.id, lookalike.id] } } });
    }
  });

  it("creates a company with a normalised domain, or names the bad fields", async () => {
    const res = await admin().post("admin", "/admin/companies", valid);
    expect(res.status).toBe(302);
    const company = await db.company.findFirstOrThrow({ where: { name: valid.name } });
    expect(company).toMatchObject({ domain: "test-shoji.co.jp", sizeCategory: "medium" });
    expect(res.headers.location).toBe(`/admin/companies/${company.id}`);
    expect(await db.auditLog.count({ where: { resource: "companies", resourceId: company.id, action: "POST" } })).toBe(1);

    const before = await db.company.count();
    const bad = await admin().post(
      "admin",
      "/admin/companies",
      { ...valid, name: "", domain: "not a domain", websiteUrl: "javascript:alert(1)", sizeCategory: "huge" },
      { "accept-language": "en" },
    );
    expect(bad.status).toBe(400);
    for (const text of ["This field is required", "Enter a domain", "Enter a URL", "Choose a company size"])
      expect(bad.body).toContain(text);
    expect(await db.company.count()).toBe(before);
  });

  it("shows people, projects and the pipeline value", async () => {
    const company = await db.company.findFirstOrThrow({
      where: { contacts: { some: {} } },
      include: { contacts: { include: { lead: true } }, projects: true },
    });
    const res = await admin().get("admin", `/admin/companies/${company.id}`);
    expect(res.status).toBe(200);
    for (const contact of company.contacts) expect(res.body).toContain(`data-contact="${contact.leadId}"`);
    const open = ["new", "contacted", "qualified", "proposal", "negotiation"];
    const expected =
      company.contacts.filter((c) => open.includes(c.lead.status)).reduce((sum, c) => sum + Number(c.lead.estimatedValue ?? 0), 0) +
      company.projects
        .filter((p) => ["planning", "active", "on_hold"].includes(p.status))
        .reduce((sum, p) => sum + Number(p.budget ?? 0), 0);
    expect(Number(/data-pipeline="([\d.]+)"/.exec(res.body)![1])).toBe(expected);
  });

  it("edits and deletes; projects stay without the company", async () => {
    const company = await db.company.findFirstOrThrow({ where: { projects: { some: {} } }, include: { projects: true } });
    const edit = await admin().post("admin", `/admin/companies/${company.id}`, {
      ...valid,
      intent: "update",
      name: "改名 株式会社",
      domain: "",
    });
    expect(edit.status).toBe(200);
    expect(await db.company.findUniqueOrThrow({ where: { id: company.id } })).toMatchObject({ name: "改名 株式会社", domain: null });
    expect((await admin().post("admin", `/admin/companies/${company.id}`, { ...valid, intent: "update", name: "" })).status).toBe(400);

    const del = await admin().post("admin", `/admin/companies/${company.id}`, { intent: "delete" });
    expect(del.status).toBe(302);
    expect(await db.company.count({ where: { id: company.id } })).toBe(0);
    expect(await db.project.count({ where: { id: { in: company.projects.map((p) => p.id) }, companyId: null } })).toBe(
      company.projects.length,
    );
    expect(await db.auditLog.count({ where: { resource: "companies", resourceId: company.id, action: "DELETE" } })).toBe(1);
    expect((await admin().get("admin", `/admin/companies/${company.id}`)).status).toBe(404);
  });

  it("is for admins (the permission table gives managers no companies)", async () => {
    expect((await visitors.get("manager")!.get("admin", "/admin/companies")).status).toBe(403);
    expect((await visitors.get("manager")!.post("admin", "/admin/companies", valid)).status).toBe(403);
  });
});

// The admin's lead screens against the real server with the demo data: the list (filters in the URL, saved
// views, masking by role) and the lead page (status, edits, notes, company link, timeline, audit).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import { type Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
const { url, db } = await createTestDatabase({ seeded: true });
let visitors = new Map<string, Visitor>();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  visitors = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com", "support@example.com"]);
});
afterAll(async () => {
  await server?.stop();
});

const as = (who: string) => visitors.get(who)!;
const leadIds = (html: string) => [...html.matchAll(/data-lead="([0-9a-f-]{36})"/g)].map((m) => m[1]!);

describe("lead list", () => {
  it("filters by the URL, and masks personal data for a manager", async () => {
    const res = await as("manager").get("admin", "/admin/leads?status=won&character=aoba");
    expect(res.status).toBe(200);
    const ids = leadIds(res.body);
    expect(ids.length).toBeGreaterThan(0);
    const expected = await db.lead.findMany({ where: { status: "won", sourceDomain: "aoba-nekosora.com" }, select: { id: true } });
    expect(new Set(ids)).toEqual(new Set(expected.map((l) => l.id)));
    expect(res.body).toMatch(/\w\w\*\*\*@/);
    expect(res.body).not.toMatch(/lead\d+@company/);

    const admin = await as("admin").get("admin", "/admin/leads?status=won&character=aoba");
    expect(admin.body).toMatch(/@/);
    expect(admin.body).not.toContain("***@");
  });

  it("pages and sorts", async () => {
    const total = await db.lead.count();
    const first = await as("admin").get("admin", "/admin/leads?sort=oldest");
    const oldest = await db.lead.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
    expect(leadIds(first.body)[0]).toBe(oldest.id);
    expect(leadIds(first.body)).toHaveLength(Math.min(50, total));
    const second = await as("admin").get("admin", "/admin/leads?sort=oldest&page=2");
    expect(leadIds(second.body)).toHaveLength(Math.max(0, total - 50));
  });

  it("answers bad filters with 400 naming the field", async () => {
    const res = await as("admin").get("admin", "/admin/leads?status=sleeping", { "accept-language": "en" });
    expect(res.status).toBe(400);
    expect(res.body).toContain(">Status");
  });

  it("saves a view of the current filters, lists it, and deletes it", async () => {
    const saved = await as("manager").post("admin", "/admin/leads?status=new&character=yuya&page=3", { name: "New on Yuya" });
    expect(saved.status).toBe(302);
    const manager = await db.user.findUniqueOrThrow({ where: { email: "manager@example.com" } });
    const view = await db.savedView.findFirstOrThrow({ where: { userId: manager.id, scope: "leads" } });
    expect(view).toMatchObject({ name: "New on Yuya", query: "status=new&character=yuya" });
    expect((await as("manager").get("admin", "/admin/leads")).body).toContain('data-view="New on Yuya"');
    expect((await as("admin").get("admin", "/admin/leads")).body).not.toContain('data-view="New on Yuya"'); // views are personal

    expect((await as("manager").post("admin", "/admin/leads", { name: " " })).status).toBe(400);
    await as("manager").post("admin", "/admin/leads", { intent: "delete-view", id: view.id });
    expect(await db.savedView.count({ where: { id: view.id } })).toBe(0);
  });

  it("is closed to support", async () => {
    expect((await as("support").get("admin", "/admin/leads")).status).toBe(403);
  });
});

describe("lead page", () => {
  const newLead = () =>
    db.lead.findFirstOrThrow({ where: { status: "new", sourceDomain: "yuya-kabuki.com" }, orderBy: { createdAt: "desc" } });

  it("shows the lead, its inquiries and its timeline", async () => {
    const lead = await db.lead.findFirstOrThrow({ where: { status: "proposal" } });
    const res = await as("admin").get("admin", `/admin/leads/${lead.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain(lead.email);
    expect(res.body).toContain('data-activity="status_change"');
    expect(res.body).toContain('data-activity="created"');
    const masked = await as("manager").get("admin", `/admin/leads/${lead.id}`);
    expect(masked.body).not.toContain(lead.email);
  });

  it("moves the lead and assigns it; the step lands on the timeline and in the audit log", async () => {
    const lead = await newLead();
    const manager = await db.user.findUniqueOrThrow({ where: { email: "manager@example.com" } });
    const res = await as("manager").post("admin", `/admin/leads/${lead.id}`, {
      intent: "status",
      status: "contacted",
      assignedTo: manager.id,
      notes: "電話で挨拶済み",
      version: String(lead.updatedAt.getTime()),
    });
    expect(res.status).toBe(200);
    expect(await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ status: "contacted", assignedTo: manager.id });
    const steps = await db.leadActivity.findMany({ where: { leadId: lead.id, activityType: "status_change" } });
    expect(steps.map((a) => a.description)).toContain("電話で挨拶済み");
    expect(await db.auditLog.count({ where: { resourceId: lead.id, action: "PUT", userId: manager.id } })).toBe(1);

    // The same form again, from a page loaded before that change: refused, nothing changed.
    const stale = await as("admin").post("admin", `/admin/leads/${lead.id}`, {
      intent: "status",
      status: "lost",
      assignedTo: "",
      version: String(lead.updatedAt.getTime()),
    });
    expect(stale.status).toBe(412);
    expect((await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("contacted");
  });

  it("edits fields with validation; personal fields are for admins only", async () => {
    const lead = await newLead();
    const base = {
      intent: "edit",
      name: "新しい 名前",
      company: "株式会社テスト",
      leadType: "b2b_consultation",
      priority: "urgent",
      estimatedValue: "1200000",
      expectedCloseDate: "2027-01-31",
    };
    expect((await as("manager").post("admin", `/admin/leads/${lead.id}`, base)).status).toBe(200);
    const edited = await db.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(edited).toMatchObject({ name: "新しい 名前", priority: "urgent" });
    expect(edited.estimatedValue?.toString()).toBe("1200000");
    expect(await db.leadActivity.count({ where: { leadId: lead.id, activityType: "update" } })).toBe(1);

    const personal = await as("manager").post("admin", `/admin/leads/${lead.id}`, { ...base, phone: "03-0000-0000" });
    expect(personal.status).toBe(403);
    const bad = await as("admin").post("admin", `/admin/leads/${lead.id}`, {
      ...base,
      estimatedValue: "-5",
      expectedCloseDate: "soon",
      priority: "whenever",
    });
    expect(bad.status).toBe(400);
    for (const field of ["errors.money", "errors.date"])
      expect(bad.body).toContain(field.split(".")[1] === "money" ? "150000" : "YYYY-MM-DD");
    expect((await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).priority).toBe("urgent");

    expect((await as("admin").post("admin", `/admin/leads/${lead.id}`, { ...base, phone: "03-1111-2222", notes: "VIP" })).status).toBe(200);
    expect(await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ phone: "03-1111-2222", notes: "VIP" });
  });

  it("adds notes and links a company", async () => {
    const lead = await newLead();
    expect((await as("manager").post("admin", `/admin/leads/${lead.id}`, { intent: "note", note: "来週フォロー" })).status).toBe(200);
    expect((await as("manager").post("admin", `/admin/leads/${lead.id}`, { intent: "note", note: "" })).status).toBe(400);
    const company = await db.company.findFirstOrThrow();
    expect(
      (await as("manager").post("admin", `/admin/leads/${lead.id}`, { intent: "company", companyId: company.id, role: "decision_maker" }))
        .status,
    ).toBe(200);
    expect(
      await db.companyContact.findUniqueOrThrow({ where: { companyId_leadId: { companyId: company.id, leadId: lead.id } } }),
    ).toMatchObject({ role: "decision_maker" });
    expect(
      (
        await as("manager").post("admin", `/admin/leads/${lead.id}`, {
          intent: "company",
          companyId: "0196b5a4-0000-7000-8000-000000000000",
          role: "primary",
        })
      ).status,
    ).toBe(404);
    const page = await as("manager").get("admin", `/admin/leads/${lead.id}`);
    expect(page.body).toContain("来週フォロー");
    expect(page.body).toContain('data-activity="company_link"');
  });

  it("unknown ids and actions are 4xx; support may not change leads", async () => {
    const lead = await newLead();
    expect((await as("admin").get("admin", "/admin/leads/0196b5a4-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await as("admin").get("admin", "/admin/leads/nope")).status).toBe(404);
    expect((await as("admin").post("admin", `/admin/leads/${lead.id}`, { intent: "explode" })).status).toBe(400);
    expect((await as("admin").post("admin", `/admin/leads/${lead.id}`, { intent: "status", status: "done" })).status).toBe(400);
    expect((await as("support").post("admin", `/admin/leads/${lead.id}`, { intent: "note", note: "x" })).status).toBe(403);
  });
});

describe("pipeline board filters", () => {
  it("refuse a value that does not parse with 400 naming the field, ignore blanks and the list's own parameters", async () => {
    for (const [query, field] of [
      ["character=nobody", "character"],
      ["assignee=someone", "assignee"],
    ] as const) {
      const res = await as("manager").get("admin", `/admin/leads/board?${query}`, { "accept-language": "en" });
      expect(res.status, query).toBe(400);
      expect(res.body).toMatch(new RegExp(`role="alert"[^>]*><p>${field}<!-- -->:`));
      // Still the board, with its site links to correct the filter.
      expect(res.body).toMatch(/href="\/admin\/leads\/board\?[^"]*character=yuya"/);
    }
    const blank = await as("manager").get("admin", "/admin/leads/board?character=&assignee=&status=won&page=2");
    expect(blank.status).toBe(200);
    expect(blank.body).toContain("data-card=");
  });
});

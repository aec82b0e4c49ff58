// Projects in the admin against the real server and the demo data: converting a lead (company, contact and
// project in one step, on both timelines), the project page (status, money, satisfaction, deliverables,
// timeline) and the list.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { EXE, multipart, PNG } from "../support/multipart.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import type { Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
let visitors = new Map<string, Visitor>();

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    UPLOAD_DIR: await mkdtemp(path.join(tmpdir(), "kizuna-uploads-")),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
  });
  visitors = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com", "support@example.com"]);
});
afterAll(async () => {
  await server?.stop();
});

const as = (who: string) => visitors.get(who)!;
const conversion = {
  intent: "convert",
  role: "decision_maker",
  projectName: "PoC 開発",
  projectType: "ai_development",
  budget: "800000",
  startDate: "2026-12-01",
  endDate: "2027-02-28",
};

describe("converting a lead", () => {
  it("links the company, adds the contact and opens the project, on both timelines", async () => {
    const lead = await db.lead.findFirstOrThrow({ where: { status: "qualified", contacts: { none: {} } } });
    const company = await db.company.findFirstOrThrow();
    const res = await as("manager").post("admin", `/admin/leads/${lead.id}`, { ...conversion, companyId: company.id });
    expect(res.status).toBe(302);
    const projectId = /\/admin\/projects\/([0-9a-f-]{36})$/.exec(res.headers.location!)![1]!;
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { activities: true, manager: true } });
    expect(project).toMatchObject({ leadId: lead.id, companyId: company.id, name: "PoC 開発", projectType: "ai_development" });
    expect(project.manager?.email).toBe("manager@example.com");
    expect(project.activities.map((a) => a.activityType)).toEqual(["created"]);
    expect(
      await db.companyContact.findUniqueOrThrow({ where: { companyId_leadId: { companyId: company.id, leadId: lead.id } } }),
    ).toMatchObject({ role: "decision_maker" });
    expect(await db.leadActivity.count({ where: { leadId: lead.id, activityType: "converted" } })).toBe(1);
    expect((await as("manager").get("admin", `/admin/projects/${projectId}`)).status).toBe(200);
  });

  it("creates a new company only for roles that may", async () => {
    const lead = await db.lead.findFirstOrThrow({ where: { status: "proposal", contacts: { none: {} } } });
    const refused = await as("manager").post("admin", `/admin/leads/${lead.id}`, {
      ...conversion,
      companyId: "",
      newCompanyName: "新設 株式会社",
    });
    expect(refused.status).toBe(403);
    expect(await db.company.count({ where: { name: "新設 株式会社" } })).toBe(0);
    const created = await as("admin").post("admin", `/admin/leads/${lead.id}`, {
      ...conversion,
      companyId: "",
      newCompanyName: "新設 株式会社",
    });
    expect(created.status).toBe(302);
    const company = await db.company.findFirstOrThrow({ where: { name: "新設 株式会社" }, include: { projects: true, contacts: true } });
    expect(company.projects).toHaveLength(1);
    expect(company.contacts.map((c) => c.leadId)).toEqual([lead.id]);
  });

  it("answers bad input naming the field, and writes nothing", async () => {
    const lead = await db.lead.findFirstOrThrow({ where: { status: "negotiation", contacts: { none: {} } } });
    const before = await db.project.count();
    const company = await db.company.findFirstOrThrow();
    for (const [change, field] of [
      [{ endDate: "2026-01-01" }, "Must not be before the start date"],
      [{ budget: "-10" }, "150000"],
      [{ companyId: "", newCompanyName: "" }, "Choose a company"],
      [{ projectName: "" }, "This field is required"],
    ] as const) {
      const res = await as("manager").post(
        "admin",
        `/admin/leads/${lead.id}`,
        { ...conversion, companyId: company.id, ...change },
        { "accept-language": "en" },
      );
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body).toContain(field);
    }
    expect(await db.project.count()).toBe(before);
  });
});

describe("project page", () => {
  const someProject = () => db.project.findFirstOrThrow({ where: { status: "active" }, include: { deliverables: true } });

  it("updates status and money (margin derived), records satisfaction when completed, audited", async () => {
    const project = await someProject();
    const base = {
      intent: "update",
      status: "active",
      budget: "1000000",
      actualCost: "700000",
      startDate: "2026-10-01",
      endDate: "2026-12-31",
    };
    expect((await as("manager").post("admin", `/admin/projects/${project.id}`, base)).status).toBe(200);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).profitMargin?.toString()).toBe("30");
    expect((await as("manager").post("admin", `/admin/projects/${project.id}`, { ...base, clientSatisfaction: "5" })).status).toBe(422);
    expect(
      (await as("manager").post("admin", `/admin/projects/${project.id}`, { ...base, status: "completed", clientSatisfaction: "6" }))
        .status,
    ).toBe(400);
    expect(
      (await as("manager").post("admin", `/admin/projects/${project.id}`, { ...base, status: "completed", clientSatisfaction: "5" }))
        .status,
    ).toBe(200);
    expect(await db.project.findUniqueOrThrow({ where: { id: project.id } })).toMatchObject({ status: "completed", clientSatisfaction: 5 });
    expect(await db.auditLog.count({ where: { resource: "projects", resourceId: project.id, action: "PUT" } })).toBeGreaterThanOrEqual(2);
    expect(await db.projectActivity.count({ where: { projectId: project.id, activityType: "updated" } })).toBeGreaterThanOrEqual(2);
    expect((await as("manager").post("admin", `/admin/projects/${project.id}`, { ...base, endDate: "2026-01-01" })).status).toBe(400);
  });

  it("adds deliverables and moves them; progress follows; another project's deliverable is refused", async () => {
    const project = await db.project.create({ data: { name: "空のプロジェクト", status: "active" } });
    await as("manager").post("admin", `/admin/projects/${project.id}`, {
      intent: "deliverable",
      name: "要件定義書",
      deliveryDate: "2026-12-10",
    });
    await as("manager").post("admin", `/admin/projects/${project.id}`, { intent: "deliverable", name: "プロトタイプ" });
    const [first] = await db.projectDeliverable.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } });
    expect(
      (await as("manager").post("admin", `/admin/projects/${project.id}`, { intent: "move", deliverableId: first!.id, status: "approved" }))
        .status,
    ).toBe(200);
    const page = await as("manager").get("admin", `/admin/projects/${project.id}`);
    expect(page.body).toContain('data-progress="50"');
    expect(page.body).toContain('data-activity="milestone"');

    expect(
      (
        await as("manager").post("admin", `/admin/projects/${project.id}`, {
          intent: "editDeliverable",
          deliverableId: first!.id,
          name: "要件定義書 v2",
          deliveryDate: "2026-12-15",
        })
      ).status,
    ).toBe(200);
    expect(await db.projectDeliverable.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ name: "要件定義書 v2" });
    expect(
      (
        await as("manager").post("admin", `/admin/projects/${project.id}`, {
          intent: "editDeliverable",
          deliverableId: first!.id,
          name: "",
        })
      ).status,
    ).toBe(400);

    const other = await db.project.findFirstOrThrow({ where: { id: { not: project.id } }, include: { deliverables: true } });
    const foreign = other.deliverables[0] ?? (await db.projectDeliverable.create({ data: { projectId: other.id, name: "x" } }));
    expect(
      (
        await as("manager").post("admin", `/admin/projects/${project.id}`, {
          intent: "move",
          deliverableId: foreign.id,
          status: "approved",
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await as("manager").post("admin", `/admin/projects/${project.id}`, {
          intent: "editDeliverable",
          deliverableId: foreign.id,
          name: "乗っ取り",
        })
      ).status,
    ).toBe(422);
    expect((await as("manager").post("admin", `/admin/projects/${project.id}`, { intent: "deliverable", name: "" })).status).toBe(400);
  });

  it("stores a deliverable's file like an attachment, serves it to staff, refuses a disguised one", async () => {
    const project = await db.project.create({ data: { name: "ファイル付き", status: "active" } });
    const upload = async (file: { name: string; type: string; bytes: Uint8Array }) => {
      const form = await multipart({ intent: "deliverable", name: "ロゴ案" }, [{ field: "file", ...file }]);
      return server.request({
        host: "admin",
        path: `/admin/projects/${project.id}`,
        method: "POST",
        headers: { "content-type": form.contentType, cookie: as("manager").cookies("admin"), origin: new URL(server.url("admin")).origin },
        body: form.body,
      });
    };
    expect((await upload({ name: "logo.png", type: "image/png", bytes: PNG })).status).toBe(200);
    const deliverable = await db.projectDeliverable.findFirstOrThrow({ where: { projectId: project.id } });
    expect(deliverable.fileUrl).toMatch(/^deliverables\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.png$/);
    const file = await as("manager").get("admin", `/admin/projects/${project.id}/deliverables/${deliverable.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(await db.projectActivity.count({ where: { projectId: project.id, activityType: "file_upload" } })).toBe(1);

    expect((await upload({ name: "logo.png", type: "image/png", bytes: EXE })).status).toBe(415);
    expect(await db.projectDeliverable.count({ where: { projectId: project.id } })).toBe(1);
    expect((await as("support").get("admin", `/admin/projects/${project.id}/deliverables/${deliverable.id}/file`)).status).toBe(403);
  });

  it("only an admin deletes a project, and it is audited", async () => {
    const project = await db.project.create({ data: { name: "消すプロジェクト" } });
    expect((await as("manager").post("admin", `/admin/projects/${project.id}`, { intent: "delete" })).status).toBe(403);
    expect(await db.project.count({ where: { id: project.id } })).toBe(1);
    expect((await as("admin").post("admin", `/admin/projects/${project.id}`, { intent: "delete" })).status).toBe(302);
    expect(await db.project.count({ where: { id: project.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { resource: "projects", resourceId: project.id, action: "DELETE" } })).toBe(1);
  });

  it("takes comments, meetings and milestones by hand", async () => {
    const project = await someProject();
    expect(
      (
        await as("manager").post("admin", `/admin/projects/${project.id}`, {
          intent: "activity",
          activityType: "meeting",
          description: "キックオフ",
        })
      ).status,
    ).toBe(200);
    expect(
      (await as("manager").post("admin", `/admin/projects/${project.id}`, { intent: "activity", activityType: "party", description: "x" }))
        .status,
    ).toBe(400);
    expect((await as("manager").get("admin", `/admin/projects/${project.id}`)).body).toContain("キックオフ");
  });

  it("creates a project from the list page with the API's rules", async () => {
    const form = {
      name: "新規 ツール",
      companyId: "",
      projectType: "tool_creation",
      assignedCharacter: "both",
      budget: "250000",
      projectManager: "",
      startDate: "2026-12-01",
      endDate: "2027-01-31",
      description: "",
    };
    const created = await as("manager").post("admin", "/admin/projects", form);
    expect(created.status).toBe(302);
    const project = await db.project.findFirstOrThrow({ where: { name: "新規 ツール" } });
    expect(created.headers.location).toBe(`/admin/projects/${project.id}`);
    const badDates = await as("manager").post("admin", "/admin/projects", { ...form, endDate: "2026-01-01" }, { "accept-language": "en" });
    expect(badDates.status).toBe(400);
    expect(badDates.body).toContain("Must not be before the start date");
    const badBudget = await as("manager").post("admin", "/admin/projects", { ...form, budget: "-1" }, { "accept-language": "en" });
    expect(badBudget.status).toBe(400);
    expect(badBudget.body).toContain("Must be an amount from 0");
    expect((await as("support").post("admin", "/admin/projects", form)).status).toBe(403);
  });

  it("lists with filters; support is turned away; unknown ids are 404", async () => {
    const list = await as("manager").get("admin", "/admin/projects?status=completed");
    const ids = [...list.body.matchAll(/data-project="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(ids.sort()).toEqual((await db.project.findMany({ where: { status: "completed" } })).map((p) => p.id).sort());
    expect((await as("manager").get("admin", "/admin/projects?status=finished")).status).toBe(400);
    expect((await as("support").get("admin", "/admin/projects")).status).toBe(403);
    expect((await as("manager").get("admin", "/admin/projects/0196b5a4-0000-7000-8000-000000000000")).status).toBe(404);
  });

  it("pages the list, newest first, and refuses a page that is not a whole number from 1", async () => {
    const shown = async (search: string) => {
      const res = await as("manager").get("admin", `/admin/projects?${search}`);
      expect(res.status).toBe(200);
      return { ids: [...res.body.matchAll(/data-project="([0-9a-f-]{36})"/g)].map((m) => m[1]), next: /rel="next"/.test(res.body) };
    };
    const newest = await db.project.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 3, select: { id: true } });
    expect(newest.length).toBe(3);
    const [first, second] = [await shown("limit=2"), await shown("limit=2&page=2")];
    expect(first).toEqual({ ids: newest.slice(0, 2).map((p) => p.id), next: true });
    expect(second.ids[0]).toBe(newest[2]!.id);
    for (const page of ["0", "-1", "abc", "1.5"])
      expect((await as("manager").get("admin", `/admin/projects?page=${page}`)).status).toBe(400);
  });
});

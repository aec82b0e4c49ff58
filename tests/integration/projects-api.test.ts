// GET/POST /api/admin/projects against the real server and the demo data: the spec's shapes exactly, derived
// progress and due date, filters, permissions, and bad input answered field by field with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { giveApiToken } from "../support/api-token.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
const tokens = new Map<Role, { token: string; id: string }>();

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: url, RATE_LIMIT_API_PER_MINUTE: "100000" });
  for (const role of ["ADMIN", "MANAGER", "SUPPORT"] as const) {
    const user = await db.user.findUniqueOrThrow({ where: { email: `${role.toLowerCase()}@example.com` } });
    const token = `kz_${role.toLowerCase().padEnd(43, "p")}`;
    await giveApiToken(db, user.id, token);
    tokens.set(role, { token, id: user.id });
  }
});
afterAll(async () => {
  await server?.stop();
});

function api(method: string, path: string, role?: Role, body?: unknown): Promise<TestResponse> {
  return server.request({
    host: "admin",
    path,
    method,
    headers: {
      ...(role ? { authorization: `Bearer ${tokens.get(role)!.token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const json = (res: TestResponse) => JSON.parse(res.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const valid = {
  name: "社内FAQボット開発",
  description: "RAGで社内文書を検索するボット",
  projectType: "ai_development",
  budget: 1_500_000,
  assignedCharacter: "yuya",
  startDate: "2026-12-01",
  endDate: "2027-03-31",
};

describe("GET /api/admin/projects", () => {
  it("returns the spec's ProjectsListResponse, with progress from deliverables and the end date as due date", async () => {
    const res = await api("GET", "/api/admin/projects?limit=100", "MANAGER");
    expect(res.status).toBe(200);
    const body = json(res);
    expect(Object.keys(body)).toEqual(["projects"]);
    expect(Number(res.headers["x-total-count"])).toBe(await db.project.count());
    const item = body.projects[0];
    expect(Object.keys(item).sort()).toEqual(["assignedCharacter", "budget", "client", "dueDate", "id", "name", "progress", "status"]);
    expect(Object.keys(item.client).sort()).toEqual(["company", "name"]);
    for (const project of body.projects) {
      const stored = await db.project.findUniqueOrThrow({ where: { id: project.id }, include: { deliverables: true } });
      const done = stored.deliverables.filter((d) => d.status === "delivered" || d.status === "approved").length;
      expect(project.progress).toBe(stored.deliverables.length ? Math.round((done / stored.deliverables.length) * 100) : 0);
      expect(project.dueDate).toBe(stored.endDate ? stored.endDate.toISOString().slice(0, 10) : null);
      expect(typeof project.budget).toBe("number");
    }
  });

  it("filters by status, character, type and manager", async () => {
    const get = async (query: string) =>
      json(await api("GET", `/api/admin/projects?${query}&limit=100`, "ADMIN")).projects as {
        id: string;
        status: string;
        assignedCharacter: string;
      }[];
    expect((await get("status=active")).every((p) => p.status === "active")).toBe(true);
    expect((await get("character=aoba")).every((p) => p.assignedCharacter === "aoba")).toBe(true);
    expect(await get("type=music_production")).toHaveLength(await db.project.count({ where: { projectType: "music_production" } }));
    expect(await get("manager=me")).toHaveLength(await db.project.count({ where: { projectManager: tokens.get("ADMIN")!.id } }));
    expect((await api("GET", "/api/admin/projects?status=done", "ADMIN")).status).toBe(400);
    expect((await api("GET", "/api/admin/projects?limit=500", "ADMIN")).status).toBe(400);
  });

  it("is for roles that may read projects", async () => {
    expect((await api("GET", "/api/admin/projects")).status).toBe(401);
    expect((await api("GET", "/api/admin/projects", "SUPPORT")).status).toBe(403);
  });
});

describe("POST /api/admin/projects", () => {
  it("creates the project with its first activity, audited, and answers with the list item", async () => {
    const lead = await db.lead.findFirstOrThrow({ where: { status: "won" }, include: { contacts: { include: { company: true } } } });
    const company = await db.company.findFirstOrThrow();
    const res = await api("POST", "/api/admin/projects", "MANAGER", { ...valid, leadId: lead.id, companyId: company.id });
    expect(res.status).toBe(201);
    const { project } = json(res);
    expect(project).toMatchObject({
      name: valid.name,
      status: "planning",
      assignedCharacter: "yuya",
      budget: 1_500_000,
      progress: 0,
      dueDate: "2027-03-31",
      client: { name: lead.name, company: company.name },
    });
    const stored = await db.project.findUniqueOrThrow({ where: { id: project.id }, include: { activities: true } });
    expect(stored.projectManager).toBe(tokens.get("MANAGER")!.id);
    expect(stored.budget?.toString()).toBe("1500000");
    expect(stored.activities.map((a) => a.activityType)).toEqual(["created"]);
    expect(await db.auditLog.count({ where: { resource: "projects", resourceId: project.id, action: "POST", status: "success" } })).toBe(1);
  });

  const bad: [string, Record<string, unknown>, number, string][] = [
    ["end before start", { endDate: "2026-11-30" }, 400, "endDate"],
    ["negative budget", { budget: -1 }, 400, "budget"],
    ["budget as text", { budget: "100" }, 400, "budget"],
    ["budget with 3 decimals", { budget: 10.001 }, 400, "budget"],
    ["no name", { name: " " }, 400, "name"],
    ["unknown type", { projectType: "magic" }, 400, "projectType"],
    ["unknown character", { assignedCharacter: "nobody" }, 400, "assignedCharacter"],
    ["impossible date", { startDate: "2026-02-30" }, 400, "startDate"],
    ["company not a uuid", { companyId: "acme" }, 400, "companyId"],
    ["unknown company", { companyId: "0196b5a4-0000-7000-8000-000000000000" }, 422, "companyId"],
    ["unknown lead", { leadId: "0196b5a4-0000-7000-8000-000000000000" }, 422, "leadId"],
    ["unknown field", { color: "red" }, 400, "body"],
  ];

  it.each(bad)("%s → %i naming %s, nothing written", async (_, change, status, field) => {
    const before = await db.project.count();
    const res = await api("POST", "/api/admin/projects", "ADMIN", { ...valid, ...change });
    expect(res.status).toBe(status);
    expect(Object.keys(json(res).error.fields)).toContain(field);
    expect(await db.project.count()).toBe(before);
  });

  it("a project manager must be staff; support may not create; other methods are refused", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: "user@example.com" } });
    const res = await api("POST", "/api/admin/projects", "ADMIN", { ...valid, projectManager: user.id });
    expect(res.status).toBe(422);
    expect(Object.keys(json(res).error.fields)).toEqual(["projectManager"]);
    expect((await api("POST", "/api/admin/projects", "SUPPORT", valid)).status).toBe(403);
    expect((await api("DELETE", "/api/admin/projects", "ADMIN")).status).toBe(405);
  });
});

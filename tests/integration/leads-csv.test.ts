// CSV export (streamed, filtered, masked for non-admins, audited) and import (dry run, then the import with
// progress) against the real server and the demo data.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { seed } from "../../prisma/seed.ts";
import { createTestDatabase } from "../support/database.ts";
import { multipart } from "../support/multipart.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import { type Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase();
let visitors = new Map<string, Visitor>();

beforeAll(async () => {
  await seed(url);
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  visitors = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com", "support@example.com"]);
});
afterAll(async () => {
  await server?.stop();
});

const as = (who: string) => visitors.get(who)!;
const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Record<string, string>[];

describe("CSV export", () => {
  it("exports the filtered list with every column, for an admin in clear", async () => {
    const res = await as("admin").get("admin", "/admin/leads/export.csv?character=yuya&status=won");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="kizuna-leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const rows = rowsOf(res.body);
    const expected = await db.lead.findMany({ where: { sourceDomain: "yuya-kabuki.com", status: "won" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(rows.map((r) => r.id)).toEqual(expected.map((l) => l.id));
    expect(rows[0]).toMatchObject({ email: expected[0]!.email, status: "won", source_domain: "yuya-kabuki.com", gdpr_consent: "true" });
    expect(Object.keys(rows[0]!)).toContain("notes");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "export", resource: "leads" }, orderBy: { createdAt: "desc" } });
    expect(audit.changes).toMatchObject({ masked: false, filters: { character: "yuya", status: "won" } });
  });

  it("masks personal data for a manager, and streams every row of a large list", async () => {
    const rows = rowsOf((await as("manager").get("admin", "/admin/leads/export.csv")).body);
    expect(rows).toHaveLength(await db.lead.count());
    for (const row of rows) {
      expect(row.email).toMatch(/^.{2}\*\*\*@/);
      if (row.notes) expect(row.notes).toBe("[REDACTED]");
    }
  });

  it("refuses bad filters and roles without lead access", async () => {
    expect((await as("admin").get("admin", "/admin/leads/export.csv?status=asleep")).status).toBe(400);
    expect((await as("support").get("admin", "/admin/leads/export.csv")).status).toBe(403);
  });
});

describe("CSV import", () => {
  const existing = async () => (await db.lead.findFirstOrThrow({ where: { status: "new", sourceDomain: "aoba-nekosora.com" } })).email;

  async function upload(visitor: Visitor, csv: string) {
    const form = await multipart({}, [{ field: "file", name: "event-2026.csv", type: "text/csv", bytes: csv }]);
    return server.request({ host: "admin", path: "/admin/leads/import", method: "POST", headers: { "content-type": form.contentType, cookie: visitor.cookies("admin"), origin: new URL(server.url("admin")).origin }, body: form.body });
  }

  it("reports errors and duplicates without writing, then imports the new rows with progress", async () => {
    const known = await existing();
    const csv = [
      "Email,Site,Name,Company,Lead Type,Priority,Estimated Value,Message,GDPR Consent",
      "new1@example.com,yuya,新規 一,株式会社イベント,b2b_consultation,high,500000,展示会で名刺交換しました,true",
      "new2@example.com,aoba-nekosora.com,New Two,,music_licensing,,,\"Line one\nline two\",yes",
      "new3@example.com,aoba,三 番,,,,,,1",
      "not-an-email,yuya,Bad,,,,,,true",
      "noconsent@example.com,yuya,No Consent,,,,,,false",
      "new1@example.com,yuya,Again,,,,,,true",
      `${known},aoba,Known,,,,,,true`,
      "badsite@example.com,mars,,,,,,,true",
    ].join("\n");
    const before = await db.lead.count();
    const res = await upload(as("admin"), csv);
    expect(res.status).toBe(200);
    expect(res.body).toContain('data-ready="3"');
    expect(res.body).toContain('data-error-row="5"');
    expect(res.body).toContain('data-error-row="6"');
    expect(res.body).toContain('data-error-row="9"');
    expect(res.body).toContain('data-duplicate-row="7"');
    expect(res.body).toContain('data-duplicate-row="8"');
    expect(await db.lead.count()).toBe(before);

    const importId = /name="importId" value="([0-9a-f-]{36})"/.exec(res.body)![1]!;
    const started = await as("admin").post("admin", "/admin/leads/import", { importId });
    expect(started.status).toBe(302);
    const jobPath = started.headers.location!;
    let page = "";
    for (let i = 0; i < 50 && !page.includes('data-job="done"'); i++) {
      page = (await as("admin").get("admin", jobPath)).body;
      if (!page.includes('data-job="done"')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(page).toContain('data-job="done"');
    expect(await db.lead.count()).toBe(before + 3);
    const imported = await db.lead.findFirstOrThrow({ where: { emailHash: emailHash("new1@example.com") }, include: { activities: true, inquiries: true } });
    expect(imported).toMatchObject({ name: "新規 一", company: "株式会社イベント", priority: "high", sourceDomain: "yuya-kabuki.com", source: "direct", gdprConsent: true });
    expect(imported.activities.map((a) => a.activityType)).toEqual(["imported"]);
    expect(imported.inquiries[0]!.message).toBe("展示会で名刺交換しました");
    expect(await db.auditLog.count({ where: { action: "import", resource: "leads", status: "success" } })).toBe(1);

    // A report imports once.
    expect((await as("admin").post("admin", "/admin/leads/import", { importId })).status).toBe(410);
  });

  it("refuses unreadable files and missing files, and is for roles that may create leads", async () => {
    expect((await upload(as("admin"), 'email,site\n"unclosed,yuya\n')).status).toBe(400);
    const empty = await multipart({}, []);
    expect((await server.request({ host: "admin", path: "/admin/leads/import", method: "POST", headers: { "content-type": empty.contentType, cookie: as("admin").cookies("admin") }, body: empty.body })).status).toBe(400);
    expect((await as("manager").get("admin", "/admin/leads/import")).status).toBe(403);
    expect((await upload(as("manager"), "email,site\n")).status).toBe(403);
    expect((await as("admin").get("admin", "/admin/leads/import?job=0196b5a4-0000-7000-8000-000000000000")).status).toBe(404);
  });
});

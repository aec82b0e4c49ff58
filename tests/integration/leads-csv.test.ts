// CSV export (streamed, filtered, masked for non-admins, audited) and import (dry run, then the import with
// progress; both kept in the database, so a restart loses neither) against the real server and the demo data.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createTestDatabase } from "../support/database.ts";
import { multipart } from "../support/multipart.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import { type Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db, sql } = await createTestDatabase({ seeded: true });
let visitors = new Map<string, Visitor>();
let serverEnv: Record<string, string> = {};

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  serverEnv = { DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" };
  server = await startServer(serverEnv);
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
    const expected = await db.lead.findMany({
      where: { sourceDomain: "yuya-kabuki.com", status: "won" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
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
    return server.request({
      host: "admin",
      path: "/admin/leads/import",
      method: "POST",
      headers: { "content-type": form.contentType, cookie: visitor.cookies("admin"), origin: new URL(server.url("admin")).origin },
      body: form.body,
    });
  }

  it("reports errors and duplicates without writing, then imports the new rows with progress", async () => {
    const known = await existing();
    const csv = [
      "Email,Site,Name,Company,Lead Type,Priority,Estimated Value,Message,GDPR Consent",
      "new1@example.com,yuya,新規 一,株式会社イベント,b2b_consultation,high,500000,展示会で名刺交換しました,true",
      'new2@example.com,aoba-nekosora.com,New Two,,music_licensing,,,"Line one\nline two",yes',
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
    const imported = await db.lead.findFirstOrThrow({
      where: { emailHash: emailHash("new1@example.com") },
      include: { activities: true, inquiries: true },
    });
    expect(imported).toMatchObject({
      name: "新規 一",
      company: "株式会社イベント",
      priority: "high",
      sourceDomain: "yuya-kabuki.com",
      source: "direct",
      gdprConsent: true,
    });
    expect(imported.activities.map((a) => a.activityType)).toEqual(["imported"]);
    expect(imported.inquiries[0]!.message).toBe("展示会で名刺交換しました");
    expect(await db.auditLog.count({ where: { action: "import", resource: "leads", status: "success" } })).toBe(1);

    // A report imports once.
    const again = await as("admin").post("admin", "/admin/leads/import", { importId });
    expect(again.status).toBe(409);
    expect(again.body).toContain(`href="/admin/leads/import?job=${importId}"`);
  });

  it("refuses unreadable files and missing files, and is for roles that may create leads", async () => {
    expect((await upload(as("admin"), 'email,site\n"unclosed,yuya\n')).status).toBe(400);
    const empty = await multipart({}, []);
    expect(
      (
        await server.request({
          host: "admin",
          path: "/admin/leads/import",
          method: "POST",
          headers: { "content-type": empty.contentType, cookie: as("admin").cookies("admin") },
          body: empty.body,
        })
      ).status,
    ).toBe(400);
    expect((await as("manager").get("admin", "/admin/leads/import")).status).toBe(403);
    expect((await upload(as("manager"), "email,site\n")).status).toBe(403);
    expect((await as("admin").get("admin", "/admin/leads/import?job=0196b5a4-0000-7000-8000-000000000000")).status).toBe(404);
  });
});

describe("CSV import across restarts", () => {
  /** Stops the server (SIGTERM, or SIGKILL as a crash) and starts it again on the same port and database; the sessions stay. */
  async function restart(signal: NodeJS.Signals = "SIGTERM") {
    const { port } = server;
    await server.stop(signal);
    server = await startServer({ ...serverEnv, PORT: String(port) });
  }

  async function dryRunOf(rows: string[]): Promise<string> {
    const form = await multipart({}, [
      { field: "file", name: "restart.csv", type: "text/csv", bytes: ["email,site,status,phone,notes,gdpr_consent", ...rows].join("\n") },
    ]);
    const res = await server.request({
      host: "admin",
      path: "/admin/leads/import",
      method: "POST",
      headers: { "content-type": form.contentType, cookie: as("admin").cookies("admin"), origin: new URL(server.url("admin")).origin },
      body: form.body,
    });
    expect(res.status).toBe(200);
    return /name="importId" value="([0-9a-f-]{36})"/.exec(res.body)![1]!;
  }

  async function finished(id: string) {
    let page = "";
    for (let i = 0; i < 300 && !page.includes('data-job="done"'); i++) {
      page = (await as("admin").get("admin", `/admin/leads/import?job=${id}`)).body;
      if (!page.includes('data-job="done"')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(page).toContain('data-job="done"');
    return db.leadImport.findUniqueOrThrow({ where: { id } });
  }

  const leadsOf = (emails: string[]) =>
    db.lead.groupBy({ by: ["emailHash"], where: { emailHash: { in: emails.map(emailHash) } }, _count: true });
  const importAudits = () => db.auditLog.count({ where: { action: "import", resource: "leads", status: "success" } });

  it("keeps a dry run, its rows encrypted, through a restart, and imports it afterwards", async () => {
    const emails = ["after-restart1@example.com", "after-restart2@example.com"];
    const id = await dryRunOf(emails.map((email) => `${email},yuya,new,090-5555-6666,Met at the fair,true`));
    const raw = (await sql<{ payload: string }>("SELECT payload FROM lead_imports WHERE id = $1", [id])).rows[0]!;
    expect(raw.payload).toMatch(/^enc:v1:/);
    expect(raw.payload).not.toMatch(/example\.com|090-|fair/);

    await restart();
    const started = await as("admin").post("admin", "/admin/leads/import", { importId: id });
    expect(started.status).toBe(302);
    expect(started.headers.location).toBe(`/admin/leads/import?job=${id}`);
    expect(await finished(id)).toMatchObject({ status: "done", ready: 2, done: 2, created: 2, skipped: 0, payload: null });
    expect((await leadsOf(emails)).map((g) => g._count)).toEqual([1, 1]);
    expect((await db.lead.findFirstOrThrow({ where: { emailHash: emailHash(emails[0]!) } })).phone).toBe("090-5555-6666");
  });

  it("takes over an import its server left half done, and finishes it once", async () => {
    // "won" rows: an open lead of the same address would not make them skipped, so a row imported twice shows.
    const emails = [1, 2, 3, 4, 5].map((i) => `half-done${i}@example.com`);
    const id = await dryRunOf(emails.map((email) => `${email},aoba,won,,,true`));
    // What the stopped server had committed: the first two rows' leads, and the progress that says so.
    for (const email of emails.slice(0, 2)) {
      await db.lead.create({
        data: { email, emailHash: emailHash(email), source: "direct", sourceDomain: "aoba-nekosora.com", status: "won", gdprConsent: true },
      });
    }
    await sql("UPDATE lead_imports SET status = 'running', done = 2, created = 2, updated_at = now() - interval '1 hour' WHERE id = $1", [
      id,
    ]);
    const audits = await importAudits();

    await restart();
    expect(await finished(id)).toMatchObject({ status: "done", ready: 5, done: 5, created: 5, skipped: 0, payload: null });
    expect((await leadsOf(emails)).map((g) => g._count)).toEqual([1, 1, 1, 1, 1]);
    expect(await importAudits()).toBe(audits + 1);
  });

  it("lets a GDPR erasure take the person out of a dry run and of an import left running: neither brings them back", async () => {
    const erased = "erase-from-import@example.com";
    const [keptDry, keptRunning] = ["kept-dry@example.com", "kept-running@example.com"];
    const dry = await dryRunOf([erased, keptDry].map((email) => `${email},yuya,won,090-1212-3434,,true`));
    const running = await dryRunOf([erased, keptRunning].map((email) => `${email},aoba,won,,,true`));
    // Its server stopped before its first batch (a live heartbeat for now, so nobody takes it over yet).
    await sql("UPDATE lead_imports SET status = 'running', updated_at = now() WHERE id = $1", [running]);

    await as("admin").post("admin", "/admin/privacy", { email: erased, confirmEmail: erased });
    for (const id of [dry, running]) {
      const rows = JSON.parse((await db.leadImport.findUniqueOrThrow({ where: { id } })).payload!) as {
        row: number;
        data: { email: string } | null;
      }[];
      expect(rows.map((r) => r.data?.email ?? null)).toEqual([null, id === dry ? keptDry : keptRunning]);
      expect(rows.map((r) => r.row)).toEqual([2, 3]); // the places stay
    }

    await sql("UPDATE lead_imports SET updated_at = now() - interval '1 hour' WHERE id = $1", [running]);
    await restart(); // takes the running one over at start
    expect(await finished(running)).toMatchObject({ status: "done", ready: 2, done: 2, created: 1, skipped: 1 });
    expect((await as("admin").post("admin", "/admin/leads/import", { importId: dry })).status).toBe(302);
    expect(await finished(dry)).toMatchObject({ status: "done", ready: 2, done: 2, created: 1, skipped: 1 });
    expect(await leadsOf([erased])).toEqual([]);
    expect((await leadsOf([keptDry, keptRunning])).map((g) => g._count)).toEqual([1, 1]);
  });

  it("loses nothing and writes nothing twice when the server is killed mid-import", async () => {
    const emails = Array.from({ length: 1000 }, (_, i) => `killed${i}@example.com`);
    const id = await dryRunOf(emails.map((email) => `${email},yuya,won,,,true`));
    expect((await as("admin").post("admin", "/admin/leads/import", { importId: id })).status).toBe(302);
    let progress = { status: "running", done: 0 };
    for (let i = 0; i < 1000 && progress.done === 0; i++) {
      progress = await db.leadImport.findUniqueOrThrow({ where: { id }, select: { status: true, done: true } });
      if (progress.done === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await server.stop("SIGKILL");
    const atKill = await db.leadImport.findUniqueOrThrow({ where: { id } });
    expect(atKill).toMatchObject({ status: "running" });
    expect(atKill.done).toBeGreaterThan(0);
    expect(atKill.done).toBeLessThan(1000);
    // The batch in flight was rolled back with its connection: the leads are exactly what the counters say.
    expect((await leadsOf(emails)).length).toBe(atKill.created);

    // Its heartbeat is as old as a stopped server's would be by now.
    await sql("UPDATE lead_imports SET updated_at = now() - interval '1 hour' WHERE id = $1", [id]);
    server = await startServer({ ...serverEnv, PORT: String(server.port) });
    expect(await finished(id)).toMatchObject({ status: "done", done: 1000, created: 1000, skipped: 0, payload: null });
    const counts = await leadsOf(emails);
    expect(counts).toHaveLength(1000);
    expect(counts.every((g) => g._count === 1)).toBe(true);
  });
});

// Attack: read personal data from a database dump. Encrypted fields (lead email, phone and notes, inquiry
// messages, timeline descriptions, thread bodies, import rows) must not be copied into any plaintext column on
// the way in or by the staff flows that move them around. Before, POST /api/leads made the inquiry's subject the
// first line of the message, so "電話は 090-1234-5678" sat in clear in inquiries.subject. Here every way in and
// every copying flow runs with unique markers in encrypted fields, then every text and JSON column of every
// table is read raw and searched for them; the server's log too.
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import type { Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { multipart } from "../support/multipart.ts";
import type { RunningServer, TestResponse } from "../support/server.ts";
import { apiCall, staffOfEveryRole, startTestServer, type Staff } from "../support/staff.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let staff: Map<Role, Staff>;
const database = await createTestDatabase();
const { url, db, sql } = database;

const tag = randomBytes(4).toString("hex");
const mark = (what: string) => `${what}${tag}`;
const phone = () => `090-${randomInt(1000, 9999)}-${randomInt(1000, 9999)}`;
const markers: string[] = [];
/** A marker to look for later; phone numbers also without their dashes. */
const remember = <T extends string>(value: T): T => {
  markers.push(value, ...(/^[\d-]+$/.test(value) ? [value.replace(/-/g, "")] : []));
  return value;
};

const PARTNER = "https://partner.example.com";
const ok = (res: TestResponse, what: string) => expect(res.status, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(400);

beforeAll(async () => {
  const started = await startTestServer(url, { EMBED_MIN_FILL_MS: "0" });
  server = started.server;
  staff = await staffOfEveryRole(server, started.outbox, database, "dump");
});
afterAll(async () => {
  await server?.stop();
});

const admin = () => staff.get("ADMIN")!;

/** Every text, character and JSON column of every table, as text, with the markers found in it. */
async function markersAtRest(): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED', 'inet'))`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await sql<{ v: string | null }>(`SELECT "${column}"::text AS v FROM "${table}"`);
    const text = rows.map((r) => r.v ?? "").join("\n");
    for (const marker of markers) if (text.includes(marker)) found.push(`${table}.${column}: ${marker}`);
  }
  return found;
}

describe("personal data in encrypted fields", () => {
  it("is copied into no plaintext column by any way in or any staff flow, nor into the log", async () => {
    // 1. The lead API, with a phone number and the address in the message's first line (the finding).
    const p1 = remember(phone());
    const e1 = `${remember(mark("apilead"))}@example.jp`;
    const api = await apiCall(server, "POST", "yuya", "/api/leads", {
      body: {
        email: e1,
        phone: p1,
        name: "API 太郎",
        source: "yuya_site",
        sourceDomain: "yuya-kabuki.com",
        leadType: "b2b_consultation",
        message: `電話は ${p1}、メールは ${e1} です。\n${remember(mark("apimsg"))}`,
        gdprConsent: true,
      },
    });
    ok(api, "api lead");

    // 2. The brand's contact form.
    const p2 = remember(phone());
    ok(
      await new Visitor(server).post("aoba", "/contact", {
        name: "フォーム 花子",
        email: `${remember(mark("formlead"))}@example.jp`,
        phone: p2,
        leadType: "other",
        message: `${p2} ${remember(mark("formmsg"))}`,
        gdprConsent: "on",
      }),
      "contact form",
    );

    // 3. The inquiry API (multipart), with an attachment whose name is personal.
    const inquiry = await multipart({
      type: "general",
      subject: "質問があります",
      message: `${remember(mark("inqmsg"))}`,
      "leadInfo.email": `${remember(mark("inqlead"))}@example.jp`,
      "leadInfo.name": "問合 次郎",
      gdprConsent: "true",
    });
    ok(
      await server.request({
        host: "yuya",
        path: "/api/inquiries",
        method: "POST",
        headers: { "content-type": inquiry.contentType },
        body: inquiry.body,
      }),
      "inquiry api",
    );

    // 4. The embed form.
    const key = await db.embedKey.create({
      data: { publicKey: `pk_${tag}${"A".repeat(16)}`, name: "partner", tenant: "aoba", source: "referral", allowedOrigins: [PARTNER] },
    });
    const p4 = remember(phone());
    ok(
      await apiCall(server, "POST", "aoba", "/api/embed/v1/leads", {
        body: {
          email: `${remember(mark("embedlead"))}@example.jp`,
          phone: p4,
          message: `${p4} ${remember(mark("embedmsg"))}`,
          gdprConsent: true,
          elapsedMs: 9000,
          website: "",
        },
        headers: { origin: PARTNER, "x-kizuna-key": key.publicKey },
      }),
      "embed",
    );

    // 5. A CSV import, dry run and run.
    const p5 = remember(phone());
    const csv = `email,site,phone,notes,message,gdpr_consent\n${remember(mark("csvlead"))}@example.jp,yuya,${p5},${remember(mark("csvnote"))},${remember(mark("csvmsg"))} ${p5},true\n`;
    const upload = await multipart({}, [{ field: "file", name: "fair.csv", type: "text/csv", bytes: csv }]);
    const dry = await server.request({
      host: "admin",
      path: "/admin/leads/import",
      method: "POST",
      headers: {
        "content-type": upload.contentType,
        cookie: admin().visitor.cookies("admin"),
        origin: new URL(server.url("admin")).origin,
      },
      body: upload.body,
    });
    ok(dry, "import dry run");
    const importId = /name="importId" value="([0-9a-f-]{36})"/.exec(dry.body)![1]!;
    ok(await admin().visitor.post("admin", "/admin/leads/import", { importId }), "import run");
    for (let i = 0; i < 100 && (await db.leadImport.findUniqueOrThrow({ where: { id: importId } })).status !== "done"; i++)
      await new Promise((r) => setTimeout(r, 100));

    // 6. Staff flows that copy: a status change with a note (API), a note and an edit (lead page), a reply, a conversion.
    const [lead] = await db.lead.findMany({ where: { emailHash: emailHash(e1) }, include: { inquiries: true } });
    ok(
      await apiCall(server, "PUT", "admin", `/api/leads/${lead!.id}/status`, {
        token: admin().token,
        body: { status: "contacted", notes: `${remember(mark("statusnote"))} ${p1}` },
      }),
      "status note",
    );
    const page = `/admin/leads/${lead!.id}`;
    ok(await admin().visitor.post("admin", page, { intent: "note", note: `${remember(mark("timelinenote"))}` }), "note");
    const p6 = remember(phone());
    ok(
      await admin().visitor.post("admin", page, {
        intent: "edit",
        name: "API 太郎",
        leadType: "b2b_consultation",
        priority: "high",
        phone: p6,
        notes: `${remember(mark("editnote"))} ${p6}`,
      }),
      "edit",
    );
    ok(
      await admin().visitor.post("admin", `/admin/inquiries/${lead!.inquiries[0]!.id}`, {
        intent: "reply",
        body: `${remember(mark("reply"))} ${p1}`,
      }),
      "reply",
    );
    ok(
      await admin().visitor.post("admin", page, {
        intent: "convert",
        newCompanyName: "変換株式会社",
        role: "primary",
        projectName: "変換プロジェクト",
        projectType: "consultation",
        budget: "100000",
        startDate: "2027-01-01",
        endDate: "2027-02-01",
      }),
      "convert",
    );
    ok(
      await admin().visitor.post("admin", `/admin/inquiries/${lead!.inquiries[0]!.id}`, { intent: "status", status: "resolved" }),
      "resolve",
    );

    // Everything went in (the flows above did something), and nothing of it is readable at rest or in the log.
    expect(
      await db.lead.count({
        where: {
          emailHash: { in: ["apilead", "formlead", "inqlead", "embedlead", "csvlead"].map((m) => emailHash(`${mark(m)}@example.jp`)) },
        },
      }),
    ).toBe(5);
    expect(await db.leadActivity.count({ where: { leadId: lead!.id } })).toBeGreaterThanOrEqual(5);
    expect(await markersAtRest()).toEqual([]);
    expect(markers.filter((marker) => server.output().includes(marker))).toEqual([]);
  });
});

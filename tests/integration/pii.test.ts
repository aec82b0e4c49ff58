// Personal data is encrypted in the database by the client extension, whichever way it is written, and
// a raw SELECT finds none of it in clear.
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { emailHash } from "~/lib/crypto.server";
import { decryptPii, encryptPii, piiKeys } from "~/lib/pii.server";
import { dryRun } from "~/modules/leads/import.server";
import { rotatePiiKeys } from "~/modules/privacy/rotate-key.server";
import { seed } from "../../prisma/seed.ts";
import { createTestDatabase } from "../support/database.ts";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url; // the services' own client (a CSV import's dry run)

const lead = (email: string) => ({
  email,
  emailHash: emailHash(email),
  name: "Aoi Test",
  phone: "090-1111-2222",
  notes: "Prefers calls after 18:00",
  source: "aoba_site",
  sourceDomain: "aoba-nekosora.com",
});

describe("the encryption extension", () => {
  it("encrypts on create, nested create and update, and decrypts every read", async () => {
    const created = await db.lead.create({
      data: {
        ...lead("aoi@example.jp"),
        inquiries: {
          create: { subject: "Stems", message: "My number is 090-1111-2222", attachments: [{ name: "山田の契約書.pdf", size: 10 }] },
        },
        activities: { create: { activityType: "created", description: "Submitted from /contact" } },
      },
      include: { inquiries: true, activities: true },
    });
    expect(created.email).toBe("aoi@example.jp");
    expect(created.inquiries[0]!.message).toBe("My number is 090-1111-2222");
    expect(created.inquiries[0]!.attachments).toEqual([{ name: "山田の契約書.pdf", size: 10 }]);

    const raw = await sql<{ email: string; phone: string; notes: string }>("SELECT email, phone, notes FROM leads WHERE id = $1", [
      created.id,
    ]);
    for (const value of Object.values(raw.rows[0]!)) expect(value).toMatch(/^enc:v1:/);
    const inquiry = await sql<{ message: string; attachments: { name: string }[] }>(
      "SELECT message, attachments FROM inquiries WHERE lead_id = $1",
      [created.id],
    );
    expect(inquiry.rows[0]!.message).toMatch(/^enc:v1:/);
    expect(inquiry.rows[0]!.attachments[0]!.name).toMatch(/^enc:v1:/);
    expect((await sql("SELECT description FROM lead_activities WHERE lead_id = $1", [created.id])).rows[0]!.description).toMatch(
      /^enc:v1:/,
    );

    await db.lead.update({ where: { id: created.id }, data: { notes: { set: "Call on Friday" }, phone: "03-1234-5678" } });
    const after = await sql<{ notes: string; phone: string }>("SELECT notes, phone FROM leads WHERE id = $1", [created.id]);
    expect(after.rows[0]!.notes).toMatch(/^enc:v1:/);
    const read = await db.lead.findUniqueOrThrow({ where: { id: created.id }, include: { inquiries: { include: { lead: true } } } });
    expect(read).toMatchObject({ notes: "Call on Friday", phone: "03-1234-5678" });
    expect(read.inquiries[0]!.lead!.email).toBe("aoi@example.jp");
  });

  it("encrypts createMany and upsert too", async () => {
    await db.lead.createMany({ data: [lead("many1@example.com"), lead("many2@example.com")] });
    await db.lead.upsert({
      where: { id: "0196b5a4-0000-7000-8000-0000000000aa" },
      create: { id: "0196b5a4-0000-7000-8000-0000000000aa", ...lead("upsert@example.com") },
      update: {},
    });
    const rows = await sql<{ email: string }>("SELECT email FROM leads WHERE email_hash = ANY($1)", [
      ["many1@example.com", "many2@example.com", "upsert@example.com"].map(emailHash),
    ]);
    expect(rows.rows).toHaveLength(3);
    for (const row of rows.rows) expect(row.email).toMatch(/^enc:v1:/);
  });

  it("keeps the rows a CSV import waits to import encrypted", async () => {
    const owner = await db.user.create({ data: { email: "importer@kizuna.test" } });
    const csv = "email,site,phone,notes,message,gdpr_consent\nrow@example.jp,aoba,090-3333-4444,Met at the fair,Call me after six,true\n";
    const run = await dryRun(csv, { ownerId: owner.id, fileName: "fair.csv", sources: [] });
    expect(run.ready).toBe(1);
    const raw = await sql<{ payload: string }>("SELECT payload FROM lead_imports WHERE id = $1", [run.id]);
    expect(raw.rows[0]!.payload).toMatch(/^enc:v1:/);
    expect(JSON.stringify(raw.rows[0])).not.toMatch(/example\.jp|090-|Met at|after six/);
    const read = await db.leadImport.findUniqueOrThrow({ where: { id: run.id } });
    expect(JSON.parse(read.payload!)).toEqual([
      {
        row: 2,
        data: expect.objectContaining({
          email: "row@example.jp",
          phone: "090-3333-4444",
          notes: "Met at the fair",
          message: "Call me after six",
        }),
      },
    ]);
  });

  it("decrypts only the encrypted fields, through included relations; one that does not decrypt reads as unreadable", async () => {
    // Written around the extension (which refuses them, below): as a stolen dump pasted in before that check.
    const user = await db.user.create({ data: { email: "decl@kizuna.test" } });
    await sql("UPDATE users SET name = $1 WHERE id = $2", [encryptPii("not a decryption oracle"), user.id]);
    const created = await db.lead.create({ data: { ...lead("decl@example.jp"), userId: user.id } });
    await sql("UPDATE leads SET phone = 'enc:v9:AAAA', company = $2 WHERE id = $1", [created.id, encryptPii("会社")]);
    const viaUser = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { leads: { include: { user: true } } } });
    expect(viaUser.name).toMatch(/^enc:v1:/);
    expect(viaUser.leads[0]).toMatchObject({ email: "decl@example.jp", phone: "[UNREADABLE]", company: expect.stringMatching(/^enc:v1:/) });
    expect(viaUser.leads[0]!.user!.name).toMatch(/^enc:v1:/);
    await db.lead.delete({ where: { id: created.id } }); // the demo data's and the rotation's checks below count leads
  });

  it("refuses to write a ciphertext-shaped value into a column that is not encrypted", async () => {
    await expect(db.lead.create({ data: { ...lead("refuse@example.jp"), name: "enc:v1:AAAA" } })).rejects.toThrow(
      /Lead\.name is not an encrypted field/,
    );
    await expect(
      db.user.create({
        data: { email: "nested@kizuna.test", leads: { create: { ...lead("nested@example.jp"), company: { set: "enc:v2:x" } as never } } },
      }),
    ).rejects.toThrow(/Lead\.company/);
  });

  it("refuses to filter on an encrypted column", async () => {
    await expect(db.lead.findFirst({ where: { email: "aoi@example.jp" } })).rejects.toThrow(/use emailHash/);
  });
});

describe("the demo data", () => {
  it("holds no personal data in clear", async () => {
    await seed(url);
    const leads = await sql<{ email: string; phone: string | null; notes: string | null }>("SELECT email, phone, notes FROM leads");
    expect(leads.rows.length).toBeGreaterThan(10);
    for (const row of leads.rows) {
      expect(row.email).toMatch(/^enc:v\d+:/);
      if (row.phone) expect(row.phone).toMatch(/^enc:v\d+:/);
      if (row.notes) expect(row.notes).toMatch(/^enc:v\d+:/);
    }
    const messages = await sql<{ message: string }>("SELECT message FROM inquiries");
    for (const row of messages.rows) expect(row.message).toMatch(/^enc:v\d+:/);
    const imports = await sql("SELECT * FROM lead_imports");
    expect(imports.rows).toHaveLength(1); // the CSV import's, above
    const dump =
      JSON.stringify((await sql("SELECT * FROM leads")).rows) +
      JSON.stringify((await sql("SELECT * FROM inquiries")).rows) +
      JSON.stringify(imports.rows);
    expect(dump).not.toMatch(/@example\.(com|jp)|090-\d{4}/);
  });
});

describe("key rotation", () => {
  it("rewrites every value under the new key, keeps every value, and is idempotent", async () => {
    const before = await sql<{ id: string; email: string; notes: string | null }>("SELECT id, email, notes FROM leads ORDER BY id");
    const attachmentsBefore = await sql<{ attachments: { name: string }[] | null }>(
      "SELECT attachments FROM inquiries WHERE attachments IS NOT NULL",
    );
    expect(attachmentsBefore.rows.length).toBeGreaterThan(0);
    const rotated = {
      keys: new Map([
        [1, piiKeys().keys.get(1)!],
        [2, randomBytes(32)],
      ]),
      current: 2,
    };

    const reports = await rotatePiiKeys(url, { keys: rotated, batchSize: 7 });
    expect(reports.find((r) => r.table === "leads")!.rewritten).toBe(before.rows.length);

    const after = await sql<{ id: string; email: string; notes: string | null }>("SELECT id, email, notes FROM leads ORDER BY id");
    after.rows.forEach((row, i) => {
      expect(row.email).toMatch(/^enc:v2:/);
      expect(decryptPii(row.email, rotated)).toBe(decryptPii(before.rows[i]!.email, rotated));
      if (row.notes) expect(decryptPii(row.notes, rotated)).toBe(decryptPii(before.rows[i]!.notes!, rotated));
    });
    const names = await sql<{ attachments: { name: string }[] }>("SELECT attachments FROM inquiries WHERE attachments IS NOT NULL");
    expect(names.rows[0]!.attachments[0]!.name).toMatch(/^enc:v2:/);
    expect(reports.find((r) => r.table === "lead_imports")!.rewritten).toBe(1);
    const payload = (await sql<{ payload: string }>("SELECT payload FROM lead_imports")).rows[0]!.payload;
    expect(payload).toMatch(/^enc:v2:/);
    expect(decryptPii(payload, rotated)).toContain("row@example.jp");

    const again = await rotatePiiKeys(url, { keys: rotated });
    expect(again.every((r) => r.rewritten === 0)).toBe(true);
  });
});

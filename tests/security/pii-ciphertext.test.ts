// Attack: text shaped like our stored ciphertext ("enc:vN:…") in places that are not encrypted. Before, the
// encryption extension decrypted every such string in every result: an anonymous lead named "enc:v9:AAAA" made
// the admin's lead list, lead page and CSV export fail (500, with no way to open the lead and delete it), and a
// user who pasted a ciphertext from a stolen dump into their profile bio was shown its plaintext.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { encryptPii, type PiiKeys } from "~/lib/pii.server";
import { createTestDatabase } from "../support/database.ts";
import type { RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { apiCall, staffOfEveryRole, startTestServer, type Staff } from "../support/staff.ts";
import { Visitor } from "../support/visitor.ts";
import type { Role } from "~/modules/identity/permissions";

// The test server's key (TEST_PII_KEYS in support/server.ts): what a stolen dump's ciphertext was made with.
const SERVER_KEYS: PiiKeys = { keys: new Map([[1, Buffer.alloc(32, 42)]]), current: 1 };
const stolen = (plain: string) => encryptPii(plain, SERVER_KEYS);

let server: RunningServer;
let outbox: string;
let staff: Map<Role, Staff>;
const database = await createTestDatabase();
const { url, sql } = database;

beforeAll(async () => {
  ({ server, outbox } = await startTestServer(url));
  staff = await staffOfEveryRole(server, outbox, database, "cipher");
});
afterAll(async () => {
  await server?.stop();
});

const admin = () => staff.get("ADMIN")!;
const lead = (overrides: Record<string, unknown>) => ({
  email: "cipher-lead@example.jp",
  name: "普通の名前",
  source: "yuya_site",
  sourceDomain: "yuya-kabuki.com",
  leadType: "other",
  message: "こんにちは",
  gdprConsent: true,
  ...overrides,
});

/** A lead as it could sit in the database: written before validation existed, or with a key since lost. */
async function insertLead(columns: { email: string; name: string; phone?: string; notes?: string; company?: string }): Promise<string> {
  const { rows } = await sql<{ id: string }>(
    `INSERT INTO leads (id, email, email_hash, name, phone, notes, company, source, source_domain, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'yuya_site', 'yuya-kabuki.com', now()) RETURNING id`,
    [
      columns.email,
      emailHash(`${Math.random()}@example.com`),
      columns.name,
      columns.phone ?? null,
      columns.notes ?? null,
      columns.company ?? null,
    ],
  );
  await sql(`INSERT INTO inquiries (id, lead_id, subject, message, updated_at) VALUES (gen_random_uuid(), $1, 'x', 'enc:v1:AAAA', now())`, [
    rows[0]!.id,
  ]);
  return rows[0]!.id;
}

describe("ciphertext-shaped input", () => {
  it("is refused by the public lead API with 400 naming the field, and nothing is stored", async () => {
    for (const [field, value] of [
      ["name", "enc:v9:AAAA"],
      ["company", " enc:v1:AAAA"],
      ["message", stolen("x")],
      ["sourcePage", "enc:v2:x"],
    ] as const) {
      const res = await apiCall(server, "POST", "yuya", "/api/leads", { body: lead({ [field]: value }) });
      expect(res.status, field).toBe(400);
      expect(Object.keys((JSON.parse(res.body) as { error: { fields: object } }).error.fields), field).toEqual([field]);
    }
    expect((await sql("SELECT 1 FROM leads WHERE email_hash = $1", [emailHash("cipher-lead@example.jp")])).rowCount).toBe(0);
  });

  it("is refused by the contact form in place, naming the field", async () => {
    const res = await new Visitor(server).post("aoba", "/contact", {
      name: "enc:v1:AAAA",
      email: "form@example.jp",
      leadType: "other",
      message: "hello",
      gdprConsent: "on",
    });
    expect(res.status).toBe(400);
    expect((await sql("SELECT 1 FROM leads WHERE email_hash = $1", [emailHash("form@example.jp")])).rowCount).toBe(0);
  });

  it("is refused on the profile form, and a stored one is shown as it is, never decrypted", async () => {
    const user = new Visitor(server);
    await signInWithEmail(user, "yuya", "oracle@example.com", outbox);
    const secret = "山田太郎 090-9999-0000";
    const refused = await user.post("yuya", "/account", {
      intent: "profile",
      displayName: "x",
      bio: stolen(secret),
      preferredCharacter: "BOTH",
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("bio");
    expect(refused.body).not.toContain(secret);

    // One already stored (before this check existed) stays what it is: text, not a way to read a dump.
    await user.post("yuya", "/account", { intent: "profile", displayName: "x", bio: "plain", preferredCharacter: "BOTH" });
    const ciphertext = stolen(secret);
    await sql("UPDATE user_profiles SET bio = $1 WHERE user_id = (SELECT id FROM users WHERE email = 'oracle@example.com')", [ciphertext]);
    const page = await user.get("yuya", "/account");
    expect(page.status).toBe(200);
    expect(page.body).not.toContain("090-9999-0000");
    expect(page.body).toContain(ciphertext);
  });
});

describe("stored values that do not decrypt, or are not ours to decrypt", () => {
  let broken: string;
  let oracle: string;
  beforeAll(async () => {
    // A plaintext column holding a ciphertext (the 500 of the finding), and encrypted columns that do not decrypt.
    broken = await insertLead({
      email: "enc:v9:AAAA",
      name: "enc:v9:AAAA",
      phone: "enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      notes: "enc:v1:garbage",
    });
    oracle = await insertLead({ email: stolen("oracle-lead@example.jp"), name: stolen("秘密の名前"), company: stolen("秘密の会社") });
  });

  it("keep the lead API answering, unreadable values marked, plaintext columns never decrypted", async () => {
    const res = await apiCall(server, "GET", "admin", "/api/leads?limit=100", { token: admin().token });
    expect(res.status).toBe(200);
    const leads = (JSON.parse(res.body) as { leads: Record<string, string>[] }).leads;
    expect(leads.find((l) => l.id === broken)).toMatchObject({
      email: "[UNREADABLE]",
      phone: "[UNREADABLE]",
      notes: "[UNREADABLE]",
      name: "enc:v9:AAAA",
    });
    const readable = leads.find((l) => l.id === oracle)!;
    expect(readable.email).toBe("oracle-lead@example.jp");
    expect(readable.name).toMatch(/^enc:v1:/);
    expect(res.body).not.toContain("秘密");
  });

  it("keep the admin's lead list, lead page and CSV export working, so staff can open and delete the lead", async () => {
    const visitor = admin().visitor;
    for (const pathname of [
      "/admin/leads",
      `/admin/leads/${broken}`,
      `/admin/leads/${oracle}`,
      "/admin/leads/export.csv",
      "/admin/leads/board",
    ]) {
      const res = await visitor.get("admin", pathname);
      expect(res.status, pathname).toBe(200);
      expect(res.body, pathname).not.toContain("秘密");
    }
    expect((await visitor.get("admin", `/admin/leads/${broken}`)).body).toContain("[UNREADABLE]");
    expect((await visitor.get("admin", "/admin/leads/export.csv")).body).toContain("[UNREADABLE]");
  });
});

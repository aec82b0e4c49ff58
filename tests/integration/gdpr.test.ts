// GDPR against the real server: a person's data exported (their own only, decrypted, no secrets), erased in one go
// (nothing personal left in any table, found by scanning every text/json column, decrypted), orders kept but
// detached, a second erasure a no-op, the erasure audited without the data, consent history, the last admin kept.
import { mkdir, mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { decryptPii } from "~/lib/pii.server";
import type { PersonExport } from "~/modules/privacy/gdpr.server";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
let uploads: string;
const { url, db, sql } = await createTestDatabase();
const staff = new Map<string, Visitor>();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  uploads = await mkdtemp(path.join(tmpdir(), "kizuna-uploads-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, UPLOAD_DIR: uploads, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  for (const role of ["ADMIN", "SUPPORT", "MANAGER"] as const) {
    const email = `gdpr-${role.toLowerCase()}@example.com`;
    await db.user.create({ data: { email, role } });
    const visitor = new Visitor(server);
    await signInWithEmail(visitor, "admin", email, outbox);
    staff.set(role, visitor);
  }
});
afterAll(async () => {
  await server?.stop();
});

async function signedIn(email: string, host = "aoba"): Promise<Visitor> {
  const visitor = new Visitor(server);
  await signInWithEmail(visitor, host, email, outbox);
  return visitor;
}

/** Every text, json and inet column of every table, with encrypted values decrypted: where each needle still occurs. */
async function traces(needles: readonly string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> '_prisma_migrations'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'inet', 'ARRAY')`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  const found = new Set<string>();
  for (const [table, names] of byTable) {
    const { rows } = await sql<{ t: string | null }>(
      `SELECT concat_ws(' ', ${names.map((n) => `"${n}"::text`).join(", ")}) AS t FROM "${table}"`,
    );
    for (const { t } of rows) {
      if (!t) continue;
      const text = [t, ...[...t.matchAll(/enc:v\d+:[A-Za-z0-9_-]+/g)].map((m) => decryptPii(m[0]))].join(" ").toLowerCase();
      for (const needle of needles) if (text.includes(needle.toLowerCase())) found.add(`${table}: ${needle}`);
    }
  }
  return [...found].sort();
}

const ERIN = "erin.kawase@example.com";
const erinNeedles = [
  ERIN,
  "Erin Kawase",
  "erin_kawase",
  "090-5555-7777",
  "Kawase Studio",
  "203.0.113.77",
  "1-2-3 Jingumae",
  "oauth-access-secret",
  emailHash(ERIN),
];

/** A lead with an inquiry (with an attachment on disk and a reply), as a form submission and the inbox would leave them. */
async function leadWithInquiry(email: string, name: string, phone: string, company: string) {
  const file = `inquiries/${name.replace(/\W/g, "")}.pdf`;
  await mkdir(path.join(uploads, "inquiries"), { recursive: true });
  await writeFile(path.join(uploads, file), "%PDF-1.4 contract");
  const lead = await db.lead.create({
    data: {
      email,
      emailHash: emailHash(email),
      name,
      phone,
      company,
      jobTitle: "Producer",
      notes: `${name} prefers calls`,
      source: "aoba_site",
      sourceDomain: "aoba-nekosora.com",
      sourcePage: `https://aoba-nekosora.com/contact?from=${encodeURIComponent(email)}`,
      status: "qualified",
      estimatedValue: "120000",
      gdprConsent: true,
      consentDate: new Date(),
      activities: { create: { activityType: "created", description: `Submitted by ${name}`, metadata: { sourcePage: "/contact" } } },
      inquiries: {
        create: {
          subject: `Stems for ${name}`,
          message: `Call me at ${phone}`,
          attachments: [{ id: "a1", name: `${name} contract.pdf`, type: "application/pdf", size: 17, sha256: "x", path: file }],
          messages: {
            create: [
              { direction: "inbound", body: `Thanks, ${name}` },
              { direction: "outbound", body: `Dear ${name}, here you are` },
            ],
          },
        },
      },
    },
    include: { inquiries: true },
  });
  return { lead, inquiry: lead.inquiries[0]!, file: path.join(uploads, file) };
}

describe("a signed-in user's own data", () => {
  let erin: Visitor;
  let erinId: string;
  let erinLead: Awaited<ReturnType<typeof leadWithInquiry>>;
  let orderId: string;

  beforeAll(async () => {
    erin = await signedIn(ERIN);
    erinId = (await db.user.findUniqueOrThrow({ where: { email: ERIN } })).id;
    // The profile, with consent given and then withdrawn.
    const profile = { intent: "profile", displayName: "Erin Kawase", twitterHandle: "@erin_kawase", preferredCharacter: "AOBA" };
    expect((await erin.post("aoba", "/account", { ...profile, marketingConsent: "on" })).status).toBe(200);
    expect((await erin.post("aoba", "/account", profile)).status).toBe(200);
    await db.user.update({ where: { id: erinId }, data: { name: "Erin Kawase" } });
    await db.account.create({
      data: { userId: erinId, type: "oauth", provider: "github", providerAccountId: "gh-4242", access_token: "oauth-access-secret" },
    });
    erinLead = await leadWithInquiry(ERIN, "Erin Kawase", "090-5555-7777", "Kawase Studio");
    await leadWithInquiry("someone.else@example.com", "Sora Other", "080-1111-0000", "Other Records");

    const product = await db.product.create({
      data: { name: "Stem pack", characterOwner: "aoba", productType: "music_stem", price: "3000", licenseType: "personal" },
    });
    const order = await db.order.create({
      data: {
        userId: erinId,
        orderNumber: "KZ-GDPR-0001",
        totalAmount: "3000",
        status: "paid",
        billingAddress: { name: "Erin Kawase", line1: "1-2-3 Jingumae", city: "Tokyo" },
        shippingAddress: { name: "Erin Kawase", line1: "1-2-3 Jingumae" },
        notes: "Gift for Erin Kawase",
        items: { create: { productId: product.id, unitPrice: "3000", totalPrice: "3000", licenseKey: "LIC-GDPR-0001", downloadLimit: 5 } },
      },
    });
    orderId = order.id;
    const content = await db.content.create({
      data: { title: "Making stems", slug: "gdpr-making-stems", characterOwner: "aoba", status: "published" },
    });
    await db.contentAnalytics.create({
      data: { contentId: content.id, userId: erinId, eventType: "view", ipAddress: "203.0.113.77", userAgent: "Firefox" },
    });
    await db.crossSiteActivity.create({ data: { userId: erinId, fromDomain: "aoba-nekosora.com", toDomain: "yuya-kabuki.com" } });
    await sql(`INSERT INTO user_site_activity (user_id, site, first_at, last_at) VALUES ($1, 'aoba', now(), now())`, [erinId]);
    await db.apiToken.create({
      data: { userId: erinId, name: "mine", tokenHash: "f".repeat(64), prefix: "kz_ffff", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    await db.savedView.create({ data: { userId: erinId, scope: "leads", name: "Erin Kawase's view", query: "status=new" } });
    const admin = await db.user.findUniqueOrThrow({ where: { email: "gdpr-admin@example.com" } });
    await db.auditLog.create({
      data: {
        userId: admin.id,
        action: "PUT",
        resource: "leads",
        resourceId: erinLead.lead.id,
        changes: { name: { from: null, to: "Erin Kawase" } },
        status: "success",
      },
    });
    await db.auditLog.create({
      data: { userId: erinId, action: "POST", resource: "inquiries", ipAddress: "203.0.113.77", userAgent: "Firefox", status: "success" },
    });
  });

  it("records every change of marketing consent with its time, and shows it on the account page", async () => {
    const history = await db.consentChange.findMany({ where: { userId: erinId }, orderBy: { createdAt: "asc" } });
    expect(history.map((change) => [change.granted, change.source])).toEqual([
      [true, "account"],
      [false, "account"],
    ]);
    expect(history[0]!.createdAt.getTime()).toBeLessThanOrEqual(history[1]!.createdAt.getTime());
    const page = await erin.get("aoba", "/account");
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-consent="granted"');
    expect(page.body).toContain('data-consent="withdrawn"');
    expect(page.body).toContain('href="/account/data.json"');
  });

  it("downloads as JSON: their own data, decrypted, without secrets or anyone else's", async () => {
    const res = await erin.get("aoba", "/account/data.json");
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="kizuna-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = JSON.parse(res.body) as PersonExport;
    expect(doc).toMatchObject({ format: "kizuna.person-export", version: 1, user: { id: erinId, email: ERIN, name: "Erin Kawase" } });
    expect(doc.exportedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(doc.profile).toMatchObject({ displayName: "Erin Kawase", twitterHandle: "erin_kawase" });
    expect(doc.marketingConsent!.current).toBe(false);
    expect(doc.marketingConsent!.history.map((h) => h.granted)).toEqual([true, false]);
    expect(doc.leads).toHaveLength(1);
    expect(doc.leads[0]).toMatchObject({
      email: ERIN,
      phone: "090-5555-7777",
      company: "Kawase Studio",
      notes: "Erin Kawase prefers calls",
      status: "qualified",
      estimatedValue: "120000",
    });
    expect(doc.inquiries[0]).toMatchObject({
      message: "Call me at 090-5555-7777",
      attachments: [{ name: "Erin Kawase contract.pdf", type: "application/pdf", size: 17 }],
    });
    expect(doc.inquiries[0]!.messages.map((m) => m.body)).toEqual(["Thanks, Erin Kawase", "Dear Erin Kawase, here you are"]);
    expect(doc.orders[0]).toMatchObject({ orderNumber: "KZ-GDPR-0001", totalAmount: "3000", billingAddress: { line1: "1-2-3 Jingumae" } });
    expect(doc.licenses).toEqual([
      { orderNumber: "KZ-GDPR-0001", product: "Stem pack", licenseType: "personal", licenseKey: "LIC-GDPR-0001" },
    ]);
    expect(doc.contentAnalytics[0]).toMatchObject({ content: "gdpr-making-stems", ipAddress: "203.0.113.77" });
    expect(doc.crossSiteActivity[0]).toMatchObject({ fromDomain: "aoba-nekosora.com", toDomain: "yuya-kabuki.com" });
    expect(doc.siteActivity).toEqual([expect.objectContaining({ site: "aoba" })]);
    expect(doc.accounts.map((a) => a.provider).sort()).toEqual(["email", "github"]);
    expect(doc.apiTokens[0]).toMatchObject({ name: "mine", prefix: "kz_ffff" });
    // No one else's data, and no secrets: OAuth tokens, token digests, session tokens, stored file paths.
    const sessionTokens = (await db.session.findMany({ where: { userId: erinId } })).map((s) => s.sessionToken);
    for (const secret of ["someone.else@example.com", "Sora Other", "oauth-access-secret", "f".repeat(64), "inquiries/", ...sessionTokens])
      expect(res.body).not.toContain(secret);
    expect(res.body).not.toMatch(/enc:v\d+:/);
  });

  it("an admin exports the same by email, audited without the data; other roles may not", async () => {
    const admin = staff.get("ADMIN")!;
    const res = await admin.get("admin", `/admin/privacy/export.json?email=${encodeURIComponent(ERIN.toUpperCase())}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
    const doc = JSON.parse(res.body) as PersonExport;
    expect(doc.user?.id).toBe(erinId);
    expect(doc.leads[0]?.email).toBe(ERIN);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "export", resource: "users", resourceId: erinId, user: { email: "gdpr-admin@example.com" } },
    });
    expect(JSON.stringify(audit.changes)).not.toMatch(/erin|kawase/i);

    expect((await staff.get("SUPPORT")!.get("admin", `/admin/privacy/export.json?email=${ERIN}`)).status).toBe(403);
    expect((await staff.get("MANAGER")!.get("admin", `/admin/privacy?email=${ERIN}`)).status).toBe(403);
    // SUPPORT may look up (counts only) but sees no export or erase.
    const lookup = await staff.get("SUPPORT")!.get("admin", `/admin/privacy?email=${ERIN}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toContain(`data-person="${ERIN}"`);
    expect(lookup.body).not.toContain("/admin/privacy/export.json");
    expect(lookup.body).not.toContain('name="confirmEmail"');
    expect((await staff.get("SUPPORT")!.post("admin", "/admin/privacy", { email: ERIN, confirmEmail: ERIN })).status).toBe(403);
  });

  it("reads a blank lookup email as no lookup and a malformed one as 400 named beside the field", async () => {
    const admin = staff.get("ADMIN")!;
    const blank = await admin.get("admin", "/admin/privacy?email=");
    expect(blank.status).toBe(200);
    expect(blank.body).not.toContain('aria-invalid="true"');
    const bad = await admin.get("admin", "/admin/privacy?email=not-an-email");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/<input[^>]*name="email"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*name="email"/);
  });

  it("answers unknown and malformed emails with 404 and 400 naming the field", async () => {
    const admin = staff.get("ADMIN")!;
    const unknown = await admin.get("admin", "/admin/privacy/export.json?email=nobody-here@example.com");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: "not_found", fields: { email: ["privacy.noData"] } } });
    const malformed = await admin.get("admin", "/admin/privacy/export.json?email=not-an-email");
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ error: { fields: { email: ["privacy.invalidEmail"] } } });
    expect((await admin.get("admin", "/admin/privacy?email=nobody-here@example.com")).status).toBe(404);
    expect((await admin.get("admin", "/admin/privacy?email=%3Cscript%3E")).status).toBe(400);
    const erase = await admin.post("admin", "/admin/privacy", {
      email: "nobody-here@example.com",
      confirmEmail: "nobody-here@example.com",
    });
    expect(erase.status).toBe(404);
    expect(erase.body).toContain("privacy.noData");
  });

  it("refuses an erasure whose confirmation does not match, naming the field, and changes nothing", async () => {
    const res = await erin.post("aoba", "/account", { intent: "erase", confirmEmail: "someone.else@example.com" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("confirmEmail");
    expect(res.body).toContain("privacy.confirmMismatch");
    const empty = await erin.post("aoba", "/account", { intent: "erase" });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain("privacy.confirmRequired");
    const admin = await staff
      .get("ADMIN")!
      .post("admin", "/admin/privacy", { email: ERIN, userId: erinId, confirmEmail: "erin@example.com" });
    expect(admin.status).toBe(400);
    expect(admin.body).toContain("privacy.confirmMismatch");
    expect(await db.user.count({ where: { id: erinId, erasedAt: null } })).toBe(1);
  });

  it("erases the user in one go: nothing personal left in any table, orders kept but detached, files gone", async () => {
    const before = await traces(erinNeedles);
    // The scan sees the person where they are (so an empty result below means something).
    for (const table of [
      "users",
      "user_profiles",
      "leads",
      "inquiries",
      "inquiry_messages",
      "lead_activities",
      "orders",
      "content_analytics",
      "audit_logs",
      "saved_views",
      "accounts",
    ]) {
      expect(
        before.some((t) => t.startsWith(`${table}:`)),
        table,
      ).toBe(true);
    }
    const leadsBefore = await db.lead.count();

    const res = await erin.post("aoba", "/account", { intent: "erase", confirmEmail: ` ${ERIN.toUpperCase()} ` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/account/erased");
    expect((await erin.get("aoba", "/account")).status).toBe(302); // signed out
    const done = await erin.get("aoba", "/account/erased");
    expect(done.status).toBe(200);

    expect(await traces(erinNeedles)).toEqual([]);

    // The tombstone: the same id (audit rows keep their actor), nothing personal.
    const user = await db.user.findUniqueOrThrow({ where: { id: erinId } });
    expect(user).toMatchObject({ name: null, image: null, role: "USER", email: `erased-${erinId}@erased.invalid` });
    expect(user.erasedAt).toBeInstanceOf(Date);
    for (const count of [
      db.session.count({ where: { userId: erinId } }),
      db.account.count({ where: { userId: erinId } }),
      db.apiToken.count({ where: { userId: erinId } }),
      db.consentChange.count({ where: { userId: erinId } }),
      db.userProfile.count({ where: { userId: erinId } }),
      db.contentAnalytics.count({ where: { userId: erinId } }),
    ]) {
      expect(await count).toBe(0);
    }

    // Orders stay for accounting, detached.
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { items: true } });
    expect(order).toMatchObject({
      userId: null,
      orderNumber: "KZ-GDPR-0001",
      status: "paid",
      billingAddress: null,
      shippingAddress: null,
      notes: null,
    });
    expect(order.totalAmount.toString()).toBe("3000");
    expect(order.items[0]!.licenseKey).toBe("LIC-GDPR-0001");

    // Leads anonymized, their status and value kept; nobody else's touched.
    expect(await db.lead.count()).toBe(leadsBefore);
    const lead = await db.lead.findUniqueOrThrow({ where: { id: erinLead.lead.id } });
    expect(lead).toMatchObject({
      email: "[DELETED]",
      name: "[DELETED]",
      phone: null,
      company: null,
      notes: null,
      status: "qualified",
      userId: null,
    });
    expect(lead.estimatedValue?.toString()).toBe("120000");
    const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id: erinLead.inquiry.id } });
    expect(inquiry).toMatchObject({ subject: "[DELETED]", message: "[DELETED]", attachments: null });
    await expect(stat(erinLead.file)).rejects.toThrow(/ENOENT/);
    const other = await db.lead.findFirstOrThrow({ where: { emailHash: emailHash("someone.else@example.com") } });
    expect(other).toMatchObject({ email: "someone.else@example.com", name: "Sora Other", phone: "080-1111-0000" });

    // One audit entry records the erasure, without the data or the person's address.
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "erase", resourceId: erinId } });
    expect(audit).toMatchObject({ userId: erinId, resource: "users", status: "success", ipAddress: null, userAgent: null });
    expect(audit.changes).toEqual({ self: true, leads: 1, inquiries: 1, ordersDetached: 1, files: 1, importRows: 0 });
    // The audit rows themselves stay: scrubbed, not deleted.
    expect(
      await db.auditLog.count({ where: { resource: "leads", resourceId: erinLead.lead.id, changes: { equals: { erased: true } } } }),
    ).toBe(1);
  });

  it("a second erasure of the same user is a no-op, not an error", async () => {
    const admin = staff.get("ADMIN")!;
    const audits = await db.auditLog.count({ where: { action: "erase" } });
    const again = await admin.post("admin", "/admin/privacy", { email: ERIN, userId: erinId, confirmEmail: ERIN });
    expect(again.status).toBe(200);
    expect(again.body).toMatch(/already erased|すでに削除/);
    expect(await db.auditLog.count({ where: { action: "erase" } })).toBe(audits);
    // By the email alone there is nothing left to find.
    expect((await admin.get("admin", `/admin/privacy?email=${ERIN}`)).status).toBe(404);
    // The audit log is still append-only outside an erasure.
    await expect(sql(`UPDATE audit_logs SET changes = '{}'::jsonb WHERE action = 'erase'`)).rejects.toThrow(/append-only/);
    // And even within one, who did what stays as it was.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('kizuna.gdpr_erasure', 'on', true)");
      await expect(client.query("UPDATE audit_logs SET action = 'tampered' WHERE action = 'erase'")).rejects.toThrow(/append-only/);
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
  });
});

describe("erasure by an admin", () => {
  it("erases a person known only as a lead, audited with the admin as actor and without the data", async () => {
    const lena = await leadWithInquiry("lena.mori@example.com", "Lena Mori", "070-3333-4444", "Mori Sound");
    const needles = ["lena.mori@example.com", "Lena Mori", "070-3333-4444", "Mori Sound", emailHash("lena.mori@example.com")];
    expect((await traces(needles)).length).toBeGreaterThan(0);
    const admin = staff.get("ADMIN")!;
    const page = await admin.get("admin", "/admin/privacy?email=lena.mori@example.com");
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="confirmEmail"');

    const res = await admin.post("admin", "/admin/privacy", { email: "Lena.Mori@example.com", confirmEmail: "lena.mori@example.com" });
    expect(res.status, server.output().slice(-3000)).toBe(200);
    expect(await traces(needles)).toEqual([]);
    await expect(stat(lena.file)).rejects.toThrow(/ENOENT/);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "erase", resource: "leads", resourceId: lena.lead.id } });
    expect(audit.userId).toBe((await db.user.findUniqueOrThrow({ where: { email: "gdpr-admin@example.com" } })).id);
    expect(audit.changes).toMatchObject({ self: false, leads: 1, inquiries: 1, ordersDetached: 0 });
  });

  it("reports a subscription Stripe did not cancel: shown to the admin and kept as a failed audit entry", async () => {
    // This server has no Stripe configured, so the cancellation cannot happen.
    const user = await db.user.create({ data: { email: "sam.sub@example.com", name: "Sam Sub" } });
    await db.subscription.create({ data: { providerId: "sub_gdpr_by_hand", userId: user.id, interval: "monthly" } });
    const admin = staff.get("ADMIN")!;
    const res = await admin.post("admin", "/admin/privacy", { email: user.email, userId: user.id, confirmEmail: user.email });
    expect(res.status, server.output().slice(-3000)).toBe(200);
    expect(res.body).toContain("sub_gdpr_by_hand");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "stripe_cancel", resourceId: "sub_gdpr_by_hand" } });
    expect(audit).toMatchObject({ status: "failure", resource: "subscriptions" });
    expect(audit.changes).toMatchObject({ reason: "gdpr_erasure", error: "Stripe is not configured" });
    // The person is erased all the same, and the subscription no longer theirs.
    expect(await db.user.count({ where: { id: user.id, erasedAt: { not: null } } })).toBe(1);
    expect(await db.subscription.findUniqueOrThrow({ where: { providerId: "sub_gdpr_by_hand" } })).toMatchObject({ userId: null });
  });

  it("cannot erase the last admin, from the admin or from the account page", async () => {
    const admin = staff.get("ADMIN")!;
    const adminUser = await db.user.findUniqueOrThrow({ where: { email: "gdpr-admin@example.com" } });
    const res = await admin.post("admin", "/admin/privacy", {
      email: adminUser.email,
      userId: adminUser.id,
      confirmEmail: adminUser.email,
    });
    expect(res.status).toBe(409);
    expect(res.body).toContain("privacy.lastAdmin");

    const own = await signedIn("gdpr-admin@example.com", "yuya");
    const self = await own.post("yuya", "/account", { intent: "erase", confirmEmail: "gdpr-admin@example.com" });
    expect(self.status).toBe(409);
    expect(await db.user.count({ where: { id: adminUser.id, erasedAt: null, role: "ADMIN" } })).toBe(1);

    // With a second admin, the first may go (by the other's hand).
    const second = await db.user.create({ data: { email: "gdpr-admin2@example.com", role: "ADMIN", name: "Second Admin" } });
    const other = await admin.post("admin", "/admin/privacy", { email: second.email, userId: second.id, confirmEmail: second.email });
    expect(other.status).toBe(200);
    expect(await traces(["gdpr-admin2@example.com", "Second Admin"])).toEqual([]);
  });

  it("refuses a user id that names someone else than the email", async () => {
    const a = await db.user.create({ data: { email: "mismatch-a@example.com" } });
    const res = await staff
      .get("ADMIN")!
      .post("admin", "/admin/privacy", { email: "mismatch-b@example.com", userId: a.id, confirmEmail: "mismatch-b@example.com" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("privacy.unknownUser");
    expect(await db.user.count({ where: { id: a.id, erasedAt: null } })).toBe(1);
  });
});

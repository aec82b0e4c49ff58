// The daily report against a real database: yesterday (Japan time) per site — leads, inquiries and the SLA
// deadlines missed that day, paid orders and revenue — stored, and mailed to each admin in their language.
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { buildDailyReport, renderDailyReport, reportDay, runDailyReport } from "./daily-report.server";

const { url, db } = await createTestDatabase();
process.env.DATABASE_URL = url;
const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-report-outbox-"));
process.env.OUTBOX_DIR = outbox;

const now = new Date("2026-11-25T09:00:00+09:00");
const at = (iso: string) => new Date(iso);

describe("daily report", () => {
  it("covers yesterday in Japan time", () => {
    expect(reportDay(now)).toEqual({ day: "2026-11-24", from: at("2026-11-24T00:00:00+09:00"), to: at("2026-11-25T00:00:00+09:00") });
  });

  it("counts per site what happened yesterday, and only yesterday", async () => {
    const lead = (domain: string | null, created: string, value?: number) => {
      const email = `${Math.random()}@example.com`;
      return db.lead.create({
        data: {
          email,
          emailHash: emailHash(email),
          source: "direct",
          sourceDomain: domain,
          createdAt: at(created),
          estimatedValue: value,
          gdprConsent: true,
        },
      });
    };
    const yuya = await lead("yuya-kabuki.com", "2026-11-24T10:00:00+09:00", 500000);
    await lead("yuya-kabuki.com", "2026-11-24T23:59:00+09:00", 100000);
    await lead("aoba-nekosora.com", "2026-11-24T00:00:00+09:00");
    await lead("aoba-nekosora.com", "2026-11-23T23:59:59+09:00"); // the day before
    await lead(null, "2026-11-24T12:00:00+09:00");
    // Inquiries: one received yesterday and answered in time, one whose 24 h deadline passed yesterday unanswered.
    await db.inquiry.create({
      data: {
        leadId: yuya.id,
        subject: "a",
        message: "m",
        responseTimeSla: 24,
        createdAt: at("2026-11-24T09:00:00+09:00"),
        firstResponseAt: at("2026-11-24T10:00:00+09:00"),
      },
    });
    await db.inquiry.create({
      data: { leadId: yuya.id, subject: "b", message: "m", responseTimeSla: 24, createdAt: at("2026-11-23T08:00:00+09:00") },
    });
    const product = await db.product.create({ data: { name: "ステム", characterOwner: "aoba", productType: "music_stem", price: 2200 } });
    const order = (status: "paid" | "pending" | "refunded", created: string) =>
      db.order.create({
        data: {
          orderNumber: `KZ-${Math.random()}`,
          totalAmount: 2200,
          status,
          createdAt: at(created),
          items: { create: [{ productId: product.id, quantity: 1, unitPrice: 2200, totalPrice: 2200 }] },
        },
      });
    await order("paid", "2026-11-24T15:00:00+09:00");
    await order("paid", "2026-11-24T16:00:00+09:00");
    await order("pending", "2026-11-24T16:00:00+09:00");
    await order("refunded", "2026-11-24T16:00:00+09:00");

    const report = await buildDailyReport(now);
    expect(report.day).toBe("2026-11-24");
    expect(report.sites.yuya).toEqual({ leads: 2, leadValue: "600000.00", inquiries: 1, slaBreaches: 1, orders: 0, revenue: [] });
    expect(report.sites.aoba).toMatchObject({ leads: 1, orders: 2, revenue: [{ currency: "JPY", amount: "4400.00" }] });
    expect(report.sites.shared).toMatchObject({ leads: 1, inquiries: 0 });
    expect(report.openBreaches).toBe(1);
  });

  it("is stored, and mailed to every admin in their language (HTML and text)", async () => {
    await db.user.create({ data: { email: "boss@example.com", role: "ADMIN", profile: { create: { preferredLanguage: "en" } } } });
    await db.user.create({ data: { email: "shacho@example.com", role: "ADMIN" } });
    await db.user.create({ data: { email: "staff@example.com", role: "SUPPORT" } });
    expect(await runDailyReport({ now, adminUrl: "http://admin.localhost:3000" })).toEqual({ day: "2026-11-24", recipients: 2 });
    const stored = await db.dailyReport.findUniqueOrThrow({ where: { day: new Date("2026-11-24T00:00:00Z") } });
    expect(stored.data).toMatchObject({ day: "2026-11-24", sites: { aoba: { orders: 2 } } });

    const mails = await Promise.all(
      (await readdir(outbox)).map((f) => readFile(path.join(outbox, f), "utf8").then((t) => t.replace(/=\r?\n/g, ""))),
    );
    const to = (email: string) => mails.find((m) => m.includes(`To: ${email}`))!;
    expect(to("boss@example.com")).toContain("Subject: Kizuna daily report 2026-11-24");
    expect(to("boss@example.com")).toContain("Content-Type: text/html");
    expect(to("shacho@example.com")).toMatch(/Subject: =\?UTF-8\?/); // Japanese subject, encoded
    expect(mails.some((m) => m.includes("To: staff@example.com"))).toBe(false);
    // A rerun replaces the day's report.
    await runDailyReport({ now, adminUrl: "http://admin.localhost:3000" });
    expect(await db.dailyReport.count()).toBe(1);
  });

  it("escapes what it puts in HTML", () => {
    const { html, text } = renderDailyReport(
      { day: "2026-11-24", openBreaches: 0, sites: { yuya: blank(), aoba: blank(), shared: blank() } },
      "ja",
      'http://x"><script>',
    );
    expect(html).not.toContain("<script>");
    expect(text).toContain("傾奇ユウヤ");
  });
});

function blank() {
  return { leads: 0, leadValue: "0", inquiries: 0, slaBreaches: 0, orders: 0, revenue: [] };
}

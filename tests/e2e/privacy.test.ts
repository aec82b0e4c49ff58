// The privacy screens in Chromium, in both languages (screenshots in build/screenshots): the account page's
// "Your data" card, erasing an account with the typed confirmation, and Admin › Privacy.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { launchBrowser, signInInBrowser, waitForHydration } from "../support/browser.ts";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer;
let browser: Browser;
let outbox: string;
const errors: string[] = [];
const shots = path.join(process.cwd(), "build", "screenshots");
const { url, db } = await createTestDatabase();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-e2e-outbox-"));
  [server, browser] = await Promise.all([
    startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(host: "aoba" | "admin", email: string, lng: "ja" | "en"): Promise<Page> {
  const page = await (await browser.newContext({ locale: lng === "en" ? "en-US" : "ja-JP" })).newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.context().addCookies([{ name: "lng", value: lng, url: server.url(host) }]);
  await signInInBrowser(page, server.url(host, "/login"), outbox, email);
  return page;
}

describe("the account page's data card", () => {
  it.each(["en", "ja"] as const)("shows consent history and erases with a typed confirmation (%s)", async (lng) => {
    errors.length = 0;
    const email = `shopper-${lng}@example.com`;
    const page = await signIn("aoba", email, lng);
    await page.goto(server.url("aoba", "/account"));
    await waitForHydration(page);
    // Consent on, then off: two entries in the history.
    const consent = page.locator("input[name=marketingConsent]");
    for (const expected of [1, 2]) {
      await consent.click();
      await page.locator("form#profile button[type=submit]").click();
      await expect.poll(() => page.locator("[data-consent]").count()).toBe(expected);
    }
    const card = page.locator("[data-card=your-data]");
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, `privacy-account-${lng}.png`), fullPage: true });

    const confirm = card.getByRole("textbox");
    await confirm.fill("wrong@example.com");
    await card.getByRole("button", { name: lng === "en" ? "Erase my account" : "アカウントを削除する" }).click();
    await expect.poll(() => card.locator("[id$=-error]").first().textContent()).toMatch(lng === "en" ? /does not match/ : /一致しません/);
    expect(await db.user.count({ where: { email } })).toBe(1);

    await confirm.fill(email);
    await card.getByRole("button", { name: lng === "en" ? "Erase my account" : "アカウントを削除する" }).click();
    await page.waitForURL(/\/account\/erased$/);
    await page.getByRole("heading", { name: lng === "en" ? "Your account has been erased" : "アカウントを削除しました" }).waitFor();
    await page.screenshot({ path: path.join(shots, `privacy-erased-${lng}.png`), fullPage: true });
    expect(await db.user.count({ where: { email } })).toBe(0);
    await page.goto(server.url("aoba", "/account"));
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(errors).toEqual([]);
  });
});

describe("Admin › Privacy", () => {
  it.each(["en", "ja"] as const)("looks up an email and offers export and erasure (%s)", async (lng) => {
    errors.length = 0;
    const admin = `privacy-admin-${lng}@example.com`;
    await db.user.create({ data: { email: admin, role: "ADMIN" } });
    const person = `lead-${lng}@example.com`;
    await db.lead.create({
      data: {
        email: person,
        emailHash: emailHash(person),
        name: "Kana Lead",
        source: "aoba_site",
        sourceDomain: "aoba-nekosora.com",
        inquiries: { create: { subject: "Hello", message: "Please call" } },
      },
    });
    const page = await signIn("admin", admin, lng);
    await page.goto(server.url("admin", `/admin/privacy?email=${encodeURIComponent(person)}`));
    await waitForHydration(page);
    await page.locator(`[data-person="${person}"]`).waitFor();
    await page.screenshot({ path: path.join(shots, `privacy-admin-${lng}.png`), fullPage: true });

    await page.locator("input[name=confirmEmail]").fill(person);
    await page.getByRole("button", { name: lng === "en" ? "Erase permanently" : "完全に削除する" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: lng === "en" ? /Erased: 1 lead and 1 inquiry anonymized/ : /リード 1 件とお問い合わせ 1 件を匿名化/ })
      .waitFor();
    await page.screenshot({ path: path.join(shots, `privacy-admin-erased-${lng}.png`), fullPage: true });
    expect(await db.lead.count({ where: { emailHash: emailHash(person) } })).toBe(0);
    expect(errors).toEqual([]);
  });
});

// The admin in Chromium with the demo data: every screen hydrates without errors; the pipeline board's sums,
// drag and drop, and the keyboard.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInInBrowser, waitForHydration } from "../support/browser.ts";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const { url, db } = await createTestDatabase({ seeded: true });

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-e2e-outbox-"));
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox }), launchBrowser()]);
  page = await (await browser.newContext({ locale: "en-US" })).newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await signInInBrowser(page, server.url("admin", "/login"), outbox, "admin@example.com");
  await page.waitForURL(/\/admin$/);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const column = (status: string) => page.locator(`[data-column="${status}"]`);
const waitForStatus = async (id: string, status: string) => {
  for (let i = 0; i < 50; i++) {
    if ((await db.lead.findUniqueOrThrow({ where: { id } })).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`lead ${id} did not become ${status}`);
};

describe("without JavaScript", () => {
  it("a signed-in admin's form posts natively and is taken as this site's, not refused as cross-site", async () => {
    const context = await browser.newContext({
      locale: "en-US",
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
    });
    try {
      const plain = await context.newPage();
      await plain.goto(server.url("admin", "/admin/companies"));
      const form = plain.locator("form[data-company-form=create]");
      await form.locator("input[name=name]").fill("JSなし商事 株式会社");
      const [response] = await Promise.all([
        plain.waitForEvent("response", (r) => r.request().method() === "POST"),
        form.locator("button[type=submit]").click(),
      ]);
      expect(response.status()).toBe(302); // to the new company's page
      expect(await db.company.count({ where: { name: "JSなし商事 株式会社" } })).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe("every admin screen", () => {
  it("renders and hydrates without errors, in both languages", async () => {
    const lead = await db.lead.findFirstOrThrow({ where: { status: "proposal" } });
    const inquiry = await db.inquiry.findFirstOrThrow();
    const company = await db.company.findFirstOrThrow();
    const project = await db.project.findFirstOrThrow();
    const product = await db.product.findFirstOrThrow();
    const order = await db.order.findFirstOrThrow({ where: { status: "paid" } });
    const screens = [
      "/admin",
      "/admin/leads",
      `/admin/leads/${lead.id}`,
      "/admin/leads/board",
      "/admin/inquiries",
      `/admin/inquiries/${inquiry.id}`,
      "/admin/users",
      "/admin/tokens",
      "/admin/audit",
      "/admin/projects",
      "/admin/companies",
      `/admin/companies/${company.id}`,
      `/admin/projects/${project.id}`,
      "/admin/leads/import",
      "/admin/analytics",
      "/admin/analytics?period=daily&character=aoba&type=music",
      "/admin/embed-keys",
      "/admin/api-docs",
      "/admin/products",
      "/admin/products/new",
      `/admin/products/${product.id}`,
      "/admin/orders",
      `/admin/orders/${order.id}`,
      "/admin/jobs",
    ];
    for (const lng of ["en", "ja"]) {
      await page.context().addCookies([{ name: "lng", value: lng, url: server.url("admin") }]);
      for (const screen of screens) {
        errors.length = 0;
        const res = await page.goto(server.url("admin", screen));
        expect(res?.status(), screen).toBe(200);
        await waitForHydration(page);
        await page.waitForLoadState("networkidle");
        expect(errors, `${lng} ${screen}`).toEqual([]);
        expect(await page.locator("html").getAttribute("lang")).toBe(lng);
      }
    }
    await page.context().addCookies([{ name: "lng", value: "en", url: server.url("admin") }]);
  }, 240_000); // 48 pages, each loaded, hydrated and idle: ~45 s on a quiet machine, far more on a busy one
});

describe("pipeline board", () => {
  it("shows each column's count and value, for both sites or one", async () => {
    await page.goto(server.url("admin", "/admin/leads/board"));
    await waitForHydration(page);
    const sums = await db.lead.groupBy({ by: ["status"], _count: { _all: true }, _sum: { estimatedValue: true } });
    for (const row of sums) {
      expect(await column(row.status).locator("[data-count]").textContent()).toBe(String(row._count._all));
      expect(await column(row.status).locator("[data-sum]").getAttribute("data-sum")).toBe(row._sum.estimatedValue?.toString() ?? "0");
    }
    await page.getByRole("link", { name: "Nekosora Aoba" }).click();
    await page.waitForURL(/character=aoba/);
    const aobaNew = await db.lead.count({ where: { status: "new", sourceDomain: "aoba-nekosora.com" } });
    await page.waitForFunction(
      (count) => document.querySelector('[data-column="new"] [data-count]')?.textContent === count,
      String(aobaNew),
    );
  });

  it("moves a card by drag and drop", async () => {
    await page.goto(server.url("admin", "/admin/leads/board"));
    await waitForHydration(page);
    const card = column("new").locator("[data-card]").first();
    const id = (await card.getAttribute("data-card"))!;
    // The browser's own drag events, with one DataTransfer carried from the card to the column.
    const transfer = await page.evaluateHandle(() => new DataTransfer());
    await card.dispatchEvent("dragstart", { dataTransfer: transfer });
    await column("contacted").dispatchEvent("dragover", { dataTransfer: transfer });
    await column("contacted").dispatchEvent("drop", { dataTransfer: transfer });
    await card.dispatchEvent("dragend", { dataTransfer: transfer });
    await column("contacted").locator(`[data-card="${id}"]`).waitFor();
    await waitForStatus(id, "contacted");
    expect(await db.leadActivity.count({ where: { leadId: id, activityType: "status_change" } })).toBeGreaterThan(0);
  });

  it("moves a card with the keyboard, and announces it", async () => {
    await page.goto(server.url("admin", "/admin/leads/board"));
    await waitForHydration(page);
    const card = column("qualified").locator("[data-card]").first();
    const id = (await card.getAttribute("data-card"))!;
    await card.focus();
    await page.keyboard.press("ArrowRight");
    await column("proposal").locator(`[data-card="${id}"]`).waitFor();
    await waitForStatus(id, "proposal");
    await expect(page.locator("[aria-live=polite]").textContent()).resolves.toContain("Proposal");
    expect(errors).toEqual([]);
  });
});

describe("dashboard", () => {
  it("fits desktop and laptop widths in both languages, with charts, every KPI and the feed (screenshots in build/screenshots)", async () => {
    const shots = path.join(process.cwd(), "build", "screenshots");
    for (const [width, height] of [
      [1440, 900],
      [1280, 800],
      [1024, 768],
    ] as const) {
      for (const lng of ["ja", "en"]) {
        await page.setViewportSize({ width, height });
        await page.context().addCookies([{ name: "lng", value: lng, url: server.url("admin") }]);
        errors.length = 0;
        await page.goto(server.url("admin", "/admin"));
        await waitForHydration(page);
        await page.waitForLoadState("networkidle");
        expect(errors, `${lng} ${width}`).toEqual([]);
        // Nothing sticks out sideways; the three charts drew their areas; every registered KPI has a tile.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${lng} ${width} overflow`).toBe(true);
        expect(await page.locator("figure .recharts-area-area").count()).toBe(3);
        for (const box of await page.locator("figure .recharts-surface").all())
          expect((await box.boundingBox())!.width).toBeGreaterThan(200);
        expect(await page.locator("ul li:has(dl)").count()).toBeGreaterThanOrEqual(14);
        expect(await page.locator("ol li").count()).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(shots, `dashboard-${lng}-${width}.png`), fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.context().addCookies([{ name: "lng", value: "en", url: server.url("admin") }]);
  });

  it("switches the period and recalculates on demand", async () => {
    await page.goto(server.url("admin", "/admin"));
    await waitForHydration(page);
    await page.getByRole("link", { name: "Weekly" }).click();
    await page.waitForURL(/period=weekly/);
    await expect.poll(() => page.getByRole("link", { name: "Weekly" }).getAttribute("aria-current")).toBe("page");
    await page.getByRole("button", { name: "Recalculate now" }).click();
    await page.waitForURL(/recalculated=1/);
    await expect.poll(() => page.getByText("The KPIs were recalculated.").isVisible()).toBe(true);
    expect(await db.kpiMetric.count({ where: { periodType: "weekly", metricName: "total_leads" } })).toBe(4);

    const res = await page.goto(server.url("admin", "/admin?period=fortnightly"));
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.getByText("Unknown period “fortnightly”").isVisible()).toBe(true);
  });
});

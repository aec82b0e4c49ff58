// The shop in Chromium with the demo data: it hydrates without errors, and each product's buy form checks its
// quantity in the browser with the same schema the action parses with, showing the message on its card.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, waitForHydration } from "../support/browser.ts";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const { url, db } = await createTestDatabase({ seeded: true });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: url }), launchBrowser()]);
  const context = await browser.newContext({ locale: "en-US" });
  await context.addCookies([{ name: "lng", value: "en", url: server.url("aoba") }]);
  page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("shop", () => {
  it("hydrates, and refuses a quantity out of range on the product's card before anything is sent", async () => {
    const shirt = await db.product.findFirstOrThrow({ where: { name: "ユウヤ×あおば コラボTシャツ" } });
    const res = await page.goto(server.url("aoba", "/shop"));
    expect(res?.status()).toBe(200);
    await waitForHydration(page);
    const card = page.locator("li", { has: page.getByRole("heading", { name: shirt.name }) });
    const quantity = card.getByRole("spinbutton", { name: "Qty" });
    await quantity.fill("50");
    await quantity.blur();
    await expect.poll(() => card.getByRole("alert").textContent()).toContain("Choose a quantity from 1 to 10");
    await quantity.fill("2");
    await expect.poll(() => card.getByRole("alert").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

// Contents in the admin in Chromium with the demo data: the screens hydrate without errors in both languages, the
// slug follows the title, the preview follows the body (rendered by the server, sanitized), and the category
// arrows work from the keyboard.
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
/** Set SCREENSHOTS=/some/dir to keep pictures of the screens. */
const shots = process.env.SCREENSHOTS;

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-e2e-outbox-"));
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox }), launchBrowser()]);
  page = await (await browser.newContext({ locale: "en-US", viewport: { width: 1400, height: 1000 } })).newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await signInInBrowser(page, server.url("admin", "/login"), outbox, "admin@example.com");
  await page.waitForURL(/\/admin$/);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const snap = async (name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
};

describe("content screens", () => {
  it("render and hydrate without errors, in both languages", async () => {
    const content = await db.content.findFirstOrThrow({ where: { slug: "aoba-night-sky" } });
    const screens = [
      "/admin/contents",
      "/admin/contents?owner=aoba&type=music",
      "/admin/contents/new",
      `/admin/contents/${content.id}`,
      "/admin/contents/categories",
    ];
    for (const lng of ["ja", "en"]) {
      await page.context().addCookies([{ name: "lng", value: lng, url: server.url("admin") }]);
      for (const [i, screen] of screens.entries()) {
        errors.length = 0;
        const res = await page.goto(server.url("admin", screen));
        expect(res?.status(), screen).toBe(200);
        await waitForHydration(page);
        await page.waitForLoadState("networkidle");
        expect(errors, `${lng} ${screen}`).toEqual([]);
        await snap(`${lng}-${i}`);
      }
    }
  });

  it("suggests the slug from the title and previews the body while typing", async () => {
    await page.goto(server.url("admin", "/admin/contents/new"));
    await waitForHydration(page);
    await page.getByRole("textbox", { name: "Title", exact: true }).fill("Live Preview Test");
    await expect.poll(() => page.getByRole("textbox", { name: "Slug" }).inputValue()).toBe("live-preview-test");
    await page.getByRole("textbox", { name: "Body (markdown)" }).fill("## Typed heading\n\n<script>window.hacked = 1</script>*soft*");
    const preview = page.locator('[data-preview="html"]');
    await expect.poll(() => preview.innerHTML().catch(() => "")).toContain("<h2>Typed heading</h2>");
    expect(await preview.innerHTML()).not.toContain("<script");
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    await snap("editor-live");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/admin\/contents\/[0-9a-f-]{36}\?saved=1$/);
    expect(await db.content.count({ where: { slug: "live-preview-test" } })).toBe(1);
    expect(errors).toEqual([]);
  });

  it("reorders categories from the keyboard, keeping focus on the moved row", async () => {
    await page.goto(server.url("admin", "/admin/contents/categories"));
    await waitForHydration(page);
    const down = page.getByRole("button", { name: "Move ツール / Tools down" });
    await down.focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(async () =>
        (await db.contentCategory.findMany({ where: { parent: { slug: "yuya-ai" } }, orderBy: { sortOrder: "asc" } })).map((c) => c.slug),
      )
      .toEqual(["yuya-case-studies", "yuya-ai-tools"]);
    // Now last: its "down" arrow is disabled, so focus is on its "up" arrow.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move ツール / Tools up");
    await snap("categories-moved");
    expect(errors).toEqual([]);
  });
});

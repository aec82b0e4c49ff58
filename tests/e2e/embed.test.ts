// The embeddable form in Chromium on a page served from a third origin (another loopback port): it renders
// in its shadow root in both languages, validates like the server, submits a lead that lands under the key's
// site and source, is refused on an origin the key does not allow, and a submission made while the API is
// unreachable waits in localStorage and is delivered once it is back — exactly once.
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { createTestDatabase } from "../support/database.ts";
import { freePort } from "../support/ports.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer;
let browser: Browser;
const pages: Server[] = [];
const { url, db } = await createTestDatabase();
let allowed = "";
let other = "";
const KEY = "pk_E2eEmbedKey000000000000A";

/** A partner's page on its own origin: our script tag and the placeholder, nothing else of ours. */
async function partnerPage(locale: string): Promise<string> {
  const port = await freePort();
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>Partner</title>
<style>body{font-family:serif;background:#fef3c7} input,button,label{all:unset;color:red}</style></head>
<body><h1>Partner live house</h1><div id="form" data-kizuna-form data-key="${KEY}" data-locale="${locale}" data-fields="name,company,phone,message"></div>
<script src="${server.url("aoba", "/sdk/v1/embed.js")}" crossorigin="anonymous"></script></body></html>`;
  const page = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
  await new Promise<void>((resolve) => page.listen(port, "127.0.0.1", resolve));
  pages.push(page);
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ DATABASE_URL: url, EMBED_MIN_FILL_MS: "300", RATE_LIMIT_API_PER_MINUTE: "100000" }),
    launchBrowser(),
  ]);
  allowed = await partnerPage("ja");
  other = await partnerPage("en");
  await db.embedKey.create({
    data: { publicKey: KEY, name: "E2E partner", tenant: "aoba", source: "referral", allowedOrigins: [allowed] },
  });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(pages.map((p) => new Promise((resolve) => p.close(resolve))));
  await server?.stop();
});

async function open(origin: string, locale = "ja-JP"): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(origin);
  await page.locator("#form button").waitFor();
  // Events the form sends to the host page, collected for the test.
  await page.evaluate(() => {
    const w = window as unknown as { events: { type: string; detail: unknown }[] };
    w.events = [];
    for (const type of ["kizuna:submitted", "kizuna:error", "kizuna:queued"]) {
      document.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  return page;
}
const events = (page: Page) =>
  page.evaluate(() => (window as unknown as { events: { type: string; detail: Record<string, unknown> }[] }).events);

async function fill(page: Page, email: string) {
  await page.locator("#form input[name=email]").fill(email);
  await page.locator("#form input[name=name]").fill("星野 みどり");
  await page.locator("#form textarea[name=message]").fill("物販でチラシを見ました");
  await page.locator("#form input[name=gdprConsent]").check();
  await page.waitForTimeout(400); // a person takes longer than the time trap
}

describe("the embedded form on a partner's page", () => {
  it("validates like the server, in the page's language, before sending anything", async () => {
    const page = await open(allowed);
    await page.locator("#form button").click();
    await expect.poll(() => page.locator("#form [aria-invalid=true]").count()).toBe(3);
    expect(await page.locator("#form").evaluate((host) => host.shadowRoot!.textContent)).toContain("入力してください");
    await page.locator("#form input[name=email]").fill("not an email");
    await page.locator("#form button").click();
    expect(await page.locator("#form").evaluate((host) => host.shadowRoot!.textContent)).toContain(
      "有効なメールアドレスを入力してください",
    );
    expect((await events(page)).every((e) => e.type === "kizuna:error")).toBe(true);
    await page.screenshot({ path: path.join(process.cwd(), "build", "screenshots", "embed-ja-errors.png") });
    // The partner's CSS (all:unset, red serif) did not reach inside the shadow root.
    expect(await page.locator("#form button").evaluate((b) => getComputedStyle(b).color)).toBe("rgb(255, 255, 255)");
    expect(await db.lead.count()).toBe(0);
  });

  it("submits a lead that lands under the key's site and source", async () => {
    const page = await open(allowed);
    await fill(page, "midori@partner.example.com");
    await page.locator("#form button").click();
    await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain("kizuna:submitted");
    expect(await page.locator("#form").evaluate((host) => host.shadowRoot!.textContent)).toContain("送信しました");
    const lead = await db.lead.findFirstOrThrow({ where: { sourcePage: { startsWith: allowed } } });
    expect(lead).toMatchObject({ source: "referral", sourceDomain: "aoba-nekosora.com", name: "星野 みどり", gdprConsent: true });
  });

  it("is refused on an origin the key does not allow, and says so to the host page (English)", async () => {
    const page = await open(other, "en-US");
    expect(await page.locator("#form").evaluate((host) => host.shadowRoot!.textContent)).toContain(
      "I agree to the handling of my personal data",
    );
    await fill(page, "someone@elsewhere.example");
    await page.locator("#form button").click();
    await expect.poll(async () => (await events(page)).find((e) => e.type === "kizuna:error")?.detail.code).toBe("origin_not_allowed");
    await page.screenshot({ path: path.join(process.cwd(), "build", "screenshots", "embed-en-refused.png") });
    expect(await db.lead.count({ where: { sourcePage: { startsWith: other } } })).toBe(0);
  });

  it("keeps a submission made while the API is unreachable and delivers it once it is back, exactly once", async () => {
    const page = await open(allowed);
    await page.route("**/api/embed/v1/leads", (route) => route.abort("connectionrefused"));
    await fill(page, "offline@partner.example.com");
    await page.locator("#form button").click();
    await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain("kizuna:queued");
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("kizuna:queue") ?? "[]") as unknown[]);
    expect(queued).toHaveLength(1);
    expect(await db.lead.count({ where: { name: "星野 みどり", sourcePage: { startsWith: allowed } } })).toBe(1); // only the earlier one

    // Back online: the next page load sends it (its retry time has come), once; further loads send nothing.
    await page.unroute("**/api/embed/v1/leads");
    await page.evaluate(() => {
      const queue = JSON.parse(localStorage.getItem("kizuna:queue") ?? "[]") as { at: number }[];
      localStorage.setItem("kizuna:queue", JSON.stringify(queue.map((item) => ({ ...item, at: 0 }))));
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => localStorage.getItem("kizuna:queue"))).toBe("[]");
    await page.reload();
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await page.waitForTimeout(300);
    const leads = await db.lead.findMany({ where: { sourcePage: { startsWith: allowed } } });
    expect(leads).toHaveLength(2);
    expect(await db.inquiry.count({ where: { leadId: { in: leads.map((l) => l.id) } } })).toBe(2);
  });
});

// Debian's Chromium driven by playwright-core (no browser download). Chromium resolves *.localhost itself.
import { chromium, type Browser, type Page } from "playwright-core";
import { latestMailTo, signInCode } from "./outbox.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Waits until React has hydrated the page (root sets data-hydrated on <html>), so clicks are not lost. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForSelector("html[data-hydrated]", { state: "attached" });
}

/**
 * Signs a page in with the email code, as a person would: the login form, the code from the outbox, the code
 * form; resolves once the browser has left /login.
 */
export async function signInInBrowser(page: Page, loginUrl: string, outbox: string, email: string): Promise<void> {
  await page.goto(loginUrl);
  await waitForHydration(page);
  await page.locator("form:has(input[name=email]) input[name=email]").fill(email);
  await page.locator("form:has(input[name=email]) button[type=submit]").click();
  await page.waitForURL(/\/login\/code$/);
  await page.locator("input[name=code]").fill(signInCode(await latestMailTo(outbox, email)));
  await page.locator("form:has(input[name=code]) button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

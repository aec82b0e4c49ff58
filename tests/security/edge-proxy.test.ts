// Finding: TRUST_PROXY=true (the documented production setting) let the client choose req.ip with the left-most
// X-Forwarded-For (every per-address limit fell, audit and session addresses could be forged), and Remix built
// request.url from a client's X-Forwarded-Host (a sign-in mail could link to any host). Now TRUST_PROXY is a hop
// count or the proxies' addresses, and request.url always carries the Host header the site was resolved from.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { latestMailTo } from "../support/outbox.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const SIGN_IN_LIMIT = 3;
let server: RunningServer;
let outbox: string;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = (await createTestDatabase()).url;
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({
    DATABASE_URL: databaseUrl,
    OUTBOX_DIR: outbox,
    TRUST_PROXY: "1",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: String(SIGN_IN_LIMIT),
  });
});
afterAll(async () => {
  await server?.stop();
});

function signIn(forwardedFor: string, email = "nobody@example.com", headers: Record<string, string> = {}) {
  return server.request({
    host: "yuya",
    path: "/auth/email",
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor, ...headers },
    body: new URLSearchParams({ email }).toString(),
  });
}

describe("TRUST_PROXY=1 (one proxy in front)", () => {
  it("counts the address the proxy saw, whatever the client put before it in X-Forwarded-For", async () => {
    const statuses: number[] = [];
    // The proxy appends the address it saw (203.0.113.7); the client forges a new left-most address each time.
    for (let i = 0; i < SIGN_IN_LIMIT + 3; i++) statuses.push((await signIn(`10.9.8.${i}, 203.0.113.7`)).status);
    expect(statuses.slice(0, SIGN_IN_LIMIT).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(SIGN_IN_LIMIT)).toEqual([429, 429, 429]);
    // Another client behind the same proxy has its own count.
    expect((await signIn("10.9.8.1, 198.51.100.9")).status).not.toBe(429);
  });

  it("builds the sign-in link from the Host header, never from X-Forwarded-Host", async () => {
    const email = "forwarded-host@example.com";
    const res = await signIn("192.0.2.44", email, { "x-forwarded-host": "attacker.example:6666" });
    expect(res.status).toBe(302);
    const mail = await latestMailTo(outbox, email);
    expect(mail).toContain(`http://yuya.localhost:${server.port}/auth/email/verify`);
    expect(mail).not.toContain("attacker.example");
    expect(mail).not.toContain(":6666");
  });
});

describe("TRUST_PROXY=true", () => {
  it("stops the server at boot, saying what to set instead", async () => {
    const started = startServer({ DATABASE_URL: databaseUrl, TRUST_PROXY: "true" }, { timeoutMs: 60_000 });
    await started.then((running) => running.stop()).catch(() => undefined); // a server that did start is stopped
    await expect(started).rejects.toThrow(/TRUST_PROXY: true is refused[\s\S]*number of proxies/);
  });
});

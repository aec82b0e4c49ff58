// Attack: brute-forcing the six-digit email sign-in code. The attempt count once lived in the cookie, so a client
// that replayed the cookie from POST /auth/email was back at zero, and the magic link (GET) had no limit at all.
// Now every code is a row in PostgreSQL: five wrong tries kill it whatever cookie comes along, a code works once,
// and an address takes at most ten wrong tries an hour.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { latestMailTo, signInCode } from "../support/outbox.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
const { url, db } = await createTestDatabase();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "100" });
});
afterAll(async () => {
  await server?.stop();
});

/** A second browser holding exactly the cookies `visitor` holds now (what a replaying attacker sends). */
function replay(visitor: Visitor, host = "yuya"): Visitor {
  const copy = new Visitor(server);
  for (const pair of visitor.cookies(host).split("; ").filter(Boolean)) {
    const at = pair.indexOf("=");
    copy.setCookie(host, pair.slice(0, at), pair.slice(at + 1));
  }
  return copy;
}

async function requestCode(visitor: Visitor, email: string): Promise<string> {
  const sent = await visitor.post("yuya", "/auth/email", { email });
  expect(sent.headers.location).toBe("/login/code");
  return signInCode(await latestMailTo(outbox, email));
}

const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");
const sessionsOf = (email: string) => db.session.count({ where: { user: { email } } });

async function postCode(visitor: Visitor, code: string) {
  return (await visitor.post("yuya", "/auth/email", { code })).headers.location;
}
async function openLink(visitor: Visitor, code: string) {
  return (await visitor.get("yuya", `/auth/email/verify?${new URLSearchParams({ code })}`)).headers.location;
}

describe("the email code cannot be brute-forced", () => {
  it("kills a code after five wrong tries, whatever cookie is replayed (form and magic link)", async () => {
    const email = "replayed@example.com";
    const attacker = new Visitor(server);
    const code = await requestCode(attacker, email);
    for (let i = 0; i < 10; i++) {
      expect(await postCode(replay(attacker), wrongFor(code))).not.toBe("/auth/done");
      expect(await openLink(replay(attacker), wrongFor(code))).not.toBe("/auth/done");
    }
    expect(await postCode(replay(attacker), code)).not.toBe("/auth/done");
    expect(await openLink(replay(attacker), code)).not.toBe("/auth/done");
    expect(await sessionsOf(email)).toBe(0);

    // The person it belongs to asks for a fresh code and gets in.
    const owner = new Visitor(server);
    const fresh = await requestCode(owner, email);
    expect(await postCode(owner, fresh)).toBe("/auth/done");
    expect(await sessionsOf(email)).toBe(1);
  });

  it("counts wrong tries per address across browsers and codes: ten an hour, then no code works", async () => {
    const email = "many-browsers@example.com";
    for (let round = 0; round < 2; round++) {
      const browser = new Visitor(server);
      const code = await requestCode(browser, email);
      for (let i = 0; i < 5; i++) expect(await postCode(replay(browser), wrongFor(code))).toBe("/login/code");
    }
    const late = new Visitor(server);
    const sent = await late.post("yuya", "/auth/email", { email });
    // Locked: no code is mailed, and the page says why.
    expect(sent.headers.location).toBe("/login");
    expect((await late.get("yuya", "/login", { "accept-language": "en" })).body).toContain("Too many wrong codes");
    expect(await sessionsOf(email)).toBe(0);
  });

  it("lets a code sign in once: the cookie or link that succeeded cannot be replayed", async () => {
    const email = "once@example.com";
    const visitor = new Visitor(server);
    const code = await requestCode(visitor, email);
    const before = replay(visitor);
    const beforeLink = replay(visitor);
    expect(await postCode(visitor, code)).toBe("/auth/done");
    expect(await postCode(before, code)).not.toBe("/auth/done");
    expect(await openLink(beforeLink, code)).not.toBe("/auth/done");
    expect(await sessionsOf(email)).toBe(1);
  });

  it("supersedes an earlier code for the address when a new one is sent", async () => {
    const email = "superseded@example.com";
    const first = new Visitor(server);
    const old = await requestCode(first, email);
    await requestCode(new Visitor(server), email);
    expect(await postCode(first, old)).not.toBe("/auth/done");
    expect(await sessionsOf(email)).toBe(0);
  });

  it("does not let the code of one address sign in as another", async () => {
    const attacker = new Visitor(server);
    const attackerCode = await requestCode(attacker, "attacker@example.com");
    const victimFlow = new Visitor(server);
    await requestCode(victimFlow, "victim@example.com");
    expect(await postCode(victimFlow, attackerCode)).not.toBe("/auth/done");
    expect(await openLink(victimFlow, attackerCode)).not.toBe("/auth/done");
    expect(await sessionsOf("victim@example.com")).toBe(0);
  });
});

describe("sessions", () => {
  it("opens a new session on each sign-in, and sign-out deletes its row for good", async () => {
    const email = "sessions@example.com";
    const visitor = new Visitor(server);
    const cookieBefore = visitor.cookies("yuya");
    await requestCode(visitor, email).then((code) => postCode(visitor, code));
    expect(visitor.cookies("yuya")).not.toBe(cookieBefore);
    const signedIn = replay(visitor);
    expect((await signedIn.get("yuya", "/account")).status).toBe(200);
    expect(await sessionsOf(email)).toBe(1);

    await visitor.post("yuya", "/logout", {});
    expect(await sessionsOf(email)).toBe(0);
    // The cookie from before sign-out no longer signs anyone in.
    expect((await signedIn.get("yuya", "/account")).headers.location).toMatch(/^\/login/);
  });
});

describe("the magic link", () => {
  it("limits magic-link checks by client address", async () => {
    const visitor = new Visitor(server);
    await requestCode(visitor, "link-flood@example.com");
    const statuses = new Set<number>();
    // RATE_LIMIT_SIGN_IN_PER_MINUTE is 100 here, and code checks by address share it: 101 requests must meet a 429.
    for (let i = 0; i < 101 && !statuses.has(429); i++) statuses.add((await visitor.get("yuya", "/auth/email/verify?code=123456")).status);
    expect(statuses.has(429)).toBe(true);
  });
});

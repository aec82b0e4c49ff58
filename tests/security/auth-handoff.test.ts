// Attack: login CSRF through the cross-site handoff. An attacker mints a handoff token for their own account and
// sends a victim to /auth/handoff?token=… within its minute; the victim was silently signed in as the attacker
// (and whatever they then typed went to the attacker's account). Now a token only works in the browser that
// began the crossing (a nonce in a cookie of the arriving site). Also: garbage tokens write no audit rows, and
// the route is limited by client address.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { handoffLocation } from "../support/handoff.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { pathOf, Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
const { url, db } = await createTestDatabase();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "40" });
});
afterAll(async () => {
  await server?.stop();
});

async function signedIn(email: string, host: "yuya" | "aoba"): Promise<Visitor> {
  const visitor = new Visitor(server);
  await signInWithEmail(visitor, host, email, outbox);
  return visitor;
}

const aobaSessionsOf = (email: string) => db.session.count({ where: { site: "aoba", user: { email } } });

describe("a handoff token works only in the browser that began the crossing", () => {
  it("does not sign a victim in as the attacker who minted the token", async () => {
    const attacker = await signedIn("csrf-attacker@example.com", "yuya");
    const tokenUrl = await handoffLocation(server, attacker, "yuya", "aoba", "/contact");
    expect(new URL(tokenUrl).searchParams.get("token")).toBeTruthy();

    const victim = new Visitor(server);
    const landed = await victim.get("aoba", pathOf(tokenUrl));
    expect(landed.status).toBe(302);
    expect(landed.headers.location).toBe("/contact");
    expect((await victim.get("aoba", "/account")).headers.location).toMatch(/^\/login/);
    expect(await aobaSessionsOf("csrf-attacker@example.com")).toBe(0);
  });

  it("does not sign in a victim who began a crossing of their own with the attacker's token", async () => {
    const attacker = await signedIn("csrf-attacker2@example.com", "yuya");
    const tokenUrl = await handoffLocation(server, attacker, "yuya", "aoba", "/");
    const victim = new Visitor(server);
    // The victim's browser holds a nonce of its own (a crossing it began, e.g. from a link the attacker sent).
    expect((await victim.get("aoba", "/auth/handoff?next=/")).status).toBe(302);
    await victim.get("aoba", pathOf(tokenUrl));
    expect((await victim.get("aoba", "/account")).headers.location).toMatch(/^\/login/);
    expect(await aobaSessionsOf("csrf-attacker2@example.com")).toBe(0);
    expect(
      await db.auditLog.count({ where: { action: "sign_in", status: "failure", changes: { path: ["error"], equals: "wrong_browser" } } }),
    ).toBe(2);
  });

  it("still carries the person who began the crossing over", async () => {
    const visitor = await signedIn("crosser@example.com", "yuya");
    const tokenUrl = await handoffLocation(server, visitor, "yuya", "aoba", "/contact");
    const arrived = await visitor.get("aoba", pathOf(tokenUrl));
    expect(arrived.headers.location).toBe("/contact");
    expect((await visitor.get("aoba", "/account")).status).toBe(200);
    expect(await aobaSessionsOf("crosser@example.com")).toBe(1);
  });
});

describe("garbage at /auth/handoff", () => {
  it("writes no audit row for what is not even a token, and is limited by client address", async () => {
    const before = await db.auditLog.count();
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await new Visitor(server).get("yuya", `/auth/handoff?token=x${i}&next=/`)).status);
    expect(await db.auditLog.count()).toBe(before);
    expect(statuses.slice(0, 10).every((status) => status === 302)).toBe(true);
    expect(statuses).toContain(429);
  });
});

// The account page and one sign-in across the two brand domains, against the real server.
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
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

async function signedIn(email: string, host = "yuya"): Promise<Visitor> {
  const visitor = new Visitor(server);
  await signInWithEmail(visitor, host, email, outbox);
  return visitor;
}

const validProfile = {
  intent: "profile",
  displayName: "ねこ好き",
  bio: "ステムで曲を作っています",
  websiteUrl: "https://example.com/me",
  twitterHandle: "@neko_fan",
  discordId: "neko.fan",
  preferredCharacter: "AOBA",
  marketingConsent: "on",
};

describe("account page", () => {
  it("asks for sign-in first, and comes back afterwards", async () => {
    const res = await new Visitor(server).get("aoba", "/account");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login?redirectTo=%2Faccount");
  });

  it("does not exist on the admin host", async () => {
    const visitor = await signedIn("staff-404@example.com", "admin");
    expect((await visitor.get("admin", "/account")).status).toBe(404);
  });

  it("saves the profile, normalised, and audits what changed", async () => {
    const visitor = await signedIn("profile@example.com", "aoba");
    const page = await visitor.get("aoba", "/account");
    expect(page.status).toBe(200);
    expect(page.body).toContain("profile@example.com");

    const saved = await visitor.post("aoba", "/account", validProfile);
    expect(saved.status).toBe(200);
    const user = await db.user.findUniqueOrThrow({ where: { email: "profile@example.com" }, include: { profile: true } });
    expect(user.profile).toMatchObject({
      displayName: "ねこ好き",
      twitterHandle: "neko_fan",
      discordId: "neko.fan",
      preferredCharacter: "AOBA",
      marketingConsent: true,
      subscriptionTier: "FREE",
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { userId: user.id, resource: "user_profiles" } });
    expect(audit.action).toBe("PUT");
    expect(audit.changes).toMatchObject({
      twitterHandle: { from: null, to: "[REDACTED]" },
      preferredCharacter: { from: "BOTH", to: "AOBA" },
    });

    // Unticking the box withdraws consent.
    const { marketingConsent: _, ...withoutConsent } = validProfile;
    await visitor.post("aoba", "/account", withoutConsent);
    expect((await db.userProfile.findUniqueOrThrow({ where: { userId: user.id } })).marketingConsent).toBe(false);
  });

  it("answers bad fields with 400 naming each, and writes nothing", async () => {
    const visitor = await signedIn("badprofile@example.com", "yuya");
    const before = await db.userProfile.findFirstOrThrow({ where: { user: { email: "badprofile@example.com" } } });
    const res = await visitor.post("yuya", "/account", {
      ...validProfile,
      websiteUrl: "javascript:alert(1)",
      twitterHandle: "this handle is far too long",
      discordId: "UPPER CASE",
      preferredCharacter: "NOBODY",
      bio: "x".repeat(501),
    });
    expect(res.status).toBe(400);
    for (const message of ["account.invalidUrl", "account.invalidTwitter", "account.invalidDiscord", "errors.tooLong:500"])
      expect(res.body).toContain(message);
    const after = await db.userProfile.findFirstOrThrow({ where: { user: { email: "badprofile@example.com" } } });
    expect(after).toEqual(before);
  });

  it("an unknown action is a 400, not a 500", async () => {
    const visitor = await signedIn("unknown-action@example.com");
    expect((await visitor.post("yuya", "/account", { intent: "explode" })).status).toBe(400);
  });

  it("lists every device and signs one out from another", async () => {
    const laptop = await signedIn("devices@example.com", "yuya");
    const phone = await signedIn("devices@example.com", "aoba");
    const user = await db.user.findUniqueOrThrow({ where: { email: "devices@example.com" }, include: { sessions: true } });
    expect(user.sessions).toHaveLength(2);
    const phoneSession = user.sessions.find((s) => s.site === "aoba")!;

    const page = await laptop.get("yuya", "/account");
    for (const session of user.sessions) expect(page.body).toContain(`data-session="${session.id}"`);

    const revoked = await laptop.post("yuya", "/account", { intent: "revoke", sessionId: phoneSession.id });
    expect(revoked.status).toBe(200);
    expect((await phone.get("aoba", "/account")).status).toBe(302); // signed out there
    expect((await laptop.get("yuya", "/account")).status).toBe(200); // still signed in here
    expect(
      await db.auditLog.count({ where: { userId: user.id, action: "DELETE", resource: "sessions", resourceId: phoneSession.id } }),
    ).toBe(1);

    // Someone else's session, or a made-up id, is not found.
    const other = await signedIn("someone-else@example.com");
    const otherSession = await db.session.findFirstOrThrow({ where: { user: { email: "someone-else@example.com" } } });
    expect((await laptop.post("yuya", "/account", { intent: "revoke", sessionId: otherSession.id })).status).toBe(404);
    expect((await laptop.post("yuya", "/account", { intent: "revoke", sessionId: "not-a-uuid" })).status).toBe(404);
    expect((await other.get("yuya", "/account")).status).toBe(200);
  });

  it("signing out this device from the list signs out", async () => {
    const visitor = await signedIn("self-revoke@example.com");
    const session = await db.session.findFirstOrThrow({ where: { user: { email: "self-revoke@example.com" } } });
    const res = await visitor.post("yuya", "/account", { intent: "revoke", sessionId: session.id });
    expect(res.status).toBe(302);
    expect(await db.session.count({ where: { id: session.id } })).toBe(0);
  });
});

describe("one sign-in across the two domains", () => {
  // By way of the other site, which ties the crossing to this browser (tests/security/auth-handoff.test.ts).
  const handoffLink = (visitor: Visitor, from: "yuya" | "aoba", to: "yuya" | "aoba", next = "/contact") =>
    handoffLocation(server, visitor, from, to, next);

  it("a signed-in user arrives signed in on the other site, and the crossing is counted", async () => {
    const visitor = await signedIn("crosser@example.com", "yuya");
    const location = await handoffLink(visitor, "yuya", "aoba");
    expect(location.startsWith(server.url("aoba", "/auth/handoff?token="))).toBe(true);

    const arrived = await visitor.get("aoba", pathOf(location));
    expect(arrived.status).toBe(302);
    expect(arrived.headers.location).toBe("/contact");
    expect((await visitor.get("aoba", "/account")).status).toBe(200);

    const user = await db.user.findUniqueOrThrow({ where: { email: "crosser@example.com" }, include: { sessions: true } });
    const aobaSession = user.sessions.find((s) => s.site === "aoba");
    expect(aobaSession).toBeDefined();
    const crossing = await db.crossSiteActivity.findFirstOrThrow({ where: { userId: user.id } });
    expect(crossing).toMatchObject({ fromDomain: "yuya.localhost", toDomain: "aoba.localhost", sessionId: aobaSession!.id });
  });

  it("a replayed token signs nobody in", async () => {
    const visitor = await signedIn("replay@example.com", "aoba");
    const location = await handoffLink(visitor, "aoba", "yuya", "/");
    expect((await visitor.get("yuya", pathOf(location))).status).toBe(302);

    const thief = new Visitor(server);
    const replay = await thief.get("yuya", pathOf(location));
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe("/");
    expect(replay.headers["set-cookie"]).toBeUndefined();
    expect((await thief.get("yuya", "/account")).status).toBe(302);
    expect(
      await db.auditLog.count({ where: { action: "sign_in", status: "failure", changes: { path: ["error"], equals: "replayed" } } }),
    ).toBe(1);
  });

  it("a token for the other site, or a tampered one, is refused", async () => {
    const visitor = await signedIn("audience@example.com", "yuya");
    const forAoba = new URL(await handoffLink(visitor, "yuya", "aoba", "/")).searchParams.get("token")!;

    const wrongSite = new Visitor(server);
    await wrongSite.get("yuya", `/auth/handoff?token=${forAoba}&next=/`);
    expect((await wrongSite.get("yuya", "/account")).status).toBe(302);

    const [header, payload, signature] = forAoba.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: new URL(server.url("yuya")).origin })).toString("base64url")}.${signature}`;
    const tampered = new Visitor(server);
    await tampered.get("yuya", `/auth/handoff?token=${forged}&next=/`);
    expect((await tampered.get("yuya", "/account")).status).toBe(302);
    expect(
      await db.auditLog.count({ where: { action: "sign_in", status: "failure", changes: { path: ["error"], equals: "wrong_audience" } } }),
    ).toBe(1);
    expect(
      await db.auditLog.count({ where: { action: "sign_in", status: "failure", changes: { path: ["error"], equals: "invalid" } } }),
    ).toBe(1);
  });

  it("anyone else just goes to the other site, and the crossing is still counted", async () => {
    const visitor = new Visitor(server);
    const before = await db.crossSiteActivity.count({ where: { userId: null } });
    const res = await visitor.get("aoba", "/handoff?to=yuya&next=/contact");
    expect(res.headers.location).toBe(server.url("yuya", "/contact"));
    expect(await db.crossSiteActivity.count({ where: { userId: null } })).toBe(before + 1);
  });

  it("only ever leads to the other brand, and only to a path there", async () => {
    const visitor = new Visitor(server);
    for (const to of ["admin", "yuya", "evil.example.com", ""]) {
      const res = await visitor.get("yuya", `/handoff?to=${to}`);
      expect(res.status, to).toBe(400);
      expect(res.body).toContain('"to"');
    }
    const res = await visitor.get("yuya", "/handoff?to=aoba&next=//evil.example.com/x");
    expect(res.headers.location).toBe(server.url("aoba", "/"));
  });

  it("the footer links the sibling brand through the handoff", async () => {
    const page = await new Visitor(server).get("yuya", "/");
    expect(page.body).toContain('href="/handoff?to=aoba"');
  });
});

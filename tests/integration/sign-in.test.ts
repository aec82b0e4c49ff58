// Every sign-in flow end to end against the real server: GitHub and Discord through a local stand-in OAuth
// server (the production strategies run unchanged), and email with a one-time code or magic link from the outbox.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startOAuthStandIn, type OAuthStandIn } from "../support/oauth-standin.ts";
import { latestMailTo, signInCode } from "../support/outbox.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { pathOf, Visitor } from "../support/visitor.ts";

let server: RunningServer;
let standIn: OAuthStandIn;
let outbox: string;
const { url, db, sql } = await createTestDatabase();

beforeAll(async () => {
  standIn = await startOAuthStandIn();
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    ADMIN_EMAILS: "boss@example.com",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    ...standIn.env,
  });
});
afterAll(async () => {
  await server?.stop();
  await standIn?.close();
});

async function oauthSignIn(visitor: Visitor, host: string, provider: "github" | "discord", redirectTo = "/") {
  const start = await visitor.post(host, `/auth/${provider}`, { redirectTo });
  expect(start.status).toBe(302);
  expect(start.headers.location).toContain(`${standIn.url}/${provider}/authorize`);
  const callback = await Visitor.visitExternal(start.headers.location!);
  expect(callback).toContain(`/auth/${provider}/callback`);
  return visitor.get(host, pathOf(callback));
}

const latestMail = (to: string) => latestMailTo(outbox, to);
const codeIn = signInCode;

describe("GitHub, Discord and email end on one user", () => {
  it("signs in with GitHub and returns to the page the user came from", async () => {
    standIn.as("github", { id: "4242", login: "mika", name: "Mika Sato", email: "mika@example.com", verified: true });
    const visitor = new Visitor(server);
    const callback = await oauthSignIn(visitor, "yuya", "github", "/contact");
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe("/auth/done");
    const done = await visitor.get("yuya", "/auth/done");
    expect(done.headers.location).toBe("/contact");

    const user = await db.user.findUniqueOrThrow({ where: { email: "mika@example.com" }, include: { accounts: true, sessions: true } });
    expect(user.accounts.map((a) => a.provider)).toEqual(["github"]);
    expect(user.sessions).toHaveLength(1);
    expect(user.sessions[0]?.site).toBe("yuya");
    expect(standIn.tokenRequests.at(-1)?.body.get("code_verifier")).toBeTruthy(); // PKCE is used
    // The provider's access token is a secret: encrypted at rest.
    const raw = await sql<{ access_token: string }>("SELECT access_token FROM accounts WHERE user_id = $1", [user.id]);
    expect(raw.rows[0]!.access_token).toMatch(/^enc:v\d+:/);
    expect(await db.auditLog.count({ where: { userId: user.id, action: "sign_in", status: "success" } })).toBe(1);
  });

  it("adds Discord and email to the same user", async () => {
    standIn.as("discord", { id: "d-77", login: "mika_d", name: "Mika", email: "mika@example.com", verified: true });
    const visitor = new Visitor(server);
    const discord = await oauthSignIn(visitor, "aoba", "discord");
    expect(discord.headers.location).toBe("/auth/done");

    const emailVisitor = new Visitor(server);
    const sent = await emailVisitor.post("admin", "/auth/email", { email: "mika@example.com", redirectTo: "/admin" });
    expect(sent.headers.location).toBe("/login/code");
    const code = codeIn(await latestMail("mika@example.com"));
    expect(code).toMatch(/^\d{6}$/);
    const verified = await emailVisitor.post("admin", "/auth/email", { code: code! });
    expect(verified.headers.location).toBe("/auth/done");

    const users = await db.user.findMany({ where: { email: "mika@example.com" }, include: { accounts: true } });
    expect(users).toHaveLength(1);
    expect(users[0]!.accounts.map((a) => a.provider).sort()).toEqual(["discord", "email", "github"]);
  });

  it("signs in with the magic link from the mail", async () => {
    const visitor = new Visitor(server);
    await visitor.post("aoba", "/auth/email", { email: "link@example.com", lng: "en" });
    const mail = await latestMail("link@example.com");
    expect(mail).toContain("Your sign-in code is");
    const link = /(http:\/\/aoba\.localhost:\d+\/auth\/email\/verify\?\S+)/.exec(mail)?.[1];
    expect(link).toBeTruthy();
    const res = await visitor.get("aoba", pathOf(link!));
    expect(res.headers.location).toBe("/auth/done");
    expect(await db.session.count({ where: { user: { email: "link@example.com" } } })).toBe(1);
  });

  it("makes a configured admin address ADMIN", async () => {
    standIn.as("github", { id: "9001", login: "boss", name: "Boss", email: "boss@example.com", verified: true });
    await oauthSignIn(new Visitor(server), "admin", "github");
    expect((await db.user.findUniqueOrThrow({ where: { email: "boss@example.com" } })).role).toBe("ADMIN");
  });
});

describe("sign-in that must fail", () => {
  it("refuses a state that does not match, and says so on the sign-in page", async () => {
    standIn.as("github", { id: "555", login: "eve", name: "Eve", email: "eve@example.com", verified: true });
    const visitor = new Visitor(server);
    const start = await visitor.post("yuya", "/auth/github", {});
    const callback = new URL(await Visitor.visitExternal(start.headers.location!));
    callback.searchParams.set("state", "forged-state");
    const res = await visitor.get("yuya", callback.pathname + callback.search);
    expect(res.headers.location).toBe("/login");
    const page = await visitor.get("yuya", "/login");
    expect(page.body).toContain("サインインできませんでした");
    expect(await db.user.count({ where: { email: "eve@example.com" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "sign_in", status: "failure" } })).toBeGreaterThan(0);
  });

  it("handles a denied consent with a friendly page in the user's language", async () => {
    standIn.as("discord", "deny");
    const visitor = new Visitor(server);
    const start = await visitor.post("aoba", "/auth/discord", {});
    const callback = await Visitor.visitExternal(start.headers.location!);
    expect(callback).toContain("error=access_denied");
    const res = await visitor.get("aoba", pathOf(callback));
    expect(res.headers.location).toBe("/login");
    const page = await visitor.get("aoba", "/login", { "accept-language": "en" });
    expect(page.status).toBe(200);
    expect(page.body).toContain("We could not sign you in");
  });

  it("refuses an unverified address for a new account", async () => {
    standIn.as("discord", { id: "d-999", login: "mallory", name: "Mallory", email: "mika@example.com", verified: false });
    const visitor = new Visitor(server);
    const start = await visitor.post("aoba", "/auth/discord", {});
    const res = await visitor.get("aoba", pathOf(await Visitor.visitExternal(start.headers.location!)));
    expect(res.headers.location).toBe("/login");
    expect((await visitor.get("aoba", "/login")).body).toContain("確認されていません");
    expect(await db.account.count({ where: { providerAccountId: "d-999" } })).toBe(0);
  });

  it("limits wrong email codes, then asks for a new one", async () => {
    const visitor = new Visitor(server);
    await visitor.post("yuya", "/auth/email", { email: "guess@example.com" });
    const real = codeIn(await latestMail("guess@example.com"))!;
    const wrong = real === "000000" ? "111111" : "000000";
    const first = await visitor.post("yuya", "/auth/email", { code: wrong });
    expect(first.headers.location).toBe("/login/code");
    expect((await visitor.get("yuya", "/login/code")).body).toContain("コードが正しくありません");
    for (let i = 0; i < 4; i++) await visitor.post("yuya", "/auth/email", { code: wrong });
    const late = await visitor.post("yuya", "/auth/email", { code: real });
    expect(late.headers.location).not.toBe("/auth/done");
    expect(await db.user.count({ where: { email: "guess@example.com" } })).toBe(0);
  });

  it("ignores a forged session cookie", async () => {
    const visitor = new Visitor(server);
    visitor.setCookie("yuya", "__kizuna", "eyJ1c2VyIjp7InNpZCI6ImZvcmdlZCJ9fQ%3D%3D.forged");
    const page = await visitor.get("yuya", "/login");
    expect(page.status).toBe(200); // not signed in: the sign-in page shows
    expect(page.body).toContain("サインイン");
  });
});

describe("a provider profile cannot plant ciphertext-shaped text", () => {
  it("signs in a GitHub user whose display name looks like our ciphertext, without storing that name", async () => {
    standIn.as("github", { id: "9911", login: "cipher", name: "enc:v1:AAAAAAAA:BBBB", email: "cipher-name@example.com", verified: true });
    const visitor = new Visitor(server);
    const callback = await oauthSignIn(visitor, "yuya", "github");
    expect(callback.headers.location).toBe("/auth/done");
    const user = await db.user.findUniqueOrThrow({ where: { email: "cipher-name@example.com" }, include: { profile: true } });
    expect([user.name, user.profile?.displayName]).toEqual([null, null]);
  });
});

describe("signing in again replaces the browser's session", () => {
  it("ends the earlier session row, so a copy of the old cookie no longer signs anyone in", async () => {
    const visitor = new Visitor(server);
    const emailSignIn = async (email: string) => {
      expect((await visitor.post("yuya", "/auth/email", { email })).headers.location).toBe("/login/code");
      const verified = await visitor.post("yuya", "/auth/email", { code: codeIn(await latestMail(email))! });
      expect([verified.status, verified.headers.location, verified.body.slice(0, 200)]).toEqual([302, "/auth/done", ""]);
      await visitor.get("yuya", "/auth/done");
    };
    await emailSignIn("first-person@example.com");
    const oldCookie = visitor.cookies("yuya");
    expect((await server.request({ host: "yuya", path: "/account", headers: { cookie: oldCookie } })).status).toBe(200);
    await emailSignIn("second-person@example.com");
    expect((await visitor.get("yuya", "/account")).status).toBe(200);
    const replayed = await server.request({ host: "yuya", path: "/account", headers: { cookie: oldCookie } });
    expect(replayed.status).toBe(302);
    expect(replayed.headers.location).toMatch(/^\/login/);
  });
});

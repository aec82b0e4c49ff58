// Attack: an open redirect through the three anonymous ways of saying where to go next. A tab, CR or LF in
// "/\t/attacker.example" is dropped by browsers, which then go to //attacker.example.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
let signedIn: Visitor;
const { url } = await createTestDatabase();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  signedIn = new Visitor(server);
  await signInWithEmail(signedIn, "yuya", "redirected@example.com", outbox);
});
afterAll(async () => {
  await server?.stop();
});

const NASTY = [
  "/\t/attacker.example",
  "/\r\n/attacker.example",
  "/\\attacker.example",
  "//attacker.example",
  "/ /attacker.example",
  "https://attacker.example",
];

/** Where a browser would go from a Location header on yuya.localhost. */
function landsOn(location: string | undefined): string {
  expect(location).toBeDefined();
  return new URL(location!.replace(/[\t\r\n]/g, "").replaceAll("\\", "/"), server.url("yuya")).host;
}

describe("no redirect leaves the site", () => {
  it.each(NASTY)("/auth/handoff?next=%j", async (next) => {
    const res = await new Visitor(server).get("yuya", `/auth/handoff?${new URLSearchParams({ token: "x", next })}`);
    expect(res.status).toBe(302);
    expect(landsOn(res.headers.location)).toBe(new URL(server.url("yuya")).host);
    expect(res.headers.location).toBe("/");
  });

  it.each(NASTY)("/login?redirectTo=%j (signed in, and in the form for later)", async (redirectTo) => {
    const anonymous = await new Visitor(server).get("yuya", `/login?${new URLSearchParams({ redirectTo })}`);
    expect(anonymous.status).toBe(200);
    // The sign-in form carries the path on to /auth/email, which remembers it for after the sign-in.
    const carried = /action="\/auth\/email"[^>]*><input type="hidden" name="redirectTo" value="([^"]*)"/.exec(anonymous.body)?.[1];
    expect(carried).toBe("/");

    const res = await signedIn.get("yuya", `/login?${new URLSearchParams({ redirectTo })}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/");
  });

  it.each(NASTY)("/set-language redirectTo=%j", async (redirectTo) => {
    const res = await new Visitor(server).post("yuya", "/set-language", { lng: "en", redirectTo });
    expect(res.status).toBe(302);
    expect(landsOn(res.headers.location)).toBe(new URL(server.url("yuya")).host);
    expect(res.headers.location).toBe("/");
  });

  it("still goes back to a page of the site", async () => {
    const res = await new Visitor(server).post("yuya", "/set-language", { lng: "en", redirectTo: "/contact?x=1" });
    expect(res.headers.location).toBe("/contact?x=1");
  });
});

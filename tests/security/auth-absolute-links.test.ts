// Attack: absolute links built from request headers. Behind TRUST_PROXY, Remix builds request.url from
// X-Forwarded-Host, so a sign-in mail could carry a magic link to attacker.example; and links kept the port of
// the Host header. Every absolute link now comes from the configured origin of the site.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startOAuthStandIn, type OAuthStandIn } from "../support/oauth-standin.ts";
import { latestMailTo } from "../support/outbox.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-standin.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let standIn: OAuthStandIn;
let stripe: StripeStandIn;
let outbox: string;
const { url, db } = await createTestDatabase({ seeded: true });

beforeAll(async () => {
  standIn = await startOAuthStandIn();
  stripe = await startStripeStandIn();
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  // As in production behind a proxy: Express believes X-Forwarded-*.
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    TRUST_PROXY: "1",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    ...standIn.env,
    ...stripe.env,
  });
});
afterAll(async () => {
  await server?.stop();
  await standIn?.close();
  await stripe?.close();
});

/** Headers that make the request look as if it came for another host or port. */
const SPOOFED: Record<string, Record<string, string>> = {
  "X-Forwarded-Host": { "x-forwarded-host": "attacker.example", "x-forwarded-proto": "https" },
  "X-Forwarded-Host with a port": { "x-forwarded-host": "attacker.example:8443" },
  "a Host with an odd port": { host: "yuya.localhost:31337", origin: "http://yuya.localhost:31337" },
};

describe.each(Object.entries(SPOOFED).map(([name, headers], i) => [name, headers, i] as const))("with %s", (_, headers, i) => {
  const yuya = () => new URL(server.url("yuya")).origin;

  it("mails a magic link to the configured origin", async () => {
    const email = `link-${i}@example.com`;
    const sent = await new Visitor(server).post("yuya", "/auth/email", { email }, headers);
    expect(sent.headers.location).toBe("/login/code");
    const mail = await latestMailTo(outbox, email);
    const link = /(https?:\/\/\S+\/auth\/email\/verify\?\S+)/.exec(mail)?.[1];
    expect(link, mail).toBeDefined();
    expect(new URL(link!).origin).toBe(yuya());
    expect(mail).not.toContain("attacker.example");
    expect(mail).not.toContain("31337");
  });

  it("sends the OAuth provider a callback on the configured origin", async () => {
    const start = await new Visitor(server).post("yuya", "/auth/github", {}, headers);
    expect(start.status).toBe(302);
    const redirectUri = new URL(start.headers.location!).searchParams.get("redirect_uri");
    expect(redirectUri).toBe(`${yuya()}/auth/github/callback`);
  });

  it("hands a signed-in user over to the other site's configured origin", async () => {
    const visitor = new Visitor(server);
    await signInWithEmail(visitor, "yuya", `crossing-${i}@example.com`, outbox);
    const res = await visitor.get("yuya", "/handoff?to=aoba&next=/contact", headers);
    expect(new URL(res.headers.location!).origin).toBe(new URL(server.url("aoba")).origin);
  });
});

// With X-Forwarded-Host the shop action is not reached at all (Remix refuses an action whose Origin differs from
// the forwarded host), so only the port is tried here.
describe("checkout", () => {
  it("gives Stripe return pages on the configured origin, whatever port the Host header names", async () => {
    const buyer = new Visitor(server);
    await signInWithEmail(buyer, "aoba", "user@example.com", outbox);
    const shirt = await db.product.findFirstOrThrow({ where: { name: "ユウヤ×あおば コラボTシャツ" } });
    const res = await buyer.post(
      "aoba",
      "/shop",
      { productId: shirt.id, quantity: "1" },
      { host: "aoba.localhost:31337", origin: "http://aoba.localhost:31337" },
    );
    expect(res.status).toBe(302);
    const session = stripe.sessions.get(String(res.headers.location).split("/pay/")[1]!)!;
    const aoba = new URL(server.url("aoba")).origin;
    expect(new URL(session.success_url).origin).toBe(aoba);
    expect(new URL(session.cancel_url).origin).toBe(aoba);
  });
});

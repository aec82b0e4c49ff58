import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { createHandoffToken, redeemHandoffToken } from "./handoff.server.ts";

const { url, db } = await createTestDatabase();
const YUYA = "http://yuya.localhost:3000";
const AOBA = "http://aoba.localhost:3000";
let userId: string;
const NONCE = "n".repeat(24);

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  userId = (await db.user.create({ data: { email: "crossing@example.com" } })).id;
});

describe("cross-site handoff tokens", () => {
  it("are redeemed once, by the site they were made for", async () => {
    const token = await createHandoffToken({ userId, from: YUYA, to: `${AOBA}/contact`, nonce: NONCE });
    expect(await redeemHandoffToken(token, YUYA, NONCE)).toMatchObject({ ok: false, code: "wrong_audience" });
    expect(await redeemHandoffToken(token, AOBA, NONCE)).toEqual({ ok: true, userId, from: YUYA });
    expect(await redeemHandoffToken(token, AOBA, NONCE)).toMatchObject({ ok: false, code: "replayed" });
  });

  it("are redeemed only in the browser holding the crossing's nonce, and spent by a try elsewhere", async () => {
    const token = await createHandoffToken({ userId, from: YUYA, to: AOBA, nonce: NONCE });
    expect(await redeemHandoffToken(token, AOBA, "m".repeat(24))).toMatchObject({ ok: false, code: "wrong_browser" });
    expect(await redeemHandoffToken(token, AOBA, NONCE)).toMatchObject({ ok: false, code: "replayed" });
    const other = await createHandoffToken({ userId, from: YUYA, to: AOBA, nonce: NONCE });
    expect(await redeemHandoffToken(other, AOBA, null)).toMatchObject({ ok: false, code: "wrong_browser" });
  });

  it("refuse tampered, foreign-signed and expired tokens", async () => {
    const token = await createHandoffToken({ userId, from: YUYA, to: AOBA, nonce: NONCE });
    const [header, payload, signature] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "someone-else" }),
    ).toString("base64url");
    expect(await redeemHandoffToken(`${header}.${forgedPayload}.${signature}`, AOBA, NONCE)).toMatchObject({ ok: false, code: "invalid" });

    const foreign = await new SignJWT({ from: YUYA })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("kizuna-crm")
      .setSubject(userId)
      .setAudience(AOBA)
      .setJti("x1")
      .setIssuedAt()
      .setExpirationTime("60s")
      .sign(new TextEncoder().encode("not-our-secret-not-our-secret-not-our-secret"));
    expect(await redeemHandoffToken(foreign, AOBA, NONCE)).toMatchObject({ ok: false, code: "invalid" });

    const { sessionSecret } = await import("~/lib/crypto.server");
    const stale = await new SignJWT({ from: YUYA })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("kizuna-crm")
      .setSubject(userId)
      .setAudience(AOBA)
      .setJti("x2")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(`${sessionSecret()}:cross-site-handoff`));
    expect(await redeemHandoffToken(stale, AOBA, NONCE)).toMatchObject({ ok: false, code: "expired" });
    expect(await redeemHandoffToken("not-a-jwt", AOBA, NONCE)).toMatchObject({ ok: false, code: "invalid" });
  });
});

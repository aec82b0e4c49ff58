// One sign-in across the two brand domains, which share no cookie: the site the user is on signs a one-use
// JWT (≤ 60 s, audience = the other site's origin) that the other site exchanges for a session of its own.
// The token is bound to the browser: the arriving site first sets a nonce in a short-lived cookie of its own,
// the token carries that nonce, and only the browser holding the cookie can redeem it (else anyone who minted a
// token for their own account could sign a victim in as themselves: login CSRF).
// Every crossing is recorded in cross_site_activities (spec: trackCrossSiteNavigation).
import { errors, jwtVerify, SignJWT } from "jose";
import { randomToken, safeEqual, sessionSecret } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { fail, ok, type Result } from "~/lib/result";
import { Prisma } from "~/generated/prisma/client";
import type { RequestOrigin } from "~/lib/request-origin.server";
import type { Brand } from "~/lib/tenant";
import { recordAudit } from "~/modules/audit/audit.server";
import { createSessionToken } from "./session.server.ts";

const ISSUER = "kizuna-crm";
const PURPOSE = "cross-site-handoff";
const LIFETIME_SECONDS = 60;

const key = () => new TextEncoder().encode(`${sessionSecret()}:${PURPOSE}`);

/** The arriving site's cookie holding the nonce of the crossing this browser began. */
const NONCE_COOKIE = "__kizuna_handoff";
const NONCE = /^[A-Za-z0-9_-]{24}$/;

export function isHandoffNonce(value: unknown): value is string {
  return typeof value === "string" && NONCE.test(value);
}

/** A new nonce for a crossing into this site, and the Set-Cookie header that keeps it in this browser. */
export function beginHandoff(): { nonce: string; cookie: string } {
  const nonce = randomToken(18);
  const secure = getEnv().PUBLIC_SCHEME === "https" ? "; Secure" : "";
  // Lax: the crossing arrives by top-level GET redirects from the other site, which Lax cookies accompany.
  return {
    nonce,
    cookie: `${NONCE_COOKIE}=${nonce}; Path=/auth/handoff; Max-Age=${LIFETIME_SECONDS * 2}; HttpOnly; SameSite=Lax${secure}`,
  };
}

/** The nonce of the crossing this browser began here, and the header that forgets it (a nonce serves once), if it has one. */
export function takeHandoffNonce(request: Request): { nonce: string | null; clear: string | null } {
  const match = new RegExp(`(?:^|;\\s*)${NONCE_COOKIE}=([^;]*)`).exec(request.headers.get("Cookie") ?? "");
  if (!match) return { nonce: null, clear: null };
  const value = match[1];
  return { nonce: isHandoffNonce(value) ? value : null, clear: `${NONCE_COOKIE}=; Path=/auth/handoff; Max-Age=0; HttpOnly; SameSite=Lax` };
}

/** Whether a `token` parameter is shaped like one of our tokens at all (three base64url parts, not huge). */
export function looksLikeHandoffToken(token: string): boolean {
  return token.length <= 2048 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

export async function createHandoffToken({
  userId,
  from,
  to,
  nonce,
}: {
  userId: string;
  from: string;
  to: string;
  nonce: string;
}): Promise<string> {
  return new SignJWT({ from, nonce })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setSubject(userId)
    .setAudience(new URL(to).origin)
    .setJti(randomToken(18))
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(key());
}

/** Why a token was refused, as its failure's `code` (recorded in the audit row): the visitor is never told. */
export type HandoffRefusal = "invalid" | "expired" | "wrong_audience" | "replayed" | "wrong_browser" | "unknown_user";

const refuse = (code: HandoffRefusal) => fail(code === "replayed" ? "conflict" : "unauthorized", "login.errors.failed", { code });

/**
 * Checks a token for this origin and this browser (`nonce`: from its cookie) and uses it up. A token is good
 * once, here, in the browser that began the crossing, within its minute.
 */
export async function redeemHandoffToken(
  token: string,
  origin: string,
  nonce: string | null,
): Promise<Result<{ userId: string; from: string }>> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key(), {
      issuer: ISSUER,
      audience: origin,
      algorithms: ["HS256"],
      maxTokenAge: `${LIFETIME_SECONDS}s`,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refuse("expired");
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") return refuse("wrong_audience");
    return refuse("invalid");
  }
  if (!payload.jti || !payload.sub || typeof payload.from !== "string" || !payload.exp) return refuse("invalid");
  const db = getDb();
  try {
    await db.consumedToken.create({ data: { id: payload.jti, purpose: PURPOSE, expiresAt: new Date(payload.exp * 1000) } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return refuse("replayed");
    throw error;
  }
  // After it is used up: a token opened in the wrong browser is spent, and cannot be tried elsewhere.
  if (!nonce || typeof payload.nonce !== "string" || !safeEqual(payload.nonce, nonce)) return refuse("wrong_browser");
  const user = await db.user.findUnique({ where: { id: payload.sub }, select: { id: true } });
  if (!user) return refuse("unknown_user");
  return ok({ userId: user.id, from: payload.from });
}

/**
 * A browser arriving with a handoff token on this site (`origin`, brand `site`): a good token for the user already
 * signed in here records the crossing; for anyone else it records the crossing, makes a session here and audits
 * the sign-in, and answers the session's token for the cookie. A refused token is audited (with why) and changes
 * nothing: the visitor lands on the page, not signed in.
 */
export async function arriveWithHandoff({
  token,
  origin,
  site,
  nonce,
  signedInUser,
  from,
}: {
  token: string;
  origin: string;
  site: Brand;
  nonce: string | null;
  signedInUser: () => Promise<{ id: string; sessionId: string } | null>;
  from: RequestOrigin;
}): Promise<{ sessionToken: string | null }> {
  const result = await redeemHandoffToken(token, origin, nonce);
  if (!result.ok) {
    await recordAudit({
      action: "sign_in",
      resource: "sessions",
      changes: { via: "handoff", error: result.code },
      ...from,
      status: "failure",
    });
    return { sessionToken: null };
  }
  const current = await signedInUser();
  if (current?.id === result.userId) {
    await recordCrossing({ userId: result.userId, from: result.from, to: origin, sessionId: current.sessionId });
    return { sessionToken: null };
  }
  const session = await createSessionToken(result.userId, { site, ...from });
  await recordCrossing({ userId: result.userId, from: result.from, to: origin, sessionId: session.id });
  await recordAudit({
    userId: result.userId,
    action: "sign_in",
    resource: "sessions",
    resourceId: session.id,
    changes: { via: "handoff", from: new URL(result.from).hostname, site },
    ...from,
    status: "success",
  });
  return { sessionToken: session.token };
}

export async function recordCrossing({
  userId,
  from,
  to,
  sessionId,
}: {
  userId: string | null;
  from: string;
  to: string;
  sessionId: string | null;
}) {
  await getDb().crossSiteActivity.create({
    data: { userId, fromDomain: hostOf(from), toDomain: hostOf(to), sessionId },
  });
}

function hostOf(origin: string): string {
  return new URL(origin).hostname.slice(0, 100);
}

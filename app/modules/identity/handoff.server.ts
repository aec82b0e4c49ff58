// One sign-in across the two brand domains, which share no cookie: the site the user is on signs a one-use
// JWT (≤ 60 s, audience = the other site's origin) that the other site exchanges for a session of its own.
// Every crossing is recorded in cross_site_activities (spec: trackCrossSiteNavigation).
import { errors, jwtVerify, SignJWT } from "jose";
import { randomToken, sessionSecret } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { Prisma } from "~/generated/prisma/client";

const ISSUER = "kizuna-crm";
const PURPOSE = "cross-site-handoff";
const LIFETIME_SECONDS = 60;

const key = () => new TextEncoder().encode(`${sessionSecret()}:${PURPOSE}`);

export async function createHandoffToken({ userId, from, to }: { userId: string; from: string; to: string }): Promise<string> {
  return new SignJWT({ from })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setSubject(userId)
    .setAudience(new URL(to).origin)
    .setJti(randomToken(18))
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(key());
}

export type HandoffResult =
  | { ok: true; userId: string; from: string }
  | { ok: false; reason: "invalid" | "expired" | "wrong_audience" | "replayed" | "unknown_user" };

/** Checks a token for this origin and uses it up. A token is good once, here, within its minute. */
export async function redeemHandoffToken(token: string, origin: string): Promise<HandoffResult> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience: origin, algorithms: ["HS256"], maxTokenAge: `${LIFETIME_SECONDS}s` }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") return { ok: false, reason: "wrong_audience" };
    return { ok: false, reason: "invalid" };
  }
  if (!payload.jti || !payload.sub || typeof payload.from !== "string" || !payload.exp) return { ok: false, reason: "invalid" };
  const db = getDb();
  try {
    await db.consumedToken.create({ data: { id: payload.jti, purpose: PURPOSE, expiresAt: new Date(payload.exp * 1000) } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "replayed" };
    throw error;
  }
  const user = await db.user.findUnique({ where: { id: payload.sub }, select: { id: true } });
  if (!user) return { ok: false, reason: "unknown_user" };
  return { ok: true, userId: user.id, from: payload.from };
}

export async function recordCrossing({ userId, from, to, sessionId }: { userId: string | null; from: string; to: string; sessionId: string | null }) {
  await getDb().crossSiteActivity.create({
    data: { userId, fromDomain: hostOf(from), toDomain: hostOf(to), sessionId },
  });
}

function hostOf(origin: string): string {
  return new URL(origin).hostname.slice(0, 100);
}

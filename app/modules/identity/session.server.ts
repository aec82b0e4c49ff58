// Sign-in sessions: a row in `sessions` per sign-in, referenced by a signed, httpOnly cookie holding a random
// token (the row stores only its digest). The same cookie carries the short-lived state of sign-in flows.
import { createCookieSessionStorage, redirect, type Session } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { digestToken, randomToken, sessionSecret } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { isUuid } from "~/lib/http";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "./permissions.ts";

/** remix-auth keeps the strategy's result under this key; ours is `{ sid }`, the session token. */
const AUTH_KEY = "user";
const DAY = 86_400_000;
/** Touch `last_used_at` (of a session, an API token, an embed key) at most this often, so reads stay reads. */
const TOUCH_EVERY = 5 * 60_000;

/** Whether a row last used at `lastUsedAt` is due to have its use recorded again. */
export function touchDue(lastUsedAt: Date | null): boolean {
  return !lastUsedAt || Date.now() - lastUsedAt.getTime() > TOUCH_EVERY;
}

let storage: ReturnType<typeof createCookieSessionStorage> | undefined;

export function getSessionStorage() {
  if (!storage) {
    const env = getEnv();
    storage = createCookieSessionStorage({
      cookie: {
        name: "__kizuna",
        httpOnly: true,
        sameSite: "lax",
        secure: env.PUBLIC_SCHEME === "https", // served over TLS; plain http (a local start) gets no Secure cookie a browser would drop
        path: "/",
        secrets: [sessionSecret()],
        maxAge: env.SESSION_MAX_AGE_DAYS * 24 * 3600,
      },
    });
  }
  return storage;
}

export function getCookieSession(request: Request): Promise<Session> {
  return getSessionStorage().getSession(request.headers.get("Cookie"));
}

function sessionToken(session: Session): string | null {
  const value: unknown = session.get(AUTH_KEY);
  return value && typeof value === "object" && "sid" in value && typeof value.sid === "string" ? value.sid : null;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  image: string | null;
  role: Role;
  sessionId: string;
  profile: { displayName: string | null; preferredCharacter: string; subscriptionTier: string } | null;
}

export interface RequestInfo {
  site: AppLoadContext["site"];
  ip?: string | null;
  userAgent?: string | null;
}

/** Creates the `sessions` row for a sign-in; returns the token the cookie will hold and the row's id. */
export async function createSessionToken(userId: string, info: RequestInfo): Promise<{ token: string; id: string }> {
  const token = randomToken();
  const row = await getDb().session.create({
    data: {
      sessionToken: digestToken(token),
      userId,
      expires: new Date(Date.now() + getEnv().SESSION_MAX_AGE_DAYS * DAY),
      site: info.site,
      ipAddress: info.ip ?? null,
      userAgent: info.userAgent?.slice(0, 500) ?? null,
      lastUsedAt: new Date(),
    },
    select: { id: true },
  });
  return { token, id: row.id };
}

/** The signed-in user of this request, with profile and role (the spec's session callback), or null. */
export async function getSignedInUser(request: Request): Promise<SignedInUser | null> {
  const session = await getCookieSession(request);
  const token = sessionToken(session);
  if (!token) return null;
  const db = getDb();
  const row = await db.session.findUnique({
    where: { sessionToken: digestToken(token) },
    include: { user: { include: { profile: true } } },
  });
  if (!row || row.expires < new Date()) return null;
  if (touchDue(row.lastUsedAt)) {
    // Sliding expiry: an active session stays alive.
    await db.session.update({
      where: { id: row.id },
      data: { lastUsedAt: new Date(), expires: new Date(Date.now() + getEnv().SESSION_MAX_AGE_DAYS * DAY) },
    });
  }
  const { user } = row;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    image: user.image,
    role: user.role,
    sessionId: row.id,
    profile: user.profile
      ? {
          displayName: user.profile.displayName,
          preferredCharacter: user.profile.preferredCharacter,
          subscriptionTier: user.profile.subscriptionTier,
        }
      : null,
  };
}

/**
 * Ends the session this browser's cookie names, if any: called when the browser signs in again (as the same or
 * another user), so the replaced session's row does not stay valid for whoever holds a copy of the old cookie.
 */
export async function endReplacedSession(request: Request): Promise<void> {
  const token = sessionToken(await getCookieSession(request));
  if (token) await getDb().session.deleteMany({ where: { sessionToken: digestToken(token) } });
}

/** The Set-Cookie header that makes this browser signed in with the session of `token` (from createSessionToken). */
export async function commitSignIn(request: Request, token: string): Promise<string> {
  await endReplacedSession(request);
  const session = await getCookieSession(request);
  session.set(AUTH_KEY, { sid: token });
  return getSessionStorage().commitSession(session);
}

/** Deletes this request's session row and returns the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const session = await getCookieSession(request);
  const token = sessionToken(session);
  if (token) await getDb().session.deleteMany({ where: { sessionToken: digestToken(token) } });
  return getSessionStorage().destroySession(session);
}

export async function listSessions(userId: string) {
  return getDb().session.findMany({
    where: { userId, expires: { gt: new Date() } },
    orderBy: { lastUsedAt: "desc" },
    select: { id: true, site: true, userAgent: true, ipAddress: true, createdAt: true, lastUsedAt: true, expires: true },
  });
}

/** Revokes one of the user's own sessions. Returns whether there was one. */
export async function revokeSession(userId: string, sessionId: string, origin: RequestOrigin): Promise<boolean> {
  if (!isUuid(sessionId)) return false;
  const { count } = await getDb().session.deleteMany({ where: { id: sessionId, userId } });
  if (count > 0) await recordAudit({ userId, action: "DELETE", resource: "sessions", resourceId: sessionId, ...origin, status: "success" });
  return count > 0;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getSignedInUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Where to go after signing in: remembered in a short-lived cookie while the user is at the provider. */
const RETURN_COOKIE = "__kizuna_return";

export function rememberReturnTo(path: string): string {
  return `${RETURN_COOKIE}=${encodeURIComponent(path)}; Path=/; Max-Age=900; HttpOnly; SameSite=Lax${getEnv().PUBLIC_SCHEME === "https" ? "; Secure" : ""}`;
}

export function takeReturnTo(request: Request): { path: string; clear: string } {
  const match = new RegExp(`(?:^|;\\s*)${RETURN_COOKIE}=([^;]*)`).exec(request.headers.get("Cookie") ?? "");
  const raw = match?.[1] ? decodeURIComponent(match[1]) : "/";
  return { path: raw, clear: `${RETURN_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` };
}

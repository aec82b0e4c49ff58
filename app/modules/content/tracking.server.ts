// Views, likes, shares and downloads of public contents: one content_analytics row per counted event, with the
// counter on contents moved in the same transaction. Bots are dropped; a visitor session repeating a view (share,
// download) within the window, or liking twice, is not counted again. Addresses are truncated before they are
// stored; the visitor session is a random first-party cookie (docs/decisions/009-public-content-and-tracking.md).
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { isbot } from "isbot";
import { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { buildHostMap, resolveHost } from "~/lib/tenant.server";
import { isBrand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import type { ContentEvent } from "./tracking.schema";

/** The counter on contents each event moves (shares have none: they live in content_analytics only). */
const COUNTER: Record<ContentEvent, string | null> = { view: "view_count", like: "like_count", share: null, download: "download_count" };

// ---------------------------------------------------------------------------------------------------------------
// Privacy

/** An address cut to its network: IPv4 to /24, IPv6 to /48 (IPv4-mapped IPv6 as IPv4), as an INET literal. */
export function truncateIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const version = isIP(address);
  if (version === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (version !== 6) return null;
  return `${expandIpv6(address).slice(0, 3).join(":")}::/48`;
}

/** The eight 16-bit groups of an IPv6 address (hex, without leading zeros). */
function expandIpv6(address: string): string[] {
  const [head, tail] = address.split("::") as [string, string | undefined];
  const part = (text: string | undefined) => (text ? text.split(":").filter(Boolean) : []);
  const left = part(head);
  const right = part(tail);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((g) => (g.includes(".") ? g : parseInt(g, 16).toString(16)));
}

/**
 * The referrer as stored: scheme, host and path (no query or fragment: they can carry personal data). A page of
 * either brand, on any of its configured hosts (www., local), is written on the brand's public domain, so the
 * analytics' referrer_host()/domain_site() SQL (the rollups and the cross_referrals KPI) recognise it.
 */
export function normalizeReferrer(
  referrer: string | null | undefined,
  env: Pick<Env, "YUYA_HOSTS" | "AOBA_HOSTS" | "ADMIN_HOSTS" | "INDEX_HOSTS">,
): string | null {
  if (!referrer) return null;
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const resolved = resolveHost(url.host, buildHostMap(env));
  const site = resolved.kind === "site" ? resolved.site : null;
  const origin = site && isBrand(site) ? `https://${BRAND_INFO[site].domain}` : url.origin;
  return `${origin}${url.pathname}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Visitor session

export const VISITOR_COOKIE = "kizuna_vid";
const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;

/** The visitor session id from the request's cookie, or null when there is none (or it is not one of ours). */
export function visitorId(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === VISITOR_COOKIE && value && VISITOR_ID.test(value)) return value;
  }
  return null;
}

/** A new random visitor id: 128 bits, nothing about the person. */
export function newVisitorId(): string {
  return randomBytes(16).toString("base64url");
}

/** Set-Cookie for the visitor session: first-party, HttpOnly, SameSite=Lax, for a year (likes are once per session). */
export function visitorCookieHeader(id: string, secure: boolean): string {
  return `${VISITOR_COOKIE}=${id}; Path=/; Max-Age=${365 * 24 * 3600}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Recording

export interface ContentEventRecord {
  contentId: string;
  event: ContentEvent;
  sessionId: string;
  userId: string | null;
  userAgent: string | null;
  ip: string | null;
  /** Already normalized (normalizeReferrer). */
  referrer: string | null;
  /** Views, shares and downloads repeated within this many minutes by the session count once. */
  windowMinutes: number;
}

export interface ContentCounts {
  views: number;
  likes: number;
  downloads: number;
}

export type RecordResult = { outcome: "bot" } | { outcome: "recorded" | "duplicate"; counts: ContentCounts };

/** Whether a user agent is a crawler, a monitor or a script rather than a reader (no user agent at all counts as one). */
export function isBotAgent(userAgent: string | null | undefined): boolean {
  return !userAgent?.trim() || isbot(userAgent);
}

/**
 * Stores one event and moves its counter, or nothing when it repeats one already counted. Events of one
 * (content, event, visitor) are serialised by a transaction-scoped advisory lock, so two tabs sending the same
 * view at once count once; the counter moves with `count = count + 1` in the same transaction as the insert, so
 * concurrent events of different visitors never lose an increment.
 */
export async function recordContentEvent(record: ContentEventRecord): Promise<RecordResult> {
  if (isBotAgent(record.userAgent)) return { outcome: "bot" };
  const db = getDb();
  const { contentId, event, sessionId, userId } = record;
  // A like is once per visitor (the signed-in user on any device, or the session); the rest once per window.
  const who =
    event === "like" && userId
      ? Prisma.sql`(e.user_id = ${userId}::uuid OR e.session_id = ${sessionId})`
      : Prisma.sql`e.session_id = ${sessionId}`;
  const within =
    event === "like" ? Prisma.empty : Prisma.sql`AND e.created_at > now() - make_interval(mins => ${record.windowMinutes}::int)`;
  const counter = COUNTER[event];
  const lockKey = `${contentId}:${event}:${event === "like" && userId ? userId : sessionId}`;

  const [, rows] = await db.$transaction([
    db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('content-event'), hashtext(${lockKey}))`,
    db.$queryRaw<{ recorded: boolean }[]>`
      WITH inserted AS (
        INSERT INTO content_analytics (id, content_id, user_id, event_type, referrer, user_agent, ip_address, session_id)
        SELECT ${uuidV7()}::uuid, ${contentId}::uuid, ${userId}::uuid, ${event}::content_event_type, ${record.referrer},
               ${record.userAgent?.slice(0, 500) ?? null}, ${truncateIp(record.ip)}::inet, ${sessionId}
         WHERE NOT EXISTS (SELECT 1 FROM content_analytics e
                            WHERE e.content_id = ${contentId}::uuid AND e.event_type = ${event}::content_event_type AND ${who} ${within})
        RETURNING content_id
      )${
        counter
          ? Prisma.sql`, counted AS (UPDATE contents SET ${Prisma.raw(counter)} = ${Prisma.raw(counter)} + 1 WHERE id IN (SELECT content_id FROM inserted) RETURNING id)`
          : Prisma.empty
      }
      SELECT EXISTS (SELECT 1 FROM inserted) AS recorded`,
  ]);
  const counts = await db.content.findUniqueOrThrow({
    where: { id: contentId },
    select: { viewCount: true, likeCount: true, downloadCount: true },
  });
  return {
    outcome: rows[0]?.recorded ? "recorded" : "duplicate",
    counts: { views: counts.viewCount, likes: counts.likeCount, downloads: counts.downloadCount },
  };
}

/** A UUID v7 (time-ordered, like the ids Prisma gives the other rows of this table). */
export function uuidV7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether this visitor (the signed-in user, or the session) has liked the content already. */
export async function hasLiked(contentId: string, visitor: { sessionId: string | null; userId: string | null }): Promise<boolean> {
  const who = [...(visitor.sessionId ? [{ sessionId: visitor.sessionId }] : []), ...(visitor.userId ? [{ userId: visitor.userId }] : [])];
  if (who.length === 0) return false;
  const found = await getDb().contentAnalytics.findFirst({ where: { contentId, eventType: "like", OR: who }, select: { id: true } });
  return Boolean(found);
}

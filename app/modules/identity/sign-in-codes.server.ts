// Email sign-in codes, kept and counted in PostgreSQL. The cookie only says which code this browser asked for:
// it can be replayed, so nothing in it may decide how many tries are left or whether a code was used.
import { createHmac, randomInt } from "node:crypto";
import { emailHash, safeEqual, sessionSecret } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { fail, ok, type Result } from "~/lib/result";

const CODE_MINUTES = 10;
/** Tries per code: five in a million for a guesser, room for a typo or two for its owner. */
export const MAX_ATTEMPTS_PER_CODE = 5;
/**
 * Wrong tries per address and hour, over all its codes. Each new code would otherwise bring five more guesses;
 * with this, a guesser gets at most 240 a day at one account (about one in four thousand), and its owner is held
 * up for at most an hour.
 */
export const MAX_FAILURES_PER_ADDRESS = 10;
const FAILURE_WINDOW_MS = 60 * 60_000;

// The failures a code check answers with; `code` tells them apart ("invalid" is the one worth another try).
const WRONG = () => fail("invalid", "login.errors.codeInvalid", { field: "code", code: "invalid" });
const EXPIRED = () => fail("gone", "login.errors.codeExpired", { code: "expired" });
const USED_UP = () => fail("gone", "login.errors.codeExpired", { code: "used_up" });
const LOCKED = () => fail("forbidden", "login.errors.codeLocked", { code: "address_locked" });

const digest = (id: string, code: string) => createHmac("sha256", `${sessionSecret()}:sign-in-code`).update(`${id}:${code}`).digest("hex");

/** Wrong tries at this address's codes within the last hour (a used code's tries were its owner's typos). */
async function recentFailures(hash: string): Promise<number> {
  const { _sum } = await getDb().signInCode.aggregate({
    where: { emailHash: hash, usedAt: null, createdAt: { gt: new Date(Date.now() - FAILURE_WINDOW_MS) } },
    _sum: { attempts: true },
  });
  return _sum.attempts ?? 0;
}

/** Whether the address has had too many wrong tries this hour for any code of it to work. */
export async function addressLocked(email: string): Promise<boolean> {
  return (await recentFailures(emailHash(email))) >= MAX_FAILURES_PER_ADDRESS;
}

/** A new six-digit code for the address; any earlier code of the address stops working (one live code each). */
export async function issueSignInCode(email: string): Promise<{ id: string; code: string }> {
  const hash = emailHash(email);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const id = crypto.randomUUID();
  const now = new Date();
  await getDb().$transaction([
    getDb().signInCode.updateMany({ where: { emailHash: hash, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } }),
    getDb().signInCode.create({
      data: { id, emailHash: hash, codeDigest: digest(id, code), expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000) },
    }),
  ]);
  return { id, code };
}

/**
 * Checks `code` against the code `id` issued to `email`, and uses it up when it is right. A try is taken from
 * the row before the code is compared, in one statement, so parallel guesses cannot share a try.
 */
export async function redeemSignInCode({ id, email, code }: { id: string; email: string; code: string }): Promise<Result> {
  const hash = emailHash(email);
  if ((await recentFailures(hash)) >= MAX_FAILURES_PER_ADDRESS) return LOCKED();
  const db = getDb();
  const taken = await db.$queryRaw<{ code_digest: string }[]>`
    UPDATE sign_in_codes SET attempts = attempts + 1
    WHERE id = ${id}::uuid AND email_hash = ${hash} AND used_at IS NULL AND expires_at > now() AND attempts < ${MAX_ATTEMPTS_PER_CODE}
    RETURNING code_digest`;
  const row = taken[0];
  if (!row) {
    const dead = await db.signInCode.findFirst({ where: { id, emailHash: hash }, select: { attempts: true, usedAt: true } });
    return dead && !dead.usedAt && dead.attempts >= MAX_ATTEMPTS_PER_CODE ? USED_UP() : EXPIRED();
  }
  if (!/^\d{6}$/.test(code) || !safeEqual(row.code_digest, digest(id, code))) return WRONG();
  // Right: used up now. Of two requests with the right code at once, one signs in.
  const { count } = await db.signInCode.updateMany({ where: { id, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1 ? ok() : EXPIRED();
}

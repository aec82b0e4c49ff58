// Small crypto helpers on node:crypto: random tokens, token digests, and the keyed blind index for personal data.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env.server.ts";

// Local runs work without configuration; production refuses to start without real secrets (env.server.ts).
// Exported for the secrets file (server/secrets.ts), which keeps data written in development readable.
export const DEV_SECRET = "kizuna-development-secret-do-not-use-in-production";

export function sessionSecret(): string {
  return getEnv().SESSION_SECRET ?? DEV_SECRET;
}

/** An unguessable token, URL-safe (32 bytes = 256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** SHA-256 hex of a high-entropy token: what we store instead of the token. */
export function digestToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Keyed HMAC of the normalized email: equality lookups and dedupe without storing the address in clear. */
export function emailHash(email: string): string {
  return createHmac("sha256", getEnv().PII_HASH_KEY ?? DEV_SECRET)
    .update(normalizeEmail(email))
    .digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

// Personal data at rest: AES-256-GCM with a random 96-bit IV per value, the key version in the stored text
// ("enc:v1:<base64url(iv | tag | ciphertext)>"), so keys can rotate while old values stay readable.
// The Prisma client extension in db.server.ts is the only caller for table data.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { getEnv } from "./env.server.ts";

const PREFIX = /^enc:v(\d{1,4}):([A-Za-z0-9_-]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Local runs work without configuration; production refuses to start without real keys (env.server.ts).
// Exported for the secrets file (server/secrets.ts), which keeps data written in development readable.
export const DEV_KEY = createHash("sha256").update("kizuna-development-pii-key-do-not-use-in-production").digest();

export interface PiiKeys {
  keys: ReadonlyMap<number, Buffer>;
  current: number;
}

export function piiKeys(): PiiKeys {
  const env = getEnv();
  const keys = env.PII_ENCRYPTION_KEYS ?? new Map([[1, DEV_KEY]]);
  return { keys, current: env.PII_KEY_VERSION ?? Math.max(...keys.keys()) };
}

export class PiiKeyError extends Error {
  override name = "PiiKeyError";
}

export function encryptPii(plain: string, { keys, current }: PiiKeys = piiKeys()): string {
  const key = keys.get(current);
  if (!key) throw new PiiKeyError(`PII key v${current} is not configured`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `enc:v${current}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === "string" && PREFIX.test(value);
}

/** The key version a stored value was written with, or null for plaintext. */
export function keyVersionOf(value: string): number | null {
  const match = PREFIX.exec(value);
  return match ? Number(match[1]) : null;
}

/** Decrypts a stored value; plaintext (written before encryption) is returned as it is. */
export function decryptPii(stored: string, { keys }: PiiKeys = piiKeys()): string {
  const match = PREFIX.exec(stored);
  if (!match) return stored;
  const key = keys.get(Number(match[1]));
  if (!key) throw new PiiKeyError(`PII key v${match[1]} is not configured: add it to PII_ENCRYPTION_KEYS to read this data`);
  const raw = Buffer.from(match[2]!, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiKeyError("stored personal data is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new PiiKeyError(`stored personal data does not authenticate under key v${match[1]}`);
  }
}

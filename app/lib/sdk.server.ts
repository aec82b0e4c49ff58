// The built embed script (build/sdk/v1/embed.js, from `npm run build`) and its Subresource Integrity hash,
// read once. The server serves it at EMBED_PATH; the admin prints the snippet with the hash.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const EMBED_PATH = "/sdk/v1/embed.js";

let cached: { body: Buffer; integrity: string } | null | undefined;

export function embedAsset(): { body: Buffer; integrity: string } | null {
  if (cached !== undefined) return cached;
  try {
    const body = readFileSync(path.resolve("build/sdk/v1/embed.js"));
    cached = { body, integrity: `sha384-${createHash("sha384").update(body).digest("base64")}` };
  } catch {
    cached = null;
  }
  return cached;
}

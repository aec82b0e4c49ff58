// API tokens for tests, stored as the admin's "new token" stores one: only its digest and prefix.
import { digestToken } from "~/lib/crypto.server";
import type { PrismaClient } from "~/lib/db.server";

/** Stores `token` (kz_ + 43 characters) as an API token of `userId`, valid for a day; returns the token. */
export async function giveApiToken(db: Pick<PrismaClient, "apiToken">, userId: string, token: string, name = "test"): Promise<string> {
  await db.apiToken.create({
    data: { userId, name, tokenHash: digestToken(token), prefix: token.slice(0, 10), expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return token;
}

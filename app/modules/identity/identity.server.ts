// One person, one user: every sign-in (GitHub, Discord, email) lands on the user with that verified address,
// adding an `accounts` row per provider, and links leads and inquiries with that address (spec: linkUserAccounts).
import { looksLikeCiphertext } from "~/lib/ciphertext";
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

export type Provider = "github" | "discord" | "email";

export interface ProviderIdentity {
  provider: Provider;
  /** The provider's stable id of the person (for email: the address). */
  providerAccountId: string;
  /** Only a verified address may join an existing user. */
  email: string | null;
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
  accessToken?: string | null;
  refreshToken?: string | null;
  scope?: string | null;
}

export class SignInError extends Error {
  override name = "SignInError";
  constructor(readonly code: "email_required" | "email_unverified") {
    super(code);
  }
}

/** Finds or creates the user for a completed sign-in and records the provider account. Returns the user id. */
export async function signInWith(identity: ProviderIdentity): Promise<{ userId: string; created: boolean }> {
  const db = getDb();
  const existing = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    select: { userId: true },
  });
  if (existing) return { userId: existing.userId, created: false };

  // A new provider account: it needs a verified address, or we could not tell whose it is.
  if (!identity.email) throw new SignInError("email_required");
  if (!identity.emailVerified) throw new SignInError("email_unverified");
  const email = normalizeEmail(identity.email);
  const admin = getEnv().ADMIN_EMAILS.includes(email);
  // The provider's display name is the person's own text: one shaped like our ciphertext cannot be stored in a
  // plaintext column (the encryption extension refuses it), so it is left out instead of failing the sign-in.
  const name = identity.name && !looksLikeCiphertext(identity.name) ? identity.name : null;

  const result = await db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email }, select: { id: true, role: true } });
    const created = !user;
    if (!user) {
      user = await tx.user.create({
        data: {
          email,
          name,
          image: identity.image ?? null,
          emailVerified: new Date(),
          role: admin ? "ADMIN" : "USER",
          profile: { create: { displayName: name } },
        },
        select: { id: true, role: true },
      });
    } else if (admin && user.role !== "ADMIN") {
      await tx.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
    }
    await tx.account.create({
      data: {
        userId: user.id,
        type: identity.provider === "email" ? "email" : "oauth",
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
        access_token: identity.accessToken ?? null,
        refresh_token: identity.refreshToken ?? null,
        scope: identity.scope ?? null,
      },
    });
    return { userId: user.id, created };
  });
  await linkRecordsToUser(result.userId, email);
  return result;
}

/** Attaches the leads and inquiries left with this address (before or without signing in) to the user. */
export async function linkRecordsToUser(userId: string, email: string): Promise<number> {
  const db = getDb();
  const leads = await db.lead.updateManyAndReturn({
    where: { emailHash: emailHash(email), userId: null },
    data: { userId },
    select: { id: true },
  });
  if (leads.length) {
    await db.inquiry.updateMany({ where: { leadId: { in: leads.map((l) => l.id) }, userId: null }, data: { userId } });
  }
  return leads.length;
}

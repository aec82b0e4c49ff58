// A user's own account: profile, connected sign-in methods and open sessions. Changes are audited like any
// change to users.
import { getDb } from "~/lib/db.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import { recordConsentChange } from "~/modules/privacy/gdpr.server";
import type { ProfileForm } from "./profile.schema.ts";
import { listSessions } from "./session.server.ts";
import { type RequestOrigin } from "~/lib/request-origin.server";
import type { Language } from "~/lib/i18n";

export async function loadAccount(userId: string) {
  const db = getDb();
  const [user, sessions] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        email: true,
        name: true,
        profile: true,
        accounts: { select: { id: true, provider: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      },
    }),
    listSessions(userId),
  ]);
  const profile = user.profile;
  return {
    email: user.email,
    name: user.name,
    profile: {
      displayName: profile?.displayName ?? user.name ?? "",
      bio: profile?.bio ?? "",
      websiteUrl: profile?.websiteUrl ?? "",
      twitterHandle: profile?.twitterHandle ?? "",
      discordId: profile?.discordId ?? "",
      preferredCharacter: profile?.preferredCharacter ?? "BOTH",
      marketingConsent: profile?.marketingConsent ?? false,
    },
    subscriptionTier: profile?.subscriptionTier ?? "FREE",
    accounts: user.accounts,
    sessions,
  };
}

/**
 * What a person writes about themselves: audit rows are read by admins and kept for years, so they record
 * that these changed, not what they say (the profile itself holds the value, and erasure removes it).
 */
const PROFILE_TEXT = ["displayName", "bio", "websiteUrl", "twitterHandle", "discordId"] as const;

/** Saves the user's own profile (creating it if the user has none yet), audits what changed and records a consent change with its time. */
export async function updateProfile(userId: string, input: ProfileForm, origin: RequestOrigin): Promise<void> {
  const db = getDb();
  const changes = await db.$transaction(async (tx) => {
    const before = await tx.userProfile.findUnique({ where: { userId } });
    const after = await tx.userProfile.upsert({ where: { userId }, create: { userId, ...input }, update: input });
    if ((before?.marketingConsent ?? false) !== after.marketingConsent)
      await recordConsentChange(tx, userId, after.marketingConsent, "account");
    const pick = (row: typeof after | null) =>
      Object.fromEntries(Object.keys(input).map((key) => [key, row ? (row as Record<string, unknown>)[key] : null]));
    return auditDiff(pick(before), pick(after), { redact: PROFILE_TEXT });
  });
  if (Object.keys(changes).length === 0) return;
  await recordAudit({ userId, action: "PUT", resource: "user_profiles", resourceId: userId, changes, ...origin, status: "success" });
}

/** Remembers the user's language on their profile, for mail written outside a request (the daily report). */
export async function rememberLanguage({ userId, language }: { userId: string; language: Language }): Promise<void> {
  await getDb().userProfile.upsert({
    where: { userId },
    update: { preferredLanguage: language },
    create: { userId, preferredLanguage: language },
  });
}

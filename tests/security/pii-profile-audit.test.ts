// Attack (by reading): a person's own words from their profile — bio, website, Twitter handle, Discord id, display
// name — were copied into the audit log in clear on every edit, where admins read them and they are kept for
// years (and erasure cannot remove append-only rows). The audit now records which fields changed, not what they say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import type { RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { startTestServer } from "../support/staff.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
const { url, sql } = await createTestDatabase();

beforeAll(async () => {
  ({ server, outbox } = await startTestServer(url));
});
afterAll(async () => {
  await server?.stop();
});

describe("profile edits in the audit log", () => {
  it("name the fields that changed without their values", async () => {
    const user = new Visitor(server);
    await signInWithEmail(user, "aoba", "profile-audit@example.com", outbox);
    const profile = {
      intent: "profile",
      displayName: "DisplayMarker",
      bio: "BioMarker 趣味は作曲",
      websiteUrl: "https://site-marker.example.com/me",
      twitterHandle: "@twmarker",
      discordId: "discord.marker",
      preferredCharacter: "AOBA",
    };
    expect((await user.post("aoba", "/account", profile)).status).toBe(200);
    expect((await user.post("aoba", "/account", { ...profile, bio: "BioMarker2 変更", twitterHandle: "" })).status).toBe(200);

    const { rows } = await sql<{ changes: Record<string, { from: unknown; to: unknown }> }>(
      "SELECT changes FROM audit_logs WHERE resource = 'user_profiles' AND user_id = (SELECT id FROM users WHERE email = 'profile-audit@example.com') ORDER BY created_at",
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/Marker|marker|趣味|変更/);
    expect(rows[0]!.changes).toMatchObject({
      bio: { from: null, to: "[REDACTED]" },
      twitterHandle: { from: null, to: "[REDACTED]" },
      preferredCharacter: { from: "BOTH", to: "AOBA" },
    });
    expect(rows[1]!.changes).toEqual({ bio: { from: "[REDACTED]", to: "[REDACTED]" }, twitterHandle: { from: "[REDACTED]", to: null } });
  });
});

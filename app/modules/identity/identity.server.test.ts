// One person, one user: sign-ins by several providers with the same verified address end on one user.
import { beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { signInWith, SignInError } from "./identity.server.ts";

const { url, db } = await createTestDatabase();
beforeAll(() => {
  process.env.DATABASE_URL = url;
});

describe("signInWith", () => {
  it("joins GitHub, Discord and email sign-ins with the same verified address into one user", async () => {
    const github = await signInWith({
      provider: "github",
      providerAccountId: "101",
      email: "Mika@Example.com",
      emailVerified: true,
      name: "Mika",
    });
    const discord = await signInWith({ provider: "discord", providerAccountId: "d-101", email: "mika@example.com", emailVerified: true });
    const email = await signInWith({
      provider: "email",
      providerAccountId: "mika@example.com",
      email: "mika@example.com",
      emailVerified: true,
    });
    expect(github.created).toBe(true);
    expect(discord.userId).toBe(github.userId);
    expect(email.userId).toBe(github.userId);
    const user = await db.user.findUniqueOrThrow({ where: { id: github.userId }, include: { accounts: true, profile: true } });
    expect(user.email).toBe("mika@example.com");
    expect(user.accounts.map((a) => a.provider).sort()).toEqual(["discord", "email", "github"]);
    expect(user.profile?.displayName).toBe("Mika");
    expect(await db.user.count({ where: { email: "mika@example.com" } })).toBe(1);
  });

  it("signs a returning account in without touching anything", async () => {
    const first = await signInWith({ provider: "github", providerAccountId: "202", email: "ren@example.com", emailVerified: true });
    const again = await signInWith({ provider: "github", providerAccountId: "202", email: "other@example.com", emailVerified: true });
    expect(again).toEqual({ userId: first.userId, created: false });
    expect(await db.account.count({ where: { userId: first.userId } })).toBe(1);
  });

  it("refuses a new account without a verified address (it could be anyone's)", async () => {
    await signInWith({ provider: "github", providerAccountId: "303", email: "victim@example.com", emailVerified: true });
    await expect(
      signInWith({ provider: "discord", providerAccountId: "d-303", email: "victim@example.com", emailVerified: false }),
    ).rejects.toThrow(SignInError);
    await expect(signInWith({ provider: "discord", providerAccountId: "d-304", email: null, emailVerified: false })).rejects.toThrow(
      SignInError,
    );
    expect(await db.account.count({ where: { provider: "discord", providerAccountId: { in: ["d-303", "d-304"] } } })).toBe(0);
  });

  it("links the leads and inquiries left with that address to the user", async () => {
    const lead = await db.lead.create({
      data: {
        email: "sora@example.com",
        emailHash: emailHash("sora@example.com"),
        source: "aoba_site",
        inquiries: { create: { subject: "s", message: "m" } },
      },
    });
    const { userId } = await signInWith({
      provider: "email",
      providerAccountId: "sora@example.com",
      email: "SORA@example.com",
      emailVerified: true,
    });
    expect((await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).userId).toBe(userId);
    expect((await db.inquiry.findFirstOrThrow({ where: { leadId: lead.id } })).userId).toBe(userId);
  });
});

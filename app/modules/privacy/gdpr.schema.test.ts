import { describe, expect, it } from "vitest";
import { AdminEraseSchema, eraseOwnAccountSchema, PersonLookupSchema } from "./gdpr.schema.ts";

describe("privacy forms", () => {
  it("normalises a looked-up email and names what is wrong", () => {
    expect(PersonLookupSchema.parse({ email: "  Erin@Example.COM " })).toEqual({ email: "erin@example.com" });
    expect(PersonLookupSchema.safeParse({ email: "not-an-email" }).error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["email", "privacy.invalidEmail"],
    ]);
    expect(PersonLookupSchema.safeParse({ email: "" }).error?.issues[0]?.message).toBe("privacy.emailRequired");
  });

  it("confirms an own erasure only with the user's email, in any case", () => {
    const schema = eraseOwnAccountSchema("erin@example.com");
    expect(schema.safeParse({ confirmEmail: " ERIN@example.com " }).success).toBe(true);
    expect(schema.safeParse({ confirmEmail: "other@example.com" }).error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["confirmEmail", "privacy.confirmMismatch"],
    ]);
    expect(schema.safeParse({}).error?.issues[0]?.message).toBe("privacy.confirmRequired");
  });

  it("confirms an admin erasure only when the email is typed again", () => {
    expect(AdminEraseSchema.safeParse({ email: "lena@example.com", confirmEmail: "LENA@example.com" }).success).toBe(true);
    expect(
      AdminEraseSchema.safeParse({ email: "lena@example.com", confirmEmail: "lena@example.org" }).error?.issues.map((i) => [
        i.path[0],
        i.message,
      ]),
    ).toEqual([["confirmEmail", "privacy.confirmMismatch"]]);
  });
});

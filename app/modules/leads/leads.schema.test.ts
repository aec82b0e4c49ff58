import { describe, expect, it } from "vitest";
import { ImportRowSchema } from "./import.server.ts";
import { ContactFormSchema } from "./leads.schema.ts";

const valid = { name: "猫空 ファン", email: "fan@example.com", message: "ステムのライセンスについて", gdprConsent: true };

describe("ContactFormSchema", () => {
  it("accepts a complete message and trims it", () => {
    const result = ContactFormSchema.parse({ ...valid, name: "  猫空 ファン  ", phone: "090-1234-5678" });
    expect(result).toMatchObject({ name: "猫空 ファン", leadType: "other", phone: "090-1234-5678" });
  });

  it("names each bad field with a translatable message", () => {
    const result = ContactFormSchema.safeParse({ name: "", email: "not-an-email", phone: "call me", message: "x".repeat(5001) });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toEqual({
      name: "errors.required",
      email: "errors.email",
      phone: "errors.phone",
      message: "errors.tooLong:5000",
      gdprConsent: "errors.consent",
    });
  });
});

describe("text fields", () => {
  it("refuse a NUL character by field, in the contact form and in a CSV import row", () => {
    const form = ContactFormSchema.safeParse({ ...valid, name: "a\u0000b", company: "\u0000" });
    expect(form.success ? [] : form.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["name", "errors.nul"],
      ["company", "errors.nul"],
    ]);
    const row = ImportRowSchema.safeParse({ email: "row@example.com", site: "yuya", gdpr_consent: "true", notes: "met\u0000" });
    expect(row.success ? [] : row.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["notes", "errors.nul"]]);
  });
});

import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AS_SENT, optionalText, phoneField } from "./schema-fields.ts";

const messages = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe("optionalText for a nullable column (default)", () => {
  const field = optionalText(8);

  it("trims, and turns empty or missing into null", () => {
    expect(field.parse("  abc ")).toBe("abc");
    expect(field.parse("   ")).toBeNull();
    expect(field.parse("")).toBeNull();
    expect(field.parse(undefined)).toBeNull();
  });

  it("refuses text over the limit by its translation key", () => {
    expect(messages(field, "abcdefghi")).toEqual(["errors.tooLong:8"]);
  });

  it("leaves NUL and ciphertext-shaped text to readForm", () => {
    expect(field.parse("a\u0000b")).toBe("a\u0000b");
    expect(field.parse("enc:v1")).toBe("enc:v1");
  });
});

describe("optionalText as sent (the lead schemas)", () => {
  const field = optionalText(10, AS_SENT);

  it("trims, and keeps empty as empty and missing as missing", () => {
    expect(field.parse(" abc ")).toBe("abc");
    expect(field.parse("  ")).toBe("");
    expect(field.parse(undefined)).toBeUndefined();
  });

  it("refuses text over the limit, NUL and ciphertext-shaped text by their keys", () => {
    expect(messages(field, "x".repeat(11))).toEqual(["errors.tooLong:10"]);
    expect(messages(field, "a\u0000b")).toEqual(["errors.nul"]);
    expect(messages(field, " enc:v1:AA")).toEqual(["errors.ciphertext"]);
  });

  it("each option works alone", () => {
    expect(optionalText(10, { keepEmpty: true }).parse("a\u0000b")).toBe("a\u0000b");
    expect(messages(optionalText(10, { refuseUnstorable: true }), "enc:v2:x")).toEqual(["errors.ciphertext"]);
    expect(optionalText(10, { refuseUnstorable: true }).parse("")).toBeNull();
  });
});

describe("phoneField", () => {
  it("keeps an empty phone as sent and checks a given one", () => {
    expect(phoneField.parse("")).toBe("");
    expect(phoneField.parse(" +81 3-1234-5678 ")).toBe("+81 3-1234-5678");
    expect(messages(phoneField, "call me")).toEqual(["errors.phone"]);
  });
});

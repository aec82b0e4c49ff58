import { describe, expect, it } from "vitest";
import { maskEmail, maskPersonalData, maskPhone } from "./mask.ts";

describe("maskPersonalData (the spec's rules)", () => {
  it("keeps two characters and the domain of an email", () => {
    expect(maskEmail("aoba.fan@example.com")).toBe("ao***@example.com");
  });

  it("keeps the first three and last four digits of a phone number", () => {
    expect(maskPhone("090-1234-5678")).toBe("090-***-5678");
  });

  it("redacts notes and messages, and leaves other fields and empty notes alone", () => {
    expect(maskPersonalData({ name: "猫空", email: "ab@x.com", notes: "VIP", message: null, phone: null })).toEqual({
      name: "猫空",
      email: "ab***@x.com",
      notes: "[REDACTED]",
      message: null,
      phone: null,
    });
  });

  it("never adds a field the record does not have", () => {
    expect(maskPersonalData({ email: "ab@x.com", notes: null })).toEqual({ email: "ab***@x.com", notes: null });
  });
});

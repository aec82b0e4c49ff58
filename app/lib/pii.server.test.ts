import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPii, encryptPii, isEncrypted, keyVersionOf, PiiKeyError, type PiiKeys } from "./pii.server.ts";

const v1 = randomBytes(32);
const v2 = randomBytes(32);
const both: PiiKeys = {
  keys: new Map([
    [1, v1],
    [2, v2],
  ]),
  current: 2,
};

describe("personal data encryption", () => {
  it("round-trips text, with a fresh IV each time and the key version in front", () => {
    const a = encryptPii("山田 花子 <hanako@example.jp>", both);
    const b = encryptPii("山田 花子 <hanako@example.jp>", both);
    expect(a).not.toBe(b);
    expect(a.startsWith("enc:v2:")).toBe(true);
    expect(keyVersionOf(a)).toBe(2);
    expect(decryptPii(a, both)).toBe("山田 花子 <hanako@example.jp>");
    expect(decryptPii(encryptPii("", both), both)).toBe("");
  });

  it("reads older versions while writing the current one", () => {
    const old = encryptPii("090-1234-5678", { keys: new Map([[1, v1]]), current: 1 });
    expect(decryptPii(old, both)).toBe("090-1234-5678");
  });

  it("refuses a value whose key is missing or which was tampered with", () => {
    const value = encryptPii("secret", both);
    expect(() => decryptPii(value, { keys: new Map([[1, v1]]), current: 1 })).toThrow(PiiKeyError);
    const raw = Buffer.from(value.slice("enc:v2:".length), "base64url");
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => decryptPii(`enc:v2:${raw.toString("base64url")}`, both)).toThrow(/does not authenticate/);
  });

  it("passes plaintext written before encryption through", () => {
    expect(isEncrypted("hello@example.com")).toBe(false);
    expect(decryptPii("hello@example.com", both)).toBe("hello@example.com");
  });
});

import { describe, expect, it } from "vitest";
import en from "~/locales/en/common.json";
import ja from "~/locales/ja/common.json";
import { getLanguage, languageFromCookie } from "./i18n.server.ts";
import { messageWith, translateError } from "./i18n.ts";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Object.values(value as object).flatMap(leaves);
}

describe("translations", () => {
  it("have the same keys in Japanese and English", () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });

  it("have no empty strings, and the same placeholders in both languages", () => {
    for (const text of [...leaves(ja), ...leaves(en)]) expect(text.trim()).not.toBe("");
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const jaByKey = new Map(keys(ja).map((k, i) => [k, leaves(ja)[i]!]));
    keys(en).forEach((key, i) => expect(placeholders(leaves(en)[i]!), key).toEqual(placeholders(jaByKey.get(key)!)));
  });
});

describe("language detection", () => {
  const request = (headers: Record<string, string>) => new Request("http://yuya.localhost/", { headers });

  it("prefers the lng cookie, then Accept-Language, then Japanese", async () => {
    expect(await getLanguage(request({ cookie: "lng=en", "accept-language": "ja-JP" }))).toBe("en");
    expect(await getLanguage(request({ cookie: "lng=ja", "accept-language": "en-US,en;q=0.9" }))).toBe("ja");
    expect(await getLanguage(request({ "accept-language": "en-GB,en;q=0.8" }))).toBe("en");
    expect(await getLanguage(request({}))).toBe("ja");
  });

  it("ignores languages we do not have", async () => {
    expect(await getLanguage(request({ cookie: "lng=xx", "accept-language": "fr-FR" }))).toBe("ja");
    expect(languageFromCookie("a=1; lng=de; b=2")).toBeNull();
    expect(languageFromCookie("a=1; lng=en")).toBe("en");
  });
});

describe("translateError", () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}(${JSON.stringify(options ?? {})})`;
  it("translates message keys of any namespace, with their numbers", () => {
    expect(translateError(t, "errors.tooLong:100")).toBe('errors.tooLong({"max":"100"})');
    expect(translateError(t, "account.invalidUrl")).toBe("account.invalidUrl({})");
  });
  it("translates a key with several values (messageWith)", () => {
    expect(translateError(t, messageWith("errors.attachmentsTooLarge", { name: "a|b.pdf", max: 10 }))).toBe(
      'errors.attachmentsTooLarge({"name":"a|b.pdf","max":10})',
    );
    expect(translateError(t, "errors.x|{broken")).toBe("errors.x|{broken");
  });
  it("shows other messages as they are", () => {
    expect(translateError(t, "plain text")).toBe("plain text");
    expect(translateError(t, "Invalid input: expected string.")).toBe("Invalid input: expected string.");
  });
});

// The embedded form validates in the server's words: its messages equal the app's errors.* strings.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "./src/embed-messages.ts";

const PAIRS = { required: "required", emailBad: "email", phoneBad: "phone", consentReq: "consent", long: "tooLong" } as const;

describe.each(["ja", "en"] as const)("embed messages (%s)", (lng) => {
  it("are the server's validation messages", () => {
    const locale = JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../app/locales/${lng}/common.json`), "utf8")) as {
      errors: Record<string, string>;
    };
    for (const [mine, theirs] of Object.entries(PAIRS)) expect(MESSAGES[lng][mine as keyof typeof PAIRS], mine).toBe(locale.errors[theirs]);
  });
});

import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./http.ts";

describe("safeRedirectPath", () => {
  it.each([
    ["/contact?x=1", "/contact?x=1"],
    ["//evil.example.com", "/"],
    ["/\\evil.example.com", "/"],
    ["https://evil.example.com", "/"],
    [null, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { found, safeRedirectPath, uuidParam } from "./http.ts";

describe("safeRedirectPath", () => {
  it.each([
    ["/contact?x=1", "/contact?x=1"],
    ["/admin/leads/123#notes", "/admin/leads/123#notes"],
    ["/content/%E6%97%A5%E6%9C%AC", "/content/%E6%97%A5%E6%9C%AC"],
    // Encoded control characters stay encoded: the browser goes to that path on this site.
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    "//evil.example.com",
    "/\\evil.example.com",
    "\\\\evil.example.com",
    "/\t/evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    "/ /evil.example",
    " //evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/\u00a0/evil.example",
    "/\u3000/evil.example",
    "/..//evil.example",
    "/./\\evil.example",
    "https://evil.example.com",
    "http:evil.example.com",
    "javascript:alert(1)",
    "evil.example.com",
    "",
    null,
    42,
  ])("refuses %j", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
    expect(safeRedirectPath(input, "/admin")).toBe("/admin");
  });
});

describe("found, uuidParam", () => {
  const status = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof Response ? error.status : "not a Response";
    }
    return "returned";
  };

  it("passes a value through and throws 404 for nothing", () => {
    expect(found(0)).toBe(0);
    expect(status(() => found(null))).toBe(404);
    expect(status(() => found(undefined))).toBe(404);
  });

  it("takes only a UUID as an id", () => {
    expect(uuidParam("8a3c2f9e-2b1d-4c6e-9f0a-1b2c3d4e5f60")).toBe("8a3c2f9e-2b1d-4c6e-9f0a-1b2c3d4e5f60");
    for (const bad of [undefined, "", "1", "8a3c2f9e-2b1d-4c6e-9f0a-1b2c3d4e5f60x", "../etc"])
      expect(status(() => uuidParam(bad))).toBe(404);
  });
});

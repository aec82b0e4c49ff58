// The one path the edge decides on: every spelling that reaches a route in Remix folds to the same path.
import { describe, expect, it } from "vitest";
import { canonicalPath } from "../app/lib/paths.ts";

describe("canonicalPath", () => {
  it.each([
    ["/auth/email", "/auth/email"],
    ["/Auth/email", "/auth/email"],
    ["/%61uth/Email", "/auth/email"],
    ["/api//leads", "/api/leads"],
    ["//api/leads", "/api/leads"],
    ["/api/leads/", "/api/leads"],
    ["/api\\leads", "/api/leads"],
    ["/x/../api/leads", "/api/leads"],
    ["/%2e%2e/api/leads", "/api/leads"],
    ["/contact.data", "/contact"],
    ["/Contact.data?index&x=1", "/contact"],
    ["/_root.data", "/"],
    ["/", "/"],
    ["/api/leads%", "/api/leads%"], // a broken escape stays as Remix keeps it
  ])("%s → %s", (url, path) => {
    expect(canonicalPath(url)).toBe(path);
  });
});

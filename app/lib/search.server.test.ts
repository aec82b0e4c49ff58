import { describe, expect, it } from "vitest";
import { containsPattern, containsText, equalsText, escapeLike } from "./search.server.ts";

describe("search", () => {
  it.each([
    ["plain", "plain"],
    ["100%", "100\\%"],
    ["a_b", "a\\_b"],
    ["back\\slash", "back\\\\slash"],
    ["%_\\", "\\%\\_\\\\"],
  ])("escapes LIKE wildcards in %j", (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
  });

  it("builds the Prisma filters and the SQL pattern", () => {
    expect(containsText("a_b")).toEqual({ contains: "a\\_b", mode: "insensitive" });
    expect(equalsText("IT_100%")).toEqual({ equals: "IT\\_100\\%", mode: "insensitive" });
    expect(containsPattern("50%")).toBe("%50\\%%");
  });
});

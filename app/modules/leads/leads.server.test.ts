import { describe, expect, it } from "vitest";
import { searchParts } from "./leads.server.ts";

describe("searchParts", () => {
  it("cuts a search at spaces and where the script changes, keeps pieces of three characters or more, longest first", () => {
    expect(searchParts("Company 4242")).toEqual(["Company", "4242"]);
    expect(searchParts("Company4242")).toEqual(["Company", "4242"]);
    expect(searchParts("株式会社サンプル")).toEqual(["株式会社", "サンプル"]);
    expect(searchParts("佐藤 花子")).toEqual([]); // two characters each: no trigram
    expect(searchParts("Garcia")).toEqual(["Garcia"]);
    expect(searchParts("100% 株式会社")).toEqual(["株式会社", "100"]);
  });

  it("gives pieces of the search itself, at most four, each once", () => {
    const q = "alpha beta gamma delta epsilon alpha";
    const parts = searchParts(q);
    expect(parts).toEqual(["epsilon", "alpha", "gamma", "delta"]);
    for (const part of parts) expect(q).toContain(part);
  });
});

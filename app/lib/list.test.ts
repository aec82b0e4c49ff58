import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listParams, pageOf, pageParam, pageWindow, readListQuery } from "./list.ts";

const Query = z.object({ status: z.enum(["open", "closed"], { error: "errors.status" }).optional(), page: pageParam });

describe("list pages", () => {
  it("counts pages from the total, at least one", () => {
    expect(pageOf(["a"], 51, { page: 2, pageSize: 25 })).toEqual({ items: ["a"], page: 2, pageSize: 25, total: 51, totalPages: 3 });
    expect(pageOf([], 0, { page: 1, pageSize: 25 }).totalPages).toBe(1);
    expect(pageOf([], 10_001, { page: 1, pageSize: 25 }, true).totalIsEstimate).toBe(true);
  });

  it("skips the pages before", () => {
    expect(pageWindow({ page: 3, pageSize: 20 })).toEqual({ skip: 40, take: 20 });
  });

  it("drops blank parameters", () => {
    expect(listParams("http://x/list?status=&q=a&page=2")).toEqual({ q: "a", page: "2" });
  });

  it("reads a good query, page 1 by default", () => {
    expect(readListQuery(new Request("http://x/list?status=open"), Query)).toEqual({ query: { status: "open", page: 1 }, fields: null });
  });

  it.each([
    ["status=nope", "status", "errors.status"],
    ["page=0", "page", "errors.page"],
    ["page=-3", "page", "errors.page"],
    ["page=abc", "page", "errors.page"],
    ["page=1.5", "page", "errors.page"],
  ])("refuses %s, naming the field", (search, field, message) => {
    expect(readListQuery(new Request(`http://x/list?${search}`), Query)).toEqual({ query: null, fields: { [field]: [message] } });
  });
});

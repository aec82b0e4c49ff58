import { describe, expect, it } from "vitest";
import { periodRange } from "./periods.ts";

describe("periodRange (Japan time)", () => {
  // 2026-11-24 20:00 UTC is already Wednesday 25 November in Tokyo.
  const at = new Date("2026-11-24T20:00:00Z");
  it("starts days, weeks, months, quarters and years at Tokyo midnight", () => {
    expect(periodRange("daily", at)).toEqual({
      from: new Date("2026-11-24T15:00:00Z"),
      to: new Date("2026-11-25T15:00:00Z"),
      date: "2026-11-25",
    });
    expect(periodRange("weekly", at)).toMatchObject({ from: new Date("2026-11-22T15:00:00Z"), date: "2026-11-23" });
    expect(periodRange("monthly", at)).toMatchObject({
      from: new Date("2026-10-31T15:00:00Z"),
      to: new Date("2026-11-30T15:00:00Z"),
      date: "2026-11-01",
    });
    expect(periodRange("quarterly", at)).toMatchObject({ date: "2026-10-01", to: new Date("2026-12-31T15:00:00Z") });
    expect(periodRange("yearly", at)).toMatchObject({ date: "2026-01-01", to: new Date("2026-12-31T15:00:00Z") });
  });
});

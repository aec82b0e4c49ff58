import { describe, expect, it } from "vitest";
import { analyticsWindow, fitsBuckets } from "./windows";

// 2026-11-24 23:30 UTC is 2026-11-25 08:30 in Tokyo.
const now = new Date("2026-11-24T23:30:00Z");

describe("analyticsWindow", () => {
  it("without a range: totals for the current Japan-time period, the trend for the last periods up to it", () => {
    const monthly = analyticsWindow("monthly", {}, now);
    expect(monthly.totals).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(monthly.buckets).toHaveLength(12);
    expect(monthly.buckets[0]).toEqual({ date: "2025-12-01", last: "2025-12-31" });
    expect(monthly.trend).toEqual({ from: "2025-12-01", to: "2026-11-30" });

    const daily = analyticsWindow("daily", {}, now);
    expect(daily.totals).toEqual({ from: "2026-11-25", to: "2026-11-25" });
    expect(daily.buckets).toHaveLength(30);
    expect(daily.buckets[0]!.date).toBe("2026-10-27");

    const weekly = analyticsWindow("weekly", {}, now);
    expect(weekly.totals).toEqual({ from: "2026-11-23", to: "2026-11-29" }); // ISO week, Monday first
    expect(
      analyticsWindow("quarterly", {}, now)
        .buckets.map((b) => b.date)
        .slice(-2),
    ).toEqual(["2026-07-01", "2026-10-01"]);
    expect(analyticsWindow("yearly", {}, now).buckets.map((b) => b.date)).toEqual([
      "2022-01-01",
      "2023-01-01",
      "2024-01-01",
      "2025-01-01",
      "2026-01-01",
    ]);
  });

  it("with a range: totals for the range, buckets of the period that meet it", () => {
    const window = analyticsWindow("monthly", { from: "2026-01-15", to: "2026-03-02" }, now);
    expect(window.totals).toEqual({ from: "2026-01-15", to: "2026-03-02" });
    expect(window.buckets.map((b) => b.date)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(analyticsWindow("daily", { from: "2026-11-20" }, now).buckets).toHaveLength(6);
    expect(analyticsWindow("monthly", { to: "2026-02-10" }, now).totals).toEqual({ from: "2026-02-01", to: "2026-02-10" });
  });

  it("refuses ranges of more than 400 buckets", () => {
    expect(fitsBuckets("daily", { from: "2025-01-01", to: "2026-01-01" })).toBe(true);
    expect(fitsBuckets("daily", { from: "2024-01-01", to: "2026-01-01" })).toBe(false);
    expect(fitsBuckets("monthly", { from: "2000-01-01", to: "2026-01-01" })).toBe(true);
  });
});

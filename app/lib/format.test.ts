import { describe, expect, it } from "vitest";
import { describeUserAgent, formatDateTime, formatMoney } from "./format.ts";

describe("describeUserAgent", () => {
  it("names the browser and the system", () => {
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")).toBe(
      "Chrome · Linux",
    );
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari · iOS");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0")).toBe(
      "Edge · Windows",
    );
  });

  it("falls back to the agent itself, or nothing", () => {
    expect(describeUserAgent("curl/8.5.0")).toBe("curl/8.5.0");
    expect(describeUserAgent(null)).toBeNull();
  });
});

describe("formatDateTime", () => {
  it("shows Japan time in both languages", () => {
    const date = new Date("2026-11-24T15:30:00Z");
    expect(formatDateTime(date, "ja")).toContain("0:30");
    expect(formatDateTime(date, "en")).toContain("25 Nov 2026");
  });
});

describe("formatMoney", () => {
  it("shows yen without decimals and other currencies with theirs", () => {
    expect(formatMoney("1500.40", "ja")).toBe("￥1,500");
    expect(formatMoney(1500, "en")).toBe("¥1,500");
    expect(formatMoney("12.5", "en", "USD")).toBe("$12.50");
  });

  it("shows a dash for no amount", () => {
    expect(formatMoney(null, "ja")).toBe("—");
    expect(formatMoney("", "en")).toBe("—");
    expect(formatMoney("abc", "en")).toBe("—");
  });
});

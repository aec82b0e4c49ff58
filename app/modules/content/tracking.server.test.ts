// The privacy and classification rules of content tracking, without a database.
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { ContentEventSchema } from "./tracking.schema";
import { isBotAgent, normalizeReferrer, truncateIp, uuidV7, visitorId } from "./tracking.server";

describe("truncateIp", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["10.1.2.3", "10.1.2.0/24"],
    ["::ffff:198.51.100.9", "198.51.100.0/24"],
    ["2001:db8:abcd:12:3456:789a:bcde:f012", "2001:db8:abcd::/48"],
    ["2001:0db8:0000:0042::1", "2001:db8:0::/48"],
    ["::1", "0:0:0::/48"],
    ["fe80::1", "fe80:0:0::/48"],
  ])("%s → %s", (ip, truncated) => {
    expect(truncateIp(ip)).toBe(truncated);
  });

  it("gives nothing for no or an unreadable address", () => {
    expect(truncateIp(null)).toBeNull();
    expect(truncateIp("")).toBeNull();
    expect(truncateIp("not-an-ip")).toBeNull();
    expect(truncateIp("999.1.1.1")).toBeNull();
  });
});

describe("normalizeReferrer", () => {
  const env = parseEnv({});
  it("writes a page of either brand, on any of its hosts, on the brand's public domain", () => {
    expect(normalizeReferrer("http://aoba.localhost:3000/content/x?utm=1#top", env)).toBe("https://aoba-nekosora.com/content/x");
    expect(normalizeReferrer("https://www.yuya-kabuki.com/shop", env)).toBe("https://yuya-kabuki.com/shop");
    expect(normalizeReferrer("https://YUYA-KABUKI.com/", env)).toBe("https://yuya-kabuki.com/");
  });

  it("keeps another site's origin and path, never its query", () => {
    expect(normalizeReferrer("https://www.google.com/search?q=my+name", env)).toBe("https://www.google.com/search");
  });

  it("drops what is not an http(s) URL", () => {
    expect(normalizeReferrer("android-app://com.example/", env)).toBeNull();
    expect(normalizeReferrer("javascript:alert(1)", env)).toBeNull();
    expect(normalizeReferrer("nonsense", env)).toBeNull();
    expect(normalizeReferrer("", env)).toBeNull();
    expect(normalizeReferrer(undefined, env)).toBeNull();
  });
});

describe("visitor session and bots", () => {
  it("reads only a well-formed visitor id from the cookie", () => {
    const request = (cookie: string) => new Request("http://x/", { headers: { cookie } });
    expect(visitorId(request("lng=en; kizuna_vid=AbCdEfGhIjKlMnOpQrSt_-"))).toBe("AbCdEfGhIjKlMnOpQrSt_-");
    expect(visitorId(request("kizuna_vid=short"))).toBeNull();
    expect(visitorId(request("kizuna_vid=AbCdEfGhIjKlMnOpQrSt_-;x"))).toBe("AbCdEfGhIjKlMnOpQrSt_-");
    expect(visitorId(request("other=1"))).toBeNull();
  });

  it("treats crawlers, scripts and a missing user agent as bots, browsers not", () => {
    expect(isBotAgent("Googlebot/2.1 (+http://www.google.com/bot.html)")).toBe(true);
    expect(isBotAgent("curl/8.5.0")).toBe(true);
    expect(isBotAgent("")).toBe(true);
    expect(isBotAgent(null)).toBe(true);
    expect(
      isBotAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe(false);
  });

  it("makes time-ordered v7 UUIDs", () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
});

describe("ContentEventSchema", () => {
  it("takes an id or a slug and one of the four events", () => {
    expect(ContentEventSchema.safeParse({ slug: "a-post", event: "view" }).success).toBe(true);
    expect(
      ContentEventSchema.safeParse({ contentId: "0196b5a4-0000-7000-8000-000000000000", event: "download", referrer: "https://x.example/" })
        .success,
    ).toBe(true);
    const paths = (input: unknown) => (ContentEventSchema.safeParse(input).error?.issues ?? []).map((i) => i.path.join("."));
    expect(paths({ event: "view" })).toEqual(["contentId"]);
    expect(paths({ slug: "a-post", event: "comment" })).toEqual(["event"]);
    expect(paths({ slug: "../etc", event: "view" })).toEqual(["slug"]);
    expect(paths({ slug: "a", event: "view", referrer: "x".repeat(2049) })).toEqual(["referrer"]);
  });
});

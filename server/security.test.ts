// The edge's CORS, cross-site and rate-limit rules, on a small Express app with the same middleware.
import type { AddressInfo } from "node:net";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../app/lib/env.server.ts";
import { createRateLimits } from "../app/lib/rate-limit.server.ts";
import { apiCors, isOwnOrigin, isSignInRequest, limitByIp, rejectCrossSiteMutations } from "./security.ts";

const env = parseEnv({ PORT: "3000" });
const limits = createRateLimits({
  rules: {
    apiByIp: { points: 3, duration: 60 },
    apiByUser: { points: 3, duration: 60 },
    signInByIp: { points: 2, duration: 60 },
    signInByEmail: { points: 1, duration: 60 },
  },
  logger: pino({ enabled: false }),
});
let base: string;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use("/api", apiCors(env));
  app.use(rejectCrossSiteMutations());
  app.use(limitByIp(limits, "apiByIp", (req) => req.path.startsWith("/api/")));
  app.use(limitByIp(limits, "signInByIp", isSignInRequest));
  app.all("*", (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("isOwnOrigin", () => {
  it.each([
    ["https://yuya-kabuki.com", false], // PUBLIC_SCHEME is http by default
    ["http://yuya-kabuki.com", true],
    ["http://aoba.localhost:4123", true],
    ["http://admin.localhost:3000", true],
    ["http://evil.example.com", false],
    ["http://yuya-kabuki.com.evil.example", false],
    ["http://yuya.localhost:3000/path", false],
    ["null", false],
  ])("%s → %s", (origin, expected) => {
    expect(isOwnOrigin(origin, env)).toBe(expected);
  });

  it("follows PUBLIC_SCHEME in production", () => {
    const prod = parseEnv({ PUBLIC_SCHEME: "https", PORT: "443" });
    expect(isOwnOrigin("https://aoba-nekosora.com", prod)).toBe(true);
    expect(isOwnOrigin("http://aoba-nekosora.com", prod)).toBe(false);
  });
});

describe("CORS on /api", () => {
  it("answers a preflight from a brand origin with exactly that origin and credentials", async () => {
    const res = await fetch(`${base}/api/leads`, {
      method: "OPTIONS",
      headers: {
        origin: "http://aoba.localhost:3000",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://aoba.localhost:3000");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,POST,PUT,DELETE");
  });

  it("gives other origins no CORS headers", async () => {
    const res = await fetch(`${base}/api/leads`, { headers: { origin: "https://evil.example.com" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("cross-site mutations", () => {
  it("refuses a POST carrying the session cookie from another origin, and allows the same origin", async () => {
    const host = new URL(base).host;
    const foreign = await fetch(`${base}/account`, {
      method: "POST",
      headers: { cookie: "__kizuna=x", origin: "https://evil.example.com" },
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe("cross_site_request");
    const own = await fetch(`${base}/account`, { method: "POST", headers: { cookie: "__kizuna=x", origin: `http://${host}` } });
    expect(own.status).toBe(200);
    const fetchMeta = await fetch(`${base}/account`, { method: "POST", headers: { cookie: "__kizuna=x", "sec-fetch-site": "cross-site" } });
    expect(fetchMeta.status).toBe(403);
  });

  it("decides an opaque origin (Origin: null) by Sec-Fetch-Site alone", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/account`, { method: "POST", headers: { cookie: "__kizuna=x", origin: "null", ...headers } });
    // A form posted natively under a no-referrer policy: Chromium sends Origin: null with same-origin.
    expect((await post({ "sec-fetch-site": "same-origin" })).status).toBe(200);
    // A sandboxed frame elsewhere, or a browser that does not say.
    expect((await post({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await post({})).status).toBe(403);
  });

  it("lets cookie-less requests through (public forms, API tokens)", async () => {
    const res = await fetch(`${base}/account`, { method: "POST", headers: { origin: "https://partner.example.com" } });
    expect(res.status).toBe(200);
  });
});

describe("rate limits at the edge", () => {
  it("answers 429 with Retry-After and RateLimit headers once the sign-in budget is spent", async () => {
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await fetch(`${base}/auth/email`, { method: "POST" });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last!.headers.get("ratelimit-limit")).toBe("2");
    expect((await last!.json()).error.code).toBe("rate_limited");
    expect((await fetch(`${base}/auth/email`)).status).toBe(200); // GET is not a sign-in attempt
  });
});

describe("loggedPath", () => {
  it("drops the query string and long opaque segments, keeps ids and words", async () => {
    const { loggedPath } = await import("./app.ts");
    expect(loggedPath("/admin/leads/0196b5a4-0000-7000-8000-000000000000?q=tanaka@example.com")).toBe(
      "/admin/leads/0196b5a4-0000-7000-8000-000000000000",
    );
    expect(loggedPath("/feedback/eyJhbGciOiJIUzI1NiJ9.eyJpbnF1aXJ5IjoiMDE5NiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ")).toBe("/feedback/…");
    expect(loggedPath("/content/a-long-but-readable-slug/comments")).toBe("/content/a-long-but-readable-slug/comments");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../tests/support/redis.ts";
import { createRateLimits, type RuleName } from "./rate-limit.server.ts";

const rules = {
  apiByIp: { points: 3, duration: 60 },
  apiByUser: { points: 3, duration: 60 },
  signInByIp: { points: 2, duration: 60 },
  signInByEmail: { points: 1, duration: 60 },
} satisfies Record<RuleName, unknown>;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe.each([
  ["memory", () => undefined],
  ["redis", () => redis.url],
])("rate limits in %s", (_store, redisUrl) => {
  it("allows the limit, then answers with Retry-After and RateLimit headers, per key", async () => {
    const limits = createRateLimits({ redisUrl: redisUrl(), rules });
    const key = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limits.consume("apiByIp", key));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[0]!.headers).toMatchObject({ "RateLimit-Limit": "3", "RateLimit-Remaining": "2" });
    const blocked = results[3]!;
    expect(blocked.allowed).toBe(false);
    if (!blocked.allowed) {
      expect(blocked.retryAfter).toBeGreaterThan(0);
      expect(blocked.headers["Retry-After"]).toBe(String(blocked.retryAfter));
    }
    expect((await limits.consume("apiByIp", `${key}-other`)).allowed).toBe(true);
    expect((await limits.consume("signInByIp", key)).allowed).toBe(true);
    await limits.close();
  });
});

describe("rate limits shared through Redis", () => {
  it("count across instances (two servers, one budget)", async () => {
    const [a, b] = [createRateLimits({ redisUrl: redis.url, rules }), createRateLimits({ redisUrl: redis.url, rules })];
    expect((await a.consume("signInByIp", "shared")).allowed).toBe(true);
    expect((await b.consume("signInByIp", "shared")).allowed).toBe(true);
    expect((await a.consume("signInByIp", "shared")).allowed).toBe(false);
    expect((await b.consume("signInByIp", "shared")).allowed).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});

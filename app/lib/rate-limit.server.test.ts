import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedis, type TestRedis } from "../../tests/support/redis.ts";
import { createRateLimits, type RateLimits, type RuleName } from "./rate-limit.server.ts";

const rules = {
  apiByIp: { points: 3, duration: 60 },
  apiByUser: { points: 3, duration: 60 },
  signInByIp: { points: 2, duration: 60 },
  signInByEmail: { points: 1, duration: 60 },
} satisfies Record<RuleName, unknown>;

const logger = pino({ enabled: false });
let redis: TestRedis & { port: number };

/** The connection is made in the background; until it is ready the counts are in memory. */
const connected = (limits: RateLimits) => vi.waitFor(() => limits.ping(), { timeout: 5_000, interval: 20 });
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
    const limits = createRateLimits({ redisUrl: redisUrl(), rules, logger });
    await connected(limits);
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
    const [a, b] = [createRateLimits({ redisUrl: redis.url, rules, logger }), createRateLimits({ redisUrl: redis.url, rules, logger })];
    await Promise.all([connected(a), connected(b)]);
    expect((await a.consume("signInByIp", "shared")).allowed).toBe(true);
    expect((await b.consume("signInByIp", "shared")).allowed).toBe(true);
    expect((await a.consume("signInByIp", "shared")).allowed).toBe(false);
    expect((await b.consume("signInByIp", "shared")).allowed).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("rate limits while Redis is away", () => {
  it("count in memory at once, say why in ping, and are shared again when Redis is back", async () => {
    const lines: Record<string, unknown>[] = [];
    const recording = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const [a, b] = [
      createRateLimits({ redisUrl: redis.url, rules, logger: recording }),
      createRateLimits({ redisUrl: redis.url, rules, logger }),
    ];
    await Promise.all([connected(a), connected(b)]);
    await redis.stop();
    try {
      await vi.waitFor(() => expect(a.ping()).rejects.toThrow(/not connected/), { timeout: 5_000 });
      // Each answer comes from the in-memory counts, without waiting for the connection (it waited 5–10 s).
      const started = performance.now();
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await a.consume("apiByIp", "outage"));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      // Many reconnect attempts, one line.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await expect(a.ping()).rejects.toThrow(/ECONNREFUSED/);
      expect(lines.filter((l) => l.msg === "redis unavailable")).toEqual([
        expect.objectContaining({ component: "rate-limits", reason: expect.stringContaining("ECONNREFUSED") }),
      ]);
      expect(lines.filter((l) => l.msg !== "redis unavailable")).toEqual([]);
    } finally {
      redis = await startRedis(redis.port);
    }
    await Promise.all([connected(a), connected(b)]);
    expect(lines.at(-1)).toMatchObject({ component: "rate-limits", msg: "redis available again" });
    expect((await a.consume("signInByIp", "back")).allowed).toBe(true);
    expect((await b.consume("signInByIp", "back")).allowed).toBe(true);
    expect((await a.consume("signInByIp", "back")).allowed).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});

// Rate limits (rate-limiter-flexible): in Redis when REDIS_URL is set, so every instance shares the counts,
// in memory otherwise. Over the limit, a request gets 429 with Retry-After and the RateLimit-* headers.
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Env } from "./env.server.ts";
import { FAIL_FAST_OPTIONS, outageLog, watchConnection } from "./redis.server.ts";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface LimitRule {
  /** Requests allowed per window. */
  points: number;
  /** Window in seconds. */
  duration: number;
}

export type RuleName = "apiByIp" | "apiByUser" | "signInByIp" | "signInByEmail";

/** The limits of the edge: the API and sign-in, by client address and by user or address signing in. */
export function rulesFromEnv(env: Pick<Env, "RATE_LIMIT_API_PER_MINUTE" | "RATE_LIMIT_SIGN_IN_PER_MINUTE">): Record<RuleName, LimitRule> {
  return {
    apiByIp: { points: env.RATE_LIMIT_API_PER_MINUTE, duration: 60 },
    apiByUser: { points: env.RATE_LIMIT_API_PER_MINUTE * 2, duration: 60 },
    signInByIp: { points: env.RATE_LIMIT_SIGN_IN_PER_MINUTE, duration: 60 },
    signInByEmail: { points: 5, duration: 600 },
  };
}

export type LimitResult =
  { allowed: true; headers: Record<string, string> } | { allowed: false; headers: Record<string, string>; retryAfter: number };

export interface RateLimits {
  consume(rule: RuleName, key: string): Promise<LimitResult>;
  /** Whether the shared store answers: "memory" without Redis, else Redis's PING (throws when it does not). */
  ping(): Promise<"memory" | "redis">;
  close(): Promise<void>;
}

function headersFor(rule: LimitRule, res: RateLimiterRes): Record<string, string> {
  return {
    "RateLimit-Limit": String(rule.points),
    "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "RateLimit-Reset": String(Math.ceil(res.msBeforeNext / 1000)),
  };
}

export function createRateLimits({
  redisUrl,
  rules,
  logger,
}: {
  redisUrl?: string;
  rules: Record<RuleName, LimitRule>;
  logger: Logger;
}): RateLimits {
  // A request never waits for Redis: while it is away (or hangs) each instance counts in memory, and the
  // connection keeps reconnecting, so the counts are shared again as soon as it is back.
  const redis = redisUrl ? new Redis(redisUrl, FAIL_FAST_OPTIONS) : undefined;
  const outage = outageLog(logger, "rate-limits");
  if (redis) watchConnection(redis, outage);
  const limiters = new Map<RuleName, RateLimiterAbstract>();
  const limiter = (name: RuleName) => {
    let found = limiters.get(name);
    if (!found) {
      const options = { keyPrefix: `kizuna:rl:${name}`, ...rules[name] };
      found = redis
        ? // If Redis is unreachable, each instance falls back to counting in memory rather than failing requests.
          new RateLimiterRedis({
            ...options,
            storeClient: redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      limiters.set(name, found);
    }
    return found;
  };
  return {
    async consume(name, key) {
      const rule = rules[name];
      try {
        const res = await limiter(name).consume(key);
        return { allowed: true, headers: headersFor(rule, res) };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        return { allowed: false, retryAfter, headers: { ...headersFor(rule, rejection), "Retry-After": String(retryAfter) } };
      }
    },
    async ping() {
      if (!redis) return "memory";
      // Not queued until Redis is back: a health check hears at once that it is not connected, and why.
      if (redis.status !== "ready") throw new Error(`not connected (${outage.reason ?? redis.status})`);
      await redis.ping();
      return "redis";
    },
    async close() {
      if (redis?.status === "ready") await redis.quit();
      else redis?.disconnect();
    },
  };
}

// The options of our Redis connections (ioredis) and their outage log: a Redis outage is one log line when it
// starts and one when it ends — not a line (or an "Unhandled error event" stack) per reconnect attempt.
import type { RedisOptions } from "ioredis";
import type { Logger } from "pino";

/** The longest wait between two reconnect attempts. */
export const RECONNECT_MAX_MS = 5_000;

/** Reconnects forever with a capped backoff, so Redis coming back is picked up without a restart. */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 200, RECONNECT_MAX_MS);
}

/**
 * For what a request waits on (the rate limits, the health check): a command fails at once while Redis is away
 * (no offline queue) and within COMMAND_TIMEOUT_MS when Redis hangs, so the caller falls back (the rate limits'
 * memory counters) instead of holding the request until the connection gives up.
 */
export const COMMAND_TIMEOUT_MS = 300;
export const FAIL_FAST_OPTIONS = {
  enableOfflineQueue: false,
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: 2_000,
  maxRetriesPerRequest: 0,
  // A rate-limit increment sent again after a reconnect would count the request twice.
  autoResendUnfulfilledCommands: false,
  retryStrategy: reconnectDelay,
} satisfies RedisOptions;

/** For BullMQ, whose workers block on Redis and must wait for it: no per-command retry limit, commands queued while it is away. */
export const WAITING_OPTIONS = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  connectTimeout: 5_000,
  retryStrategy: reconnectDelay,
} satisfies RedisOptions;

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** Whether an error says Redis cannot be reached (rather than that a command or a job went wrong). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  return (
    error.name === "MaxRetriesPerRequestError" ||
    /connection is closed|stream isn't writeable|command timed out|connect etimedout/i.test(error.message)
  );
}

export interface OutageLog {
  /** Redis failed: logged when an outage starts, then at most once per repeat interval while it lasts. */
  failed(error: unknown): void;
  /** Redis answers (ioredis "ready"): logged once when an outage ends. */
  recovered(): void;
  /** Why Redis is unavailable, while it is. */
  readonly reason: string | undefined;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const message = error.message || error.name;
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 200);
}

/** The outage log of one component ("rate-limits", "jobs.worker"…), whatever number of connections report to it. */
export function outageLog(logger: Logger, component: string, { repeatMs = 30_000, now = Date.now } = {}): OutageLog {
  let down: { since: number; loggedAt: number; reason: string; repeats: number } | undefined;
  return {
    failed(error) {
      const reason = reasonOf(error);
      const at = now();
      if (!down) {
        down = { since: at, loggedAt: at, reason, repeats: 0 };
        logger.warn({ component, reason }, "redis unavailable");
        return;
      }
      down.reason = reason;
      down.repeats++;
      if (at - down.loggedAt < repeatMs) return;
      logger.warn({ component, reason, downMs: at - down.since, errors: down.repeats }, "redis still unavailable");
      down.loggedAt = at;
      down.repeats = 0;
    },
    recovered() {
      if (!down) return;
      logger.warn({ component, downMs: now() - down.since }, "redis available again");
      down = undefined;
    },
    get reason() {
      return down?.reason;
    },
  };
}

/** Reports a connection's errors and its coming back to an outage log (and so gives it the error listener ioredis wants). */
export function watchConnection(
  connection: { on(event: "error", listener: (error: Error) => void): unknown; on(event: "ready", listener: () => void): unknown },
  log: OutageLog,
): void {
  connection.on("error", (error) => log.failed(error));
  connection.on("ready", () => log.recovered());
}

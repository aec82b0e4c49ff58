import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { isConnectionError, outageLog } from "./redis.server.ts";

function recorded() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, logger };
}

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" });

describe("outageLog", () => {
  it("logs an outage once, repeats at most every 30 s while it lasts, and logs its end once", () => {
    const { lines, logger } = recorded();
    let now = 0;
    const log = outageLog(logger, "jobs.worker", { now: () => now });
    log.recovered(); // up already: nothing to say
    for (now = 0; now < 29_000; now += 200) log.failed(refused);
    expect(lines).toEqual([
      expect.objectContaining({ msg: "redis unavailable", component: "jobs.worker", reason: "connect ECONNREFUSED 127.0.0.1:6379" }),
    ]);
    expect(log.reason).toBe("connect ECONNREFUSED 127.0.0.1:6379");
    now = 30_000;
    log.failed(refused);
    expect(lines.at(-1)).toMatchObject({ msg: "redis still unavailable", downMs: 30_000, errors: 145 });
    now = 31_000;
    log.recovered();
    log.recovered();
    expect(lines.map((l) => l.msg)).toEqual(["redis unavailable", "redis still unavailable", "redis available again"]);
    expect(lines.at(-1)).toMatchObject({ component: "jobs.worker", downMs: 31_000 });
    expect(log.reason).toBeUndefined();
    log.failed(new Error("Connection is closed."));
    expect(lines.at(-1)).toMatchObject({ msg: "redis unavailable", reason: "Connection is closed." });
  });
});

describe("isConnectionError", () => {
  it("tells Redis being unreachable from other errors", () => {
    expect(isConnectionError(refused)).toBe(true);
    expect(isConnectionError(new Error("Connection is closed."))).toBe(true);
    expect(isConnectionError(new Error("Missing lock for job 1. moveToFinished"))).toBe(false);
    expect(isConnectionError("ECONNREFUSED")).toBe(false);
  });
});

// A request that fails on the server (here: the database stops accepting connections) is one JSON log line
// at error level with the request id and the real error — not a plain stack on stderr next to an access
// line that only says "failed with status code 500".
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const { url } = await createTestDatabase();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: url, JOBS_ENABLED: "false", LOG_LEVEL: "info" });
});
afterAll(async () => {
  await server?.stop();
});

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; path: string };
  err?: { type: string; message: string; stack: string; code?: string };
}

describe("a request that fails on the server", () => {
  it("is logged once, as JSON at error level, with its request id and the error", async () => {
    const superuser = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await superuser.connect();
    const name = new URL(url).pathname.slice(1);
    const mark = server.output().length;
    const requests = [
      {
        id: "error-log-api-0001",
        path: "/api/leads",
        method: "POST",
        body: JSON.stringify({
          email: "db-down@example.com",
          name: "停止",
          source: "yuya_site",
          sourceDomain: "yuya-kabuki.com",
          leadType: "b2b_consultation",
          message: "届きますか？",
          gdprConsent: true,
        }),
      },
    ];
    const statuses: number[] = [];
    try {
      await superuser.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await superuser.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [
        name,
      ]);
      const lead = await server.request({
        host: "yuya",
        path: requests[0]!.path,
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": requests[0]!.id },
        body: requests[0]!.body,
      });
      statuses.push(lead.status);
      expect(lead.headers["x-request-id"]).toBe(requests[0]!.id);
    } finally {
      await superuser.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await superuser.end();
    }
    expect(statuses).toEqual([500]);
    // The access line is written when the response ends, just after the client has it.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const output = server.output().slice(mark);
    const lines = output.split("\n").filter((line) => line.trim());
    // JSON only: no plain multi-line stack anywhere.
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(output).not.toMatch(/^\s+at /m);
    const parsed = lines.map((line) => JSON.parse(line) as LogLine);
    for (const { id } of requests) {
      const mine = parsed.filter((l) => l.req?.id === id);
      expect(mine, id).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        level: 50,
        msg: expect.stringMatching(/^request failed: /),
        err: { type: expect.any(String), message: expect.any(String), stack: expect.stringContaining("\n    at ") },
      });
      expect(mine[0]!.msg).not.toContain("failed with status code");
      expect(mine[0]!.err!.message).not.toBe("");
    }
  });
});

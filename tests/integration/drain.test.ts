// Stopping and slow clients at the HTTP server itself: SIGTERM lets a request in flight finish (answered with
// Connection: close, stored once) while new connections are refused; a client that never finishes its headers
// is cut off after HTTP_HEADERS_TIMEOUT_MS instead of holding its socket for a minute.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createTestDatabase } from "../support/database.ts";
import { startServer } from "../support/server.ts";

const { url, db } = await createTestDatabase();
const stopped: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const stop of stopped) await stop();
});

interface RawAnswer {
  text: string;
  closedBy: "server" | "timeout";
}

/** Sends `parts` on one raw socket with `pauseMs` between them (after `between(i)` runs), and reads until the server closes. */
function rawExchange(
  port: number,
  parts: string[],
  { pauseMs = 0, between = async (_i: number) => {}, waitMs = 20_000 } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedBy: "timeout" });
    }, waitMs);
    socket.on("data", (chunk) => (text += chunk.toString("utf8")));
    socket.on("error", () => undefined); // a reset counts as closed; the text tells what came before
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text, closedBy: "server" });
    });
    socket.once("connect", async () => {
      try {
        for (const [i, part] of parts.entries()) {
          socket.write(part);
          if (i < parts.length - 1) {
            await between(i);
            await new Promise((r) => setTimeout(r, pauseMs));
          }
        }
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });

describe("SIGTERM drains", () => {
  it("finishes the request in flight, refuses new connections, and exits 0", async () => {
    const server = await startServer({ DATABASE_URL: url, SHUTDOWN_GRACE_MS: "20000", LOG_LEVEL: "info" });
    stopped.push(() => server.stop("SIGKILL"));
    const body = JSON.stringify({
      email: "drain@example.com",
      name: "Drain Test",
      source: "yuya_site",
      sourceDomain: "yuya-kabuki.com",
      leadType: "b2b_consultation",
      message: "sent across a shutdown",
      gdprConsent: true,
    });
    const head = [
      "POST /api/leads HTTP/1.1",
      `Host: yuya.localhost:${server.port}`,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: keep-alive",
      "",
      "",
    ].join("\r\n");
    let exitCode: Promise<number | null> | undefined;
    let refusedDuringDrain = false;
    // Headers and half the body, then SIGTERM, then the rest of the body.
    const answer = await rawExchange(server.port, [head + body.slice(0, 20), body.slice(20)], {
      pauseMs: 300,
      between: async () => {
        await new Promise((r) => setTimeout(r, 300)); // the server has the headers: the request is in flight
        exitCode = server.stop("SIGTERM");
        // The port closes in the same tick the drain is logged; a busy machine may take a while to get there.
        while (!server.output().includes('"msg":"draining')) await new Promise((r) => setTimeout(r, 50));
        refusedDuringDrain = await refused(server.port);
      },
    });
    expect(answer.text, server.output()).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.closedBy).toBe("server");
    expect(refusedDuringDrain).toBe(true);
    expect(await exitCode).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    const stored = await db.lead.findMany({ where: { emailHash: emailHash("drain@example.com") }, include: { inquiries: true } });
    expect(stored.map((lead) => lead.inquiries.length)).toEqual([1]);
  });
});

describe("slow clients", () => {
  it("a client that never finishes its headers is cut off after HTTP_HEADERS_TIMEOUT_MS", async () => {
    const server = await startServer({ DATABASE_URL: url, HTTP_HEADERS_TIMEOUT_MS: "1000" });
    stopped.push(() => server.stop());
    // Without the limit Node waits a minute (and checks only every 30 s); the bound here is far below that.
    const answer = await rawExchange(server.port, [`GET / HTTP/1.1\r\nHost: yuya.localhost:${server.port}\r\nX-Slow: 1`], {
      waitMs: 10_000,
    });
    expect(answer.closedBy).toBe("server");
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("refuses a headers limit longer than the request limit at start", async () => {
    const server = startServer(
      { DATABASE_URL: url, HTTP_HEADERS_TIMEOUT_MS: "90000", HTTP_REQUEST_TIMEOUT_MS: "60000" },
      { timeoutMs: 30_000 },
    );
    await expect(server).rejects.toThrow(/HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS/);
  });
});

// Sends fuzz requests to a test server and judges the answers: no 5xx, no hang. Shared by the fuzz tests.
import http from "node:http";
import type { RunningServer } from "./server.ts";

export interface FuzzRequest {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Outcome {
  request: FuzzRequest;
  status: number | "timeout" | "reset";
  body: string;
}

const TIMEOUT_MS = 20_000;
const CONCURRENCY = 6;

/** Sends one request on its own connection; a hang past TIMEOUT_MS is reported as such, not waited out. */
function send(server: RunningServer, request: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: request.method,
        path: request.path,
        headers: { host: new URL(server.url(request.host)).host, ...request.headers },
        setHost: false,
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text.length < 2000 ? (text += chunk) : undefined));
        res.on("end", () => resolve({ request, status: res.statusCode ?? 0, body: text.slice(0, 500) }));
        res.on("error", () => resolve({ request, status: "reset", body: "" }));
      },
    );
    req.setTimeout(TIMEOUT_MS, () => {
      req.destroy();
      resolve({ request, status: "timeout", body: "" });
    });
    // The server may answer (413, 415) and close before reading a body it refuses: that is an answer, not a reset.
    req.on("error", () => resolve({ request, status: "reset", body: "" }));
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** How many answers had each status, e.g. { "201": 40, "400": 420 }. */
export function histogram(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1;
  return counts;
}

export async function sendAll(server: RunningServer, requests: FuzzRequest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) outcomes.push(await send(server, requests[next++]!));
    }),
  );
  if (process.env.FUZZ_VERBOSE) process.stdout.write(`${JSON.stringify(histogram(outcomes))}\n`);
  return outcomes;
}

/** The outcomes that fail the bar, shortened for the report. */
export function failures(outcomes: Outcome[], allowed: (o: Outcome) => boolean = () => false) {
  return outcomes
    .filter((o) => (o.status === "timeout" || (typeof o.status === "number" && o.status >= 500)) && !allowed(o))
    .slice(0, 5)
    .map((o) => ({
      status: o.status,
      method: o.request.method,
      host: o.request.host,
      path: o.request.path.slice(0, 200),
      contentType: o.request.headers["content-type"],
      body: o.request.body?.slice(0, Number(process.env.FUZZ_SHOW ?? 300)),
      answer: o.body.slice(0, 300),
    }));
}

/** Whether some answers were successes: a fuzz whose every request is refused at the door tests nothing. */
export function someSucceeded(outcomes: Outcome[]): boolean {
  return outcomes.some((o) => typeof o.status === "number" && o.status >= 200 && o.status < 400);
}

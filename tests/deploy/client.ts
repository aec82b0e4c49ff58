// HTTP(S) requests to a host name on a loopback port: the connection goes to 127.0.0.1, the TLS server name and
// Host header say which site, and only the test CA is trusted. Errors (refused, reset) come back as status 0.
import http from "node:http";
import https from "node:https";
import type { TestResponse } from "../support/server.ts";

export interface Target {
  scheme: "http" | "https";
  port: number;
  ca?: Buffer;
  /** Keep-alive agent shared by a load generator's requests. */
  agent?: http.Agent;
}

export interface Request {
  host: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** The TLS server name, when it is not the host (a request whose Host no certificate names). */
  servername?: string;
}

export type Answer = TestResponse & { error?: string; ms: number };

/**
 * Sends a request. As browsers do, one sent on a reused keep-alive connection that the server had closed (reset
 * or ended before any answer: the proxy's idle connection closed by a reload) is sent again on a new one.
 */
export async function send(target: Target, request: Request): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await sendOnce(target, request);
    if (!answer.staleConnection || attempt >= 3) return answer;
  }
}

function sendOnce(
  target: Target,
  { host, path = "/", method = "GET", headers = {}, body, timeoutMs = 30_000, servername = host }: Request,
): Promise<Answer & { staleConnection?: boolean }> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const defaultPort = target.scheme === "https" ? 443 : 80;
  const hostHeader = target.port === defaultPort ? host : `${host}:${target.port}`;
  return new Promise((resolve) => {
    const options = {
      host: "127.0.0.1",
      port: target.port,
      path,
      method,
      setHost: false,
      headers: { host: hostHeader, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...headers },
      agent: target.agent,
      timeout: timeoutMs,
      ...(target.scheme === "https" ? { ca: target.ca, servername } : {}),
    };
    const req = (target.scheme === "https" ? https : http).request(options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: ms() }));
      res.on("error", (error) => resolve({ status: 0, headers: {}, body: text, error: error.message, ms: ms() }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const staleConnection = req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
      resolve({ status: 0, headers: {}, body: "", error: error.code ?? error.message, ms: ms(), staleConnection });
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Sends a very large request body made on the fly (never held in memory), chunked unless a Content-Length is
// given, and stops sending as soon as the server answers or closes the connection.
import http from "node:http";
import { readFileSync } from "node:fs";
import type { RunningServer } from "./server.ts";

export interface HugeBodyOutcome {
  /** The status the server answered, or null when the connection closed without an answer. */
  status: number | null;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Bytes of the body written before the answer (or the close). */
  sent: number;
}

export function sendHugeBody(
  server: RunningServer,
  options: {
    host: string;
    path: string;
    method?: string;
    headers?: Record<string, string>;
    head?: string;
    chunk: Buffer;
    totalBytes: number;
    declareLength?: boolean;
  },
): Promise<HugeBodyOutcome> {
  const { totalBytes, chunk, head = "" } = options;
  const headers: Record<string, string> = { host: new URL(server.url(options.host)).host, ...options.headers };
  // Chunked said outright: Node's client would not send a GET's body chunked by itself.
  if (options.declareLength) headers["content-length"] = String(totalBytes);
  else headers["transfer-encoding"] = "chunked";
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: "127.0.0.1",
      port: server.port,
      path: options.path,
      method: options.method ?? "POST",
      headers,
      setHost: false,
    });
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += part));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? null, body: text, headers: res.headers, sent });
      });
      res.on("error", () => resolve({ status: res.statusCode ?? null, body: text, headers: res.headers, sent }));
    });
    req.on("error", () => {
      if (!answered) resolve({ status: null, body: "", headers: {}, sent });
    });
    const write = () => {
      while (!answered && !req.destroyed && sent < totalBytes) {
        const piece = sent === 0 && head ? Buffer.from(head) : chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", write);
      }
      if (sent >= totalBytes && !req.destroyed) req.end();
    };
    write();
  });
}

/** The resident memory of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

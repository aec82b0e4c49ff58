// Starts the real server (build/server/index.mjs, as `npm start` runs it, against the built app) on a free port, for integration and
// e2e tests. Node's resolver does not map *.localhost to loopback, so requests go to 127.0.0.1 with a Host header.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { freePort } from "./ports.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  port: number;
  /** Base URL of a host on this server, e.g. url("yuya") → http://yuya.localhost:PORT */
  url(host: "yuya" | "aoba" | "admin" | "localhost" | (string & {}), pathname?: string): string;
  request(options: {
    host: string;
    path?: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }): Promise<TestResponse>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  process: ChildProcess;
}

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The keys the test servers protect personal data with (production requires them); tests use the same. */
export const TEST_PII_KEYS = `v1:${Buffer.alloc(32, 42).toString("base64")}`;
export const TEST_PII_HASH_KEY = "test-pii-hash-key-test-pii-hash-key!";

const HOSTS: Record<string, string> = { yuya: "yuya.localhost", aoba: "aoba.localhost", admin: "admin.localhost", localhost: "localhost" };

export async function startServer(env: Record<string, string> = {}, { timeoutMs = 120_000 } = {}): Promise<RunningServer> {
  const port = Number(env.PORT ?? (await freePort()));
  // SERVER_NODE_ARGS adds Node flags to the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a
  // benchmark's server (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "build/server/index.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SESSION_SECRET: "test-secret-test-secret-test-secret!",
      PII_HASH_KEY: TEST_PII_HASH_KEY,
      PII_ENCRYPTION_KEYS: TEST_PII_KEYS,
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = () => {
      if (output.includes("Kizuna CRM is running")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it started:\n${output}`));
    });
  });

  const hostHeader = (host: string) => `${HOSTS[host] ?? host}:${port}`;
  return {
    port,
    process: child,
    output: () => output,
    url: (host, pathname = "/") => `http://${hostHeader(host)}${pathname}`,
    request: ({ host, path: requestPath = "/", method = "GET", headers = {}, body }) =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: requestPath, method, headers: { host: hostHeader(host), ...headers }, setHost: false },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (text += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          },
        );
        req.on("error", reject);
        if (body) req.write(body);
        req.end();
      }),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

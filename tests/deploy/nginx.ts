// Debian's nginx with the recipe's own site file (deploy/nginx/kizuna.conf.template, rendered by deploy/render.mjs
// as an operator renders it), under a minimal main configuration of the test's: loopback ports, files in a
// temporary directory, in the foreground so it stops with the test.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { render } from "../../deploy/render.mjs";
import { markUpstream } from "../../deploy/upstream.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** How long nginx keeps an instance out after a failed connection (the upstream's fail_timeout, as in the recipe). */
export const FAIL_TIMEOUT_S = 2;
/** Debian's nginx is in /usr/sbin, which a non-root PATH may lack. */
const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

export interface Nginx {
  httpPort: number;
  httpsPort: number;
  logDir: string;
  /**
   * As deploy/rolling-restart.sh: marks the instance on `port` down (or up again) in the site file and reloads
   * nginx; resolves once the workers started with the old configuration are gone, so nothing is sent there.
   */
  setUpstream(port: number, down: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startNginx(options: {
  dir: string;
  httpPort: number;
  httpsPort: number;
  appPorts: number[];
  certFile: string;
  keyFile: string;
  connPerClient?: number;
}): Promise<Nginx> {
  const { dir } = options;
  const logDir = path.join(dir, "log");
  mkdirSync(logDir, { recursive: true });
  mkdirSync(path.join(dir, "acme"), { recursive: true });
  const site = render(readFileSync(path.join(ROOT, "deploy/nginx/kizuna.conf.template"), "utf8"), {
    APP_UPSTREAMS: options.appPorts.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=${FAIL_TIMEOUT_S}s;`).join("\n    "),
    HTTP_LISTEN: `127.0.0.1:${options.httpPort}`,
    HTTPS_LISTEN: `127.0.0.1:${options.httpsPort}`,
    HTTPS_PORT_SUFFIX: `:${options.httpsPort}`,
    TLS_CERT: options.certFile,
    TLS_KEY: options.keyFile,
    NGINX_LOG_DIR: logDir,
    ACME_ROOT: path.join(dir, "acme"),
    CONN_PER_CLIENT: String(options.connPerClient ?? 50),
  });
  const siteFile = path.join(dir, "kizuna.conf");
  writeFileSync(siteFile, site);
  const main = [
    // As root the workers would otherwise run as nobody, who cannot reach this directory.
    process.getuid?.() === 0 ? "user root;" : "",
    "worker_processes 1;",
    `pid ${path.join(dir, "nginx.pid")};`,
    `error_log ${path.join(logDir, "error.log")} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    `  client_body_temp_path ${path.join(dir, "body")};`,
    `  proxy_temp_path ${path.join(dir, "proxy")};`,
    `  fastcgi_temp_path ${path.join(dir, "fastcgi")};`,
    `  uwsgi_temp_path ${path.join(dir, "uwsgi")};`,
    `  scgi_temp_path ${path.join(dir, "scgi")};`,
    `  include ${path.join(dir, "kizuna.conf")};`,
    "}",
    "",
  ].join("\n");
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, main);

  const checkConfiguration = () => {
    const check = spawnSync(NGINX, ["-t", "-q", "-c", conf, "-p", dir, "-g", "daemon off;"], { encoding: "utf8" });
    if (check.status !== 0)
      throw new Error(`nginx -t refused the rendered configuration:\n${check.stderr}\n${readFileSync(siteFile, "utf8")}`);
  };
  checkConfiguration();
  const child = spawn(NGINX, ["-c", conf, "-p", dir, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort(options.httpsPort, () => stderr);
  return {
    httpPort: options.httpPort,
    httpsPort: options.httpsPort,
    logDir,
    setUpstream: async (port, down) => {
      writeFileSync(siteFile, markUpstream(readFileSync(siteFile, "utf8"), port, down));
      checkConfiguration();
      const old = childrenOf(child.pid!);
      child.kill("SIGHUP");
      for (let i = 0; i < 600; i++) {
        const now = childrenOf(child.pid!);
        if (now.length > 0 && !now.some((pid) => old.includes(pid))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`nginx's old workers (${old.join(", ")}) did not finish within 30 s of the reload:\n${stderr}`);
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
    },
  };
}

/** The processes whose parent is `pid` (nginx's workers), from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command (which may hold spaces, in parentheses): state, then the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return children;
}

async function waitForPort(port: number, output: () => string): Promise<void> {
  const { connect } = await import("node:net");
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen on ${port}:\n${output()}`);
}

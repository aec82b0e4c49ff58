// The production recipe of docs/deploy.md brought up on loopback: nginx terminating TLS (a local CA) in front of
// two app instances, a PostgreSQL primary with a streaming replica and a Redis server (Debian's packages), the
// instances configured as deploy/kizuna.env.example says. Each piece can be stopped, killed and started again.
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../support/ports.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { startPrimaryWithReplica, type PrimaryWithReplica } from "../support/replica.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { send, type Request, type Target } from "./client.ts";
import { startNginx, type Nginx } from "./nginx.ts";
import { makeCertificates } from "./tls.ts";

export const HOSTS = { yuya: "yuya-kabuki.com", aoba: "aoba-nekosora.com", admin: "admin.kizuna.example" } as const;
export const ADMIN_EMAIL = "ops@kizuna.example";

export interface Instance {
  port: number;
  server: RunningServer;
  /** Everything this instance wrote to stdout and stderr, across its restarts. */
  log(): string;
}

export interface Stack {
  dir: string;
  uploadDir: string;
  outboxDir: string;
  proxy: Target;
  http: Target;
  nginx: Nginx;
  postgres: PrimaryWithReplica;
  redis: TestRedis & { port: number };
  instances: Instance[];
  /** A request through the proxy over HTTPS. */
  request(request: Request): ReturnType<typeof send>;
  /** A request straight to one instance (plain HTTP on loopback, as the proxy sends it). */
  direct(instance: Instance, request: Request): ReturnType<typeof send>;
  /** Starts instance `i` again on its port (after it stopped or was killed). */
  restart(i: number): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startStack({
  instances: count = 2,
  env: extraEnv = {},
}: { instances?: number; env?: Record<string, string> } = {}): Promise<Stack> {
  const dir = await mkdtemp(path.join(tmpdir(), "kizuna-deploy-"));
  await chmod(dir, 0o711); // PostgreSQL runs as the postgres user, who must enter it
  const uploadDir = path.join(dir, "uploads");
  const outboxDir = path.join(dir, "outbox");
  const backupDir = path.join(dir, "backups");
  await Promise.all(
    [uploadDir, outboxDir, backupDir, path.join(dir, "tls"), path.join(dir, "nginx")].map((d) => mkdir(d, { recursive: true })),
  );
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const certificates = makeCertificates(path.join(dir, "tls"), Object.values(HOSTS));
    const postgres = await startPrimaryWithReplica({ dir: path.join(dir, "pg") });
    stops.push(() => postgres.stop());
    let redis = await startRedis();
    stops.push(() => redis.stop());

    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const env = {
      // As deploy/kizuna.env.example, with loopback ports and this run's directories.
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      HOST: "127.0.0.1",
      TRUST_PROXY: "1",
      PUBLIC_SCHEME: "https",
      PUBLIC_PORT: String(httpsPort),
      YUYA_HOSTS: HOSTS.yuya,
      AOBA_HOSTS: HOSTS.aoba,
      ADMIN_HOSTS: HOSTS.admin,
      ADMIN_EMAILS: ADMIN_EMAIL,
      DATABASE_URL: postgres.primaryUrl,
      DATABASE_REPLICA_URL: postgres.replicaUrl,
      DATABASE_POOL_MAX: "8",
      REDIS_URL: redis.url,
      UPLOAD_DIR: uploadDir,
      OUTBOX_DIR: outboxDir,
      BACKUP_DIR: backupDir,
      // Load comes from one address (the test, through the proxy): the API limit is not what is tested here.
      RATE_LIMIT_API_PER_MINUTE: "1000000",
      SHUTDOWN_GRACE_MS: "20000",
      HEALTH_CACHE_MS: "1000",
      ...extraEnv,
    };

    const logs = ports.map(() => "");
    const instances: Instance[] = [];
    const launch = async (i: number) => {
      const server = await startServer({ ...env, REDIS_URL: redis.url, PORT: String(ports[i]) });
      const instance = instances[i] ?? { port: ports[i]!, server, log: () => logs[i]! + instances[i]!.server.output() };
      if (instances[i]) logs[i] += instances[i].server.output();
      instance.server = server;
      instances[i] = instance;
    };
    // One after the other, as systemd starts them: the first applies the migrations.
    for (let i = 0; i < count; i++) await launch(i);
    stops.push(async () => Promise.all(instances.map((instance) => instance.server.stop())));

    const nginx = await startNginx({
      dir: path.join(dir, "nginx"),
      httpPort,
      httpsPort,
      appPorts: ports,
      certFile: certificates.certFile,
      keyFile: certificates.keyFile,
    });
    stops.push(() => nginx.stop());

    const proxy: Target = { scheme: "https", port: httpsPort, ca: certificates.caCert };
    const pool = new pg.Pool({ connectionString: postgres.primaryUrl, max: 2 });
    pool.on("error", () => undefined); // the primary is restarted on purpose
    stops.push(() => pool.end());

    return {
      dir,
      uploadDir,
      outboxDir,
      proxy,
      http: { scheme: "http", port: httpPort },
      nginx,
      postgres,
      get redis() {
        return redis;
      },
      instances,
      request: (request) => send(proxy, request),
      direct: (instance, request) => send({ scheme: "http", port: instance.port }, request),
      restart: (i) => launch(i),
      stopRedis: () => redis.stop(),
      startRedis: async () => {
        redis = await startRedis(redis.port);
      },
      sql: async (text, values) => (await pool.query(text, values)).rows,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

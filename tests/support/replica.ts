// A real PostgreSQL primary with a streaming replica, from Debian's packaged server (apt-get install postgresql),
// for tests of reads served by a replica (and deploys). Loopback only, free ports, data under `dir`. PostgreSQL
// refuses to run as root: as root every tool runs as the `postgres` user, who owns the data directories.
import { execFile } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./ports.ts";

const run = promisify(execFile);
const isRoot = () => process.getuid?.() === 0;

/** The bin directory of the newest PostgreSQL installed from Debian's packages (/usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root).filter(
        (name) =>
          /^\d+$/.test(name) &&
          ["postgres", "initdb", "pg_ctl", "pg_basebackup"].every((tool) => existsSync(path.join(root, name, "bin", tool))),
      )
    : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("No PostgreSQL server under /usr/lib/postgresql/*/bin: apt-get install postgresql");
  return path.join(root, newest, "bin");
}

export interface PrimaryWithReplica {
  /** Superuser URLs of the `kizuna` database on each server. */
  primaryUrl: string;
  replicaUrl: string;
  /** Stops applying WAL on the replica (it keeps receiving it): its data stays as it is now. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary had written when called. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops the primary (fast shutdown, as a restart does) and starts it again on the same port and data. */
  stopPrimary(): Promise<void>;
  startPrimary(): Promise<void>;
  /** Stops both servers (the data stays in `dir`). */
  stop(): Promise<void>;
}

const PASSWORD = "kizuna-test";
const REPLICATION_PASSWORD = "kizuna-replication";

/**
 * Starts a primary (wal_level=replica, a `replicator` role allowed to replicate from 127.0.0.1) with an empty
 * `kizuna` database, and a replica of it made with pg_basebackup -R, each on a free loopback port. `dir` must be
 * empty or new, and enterable by the `postgres` user when run as root (e.g. a mkdtemp directory with mode 711).
 */
export async function startPrimaryWithReplica({ dir }: { dir: string }): Promise<PrimaryWithReplica> {
  const bin = postgresBinDir();
  const tool = (name: string, args: string[], env: Record<string, string> = {}) => {
    const command = [...Object.entries(env).map(([k, v]) => `${k}=${v}`), path.join(bin, name), ...args];
    return isRoot() ? run("runuser", ["-u", "postgres", "--", "env", ...command]) : run("env", command);
  };
  const [primaryDir, replicaDir, socketDir] = ["primary", "replica", "sockets"].map((name) => path.join(dir, name)) as [
    string,
    string,
    string,
  ];
  await mkdir(socketDir, { recursive: true });
  if (isRoot()) {
    const [uid, gid] = (await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])])).map((r) =>
      Number(r.stdout.trim()),
    );
    await chown(dir, uid!, gid!);
    await chown(socketDir, uid!, gid!);
  }
  await chmod(dir, 0o711);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];

  const pwfile = path.join(dir, "pwfile");
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  await tool("initdb", [
    "-D",
    primaryDir,
    "-U",
    "postgres",
    "--auth=scram-sha-256",
    `--pwfile=${pwfile}`,
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ]);
  await writeFile(
    path.join(primaryDir, "pg_hba.conf"),
    [
      "local all all scram-sha-256",
      "host all all 127.0.0.1/32 scram-sha-256",
      "host replication replicator 127.0.0.1/32 scram-sha-256",
      "",
    ].join("\n"),
  );
  await appendFile(
    path.join(primaryDir, "postgresql.conf"),
    [
      "",
      "listen_addresses = '127.0.0.1'",
      `port = ${primaryPort}`,
      `unix_socket_directories = '${socketDir}'`,
      "wal_level = replica",
      "max_wal_senders = 5",
      "hot_standby = on",
      "fsync = off", // a test cluster: speed over durability
      "synchronous_commit = off",
      "",
    ].join("\n"),
  );
  const start = (dataDir: string, log: string) => tool("pg_ctl", ["-D", dataDir, "-l", path.join(dir, log), "-w", "-t", "60", "start"]);
  const stopServer = (dataDir: string) =>
    tool("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]).then(
      () => undefined,
      () => undefined,
    );
  const url = (port: number, database: string) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await start(primaryDir, "primary.log");
  try {
    await query(url(primaryPort, "postgres"), `CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}'`);
    await query(url(primaryPort, "postgres"), "CREATE DATABASE kizuna");
    await tool(
      "pg_basebackup",
      ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "replicator", "-D", replicaDir, "-R", "-X", "stream", "-c", "fast"],
      {
        PGPASSWORD: REPLICATION_PASSWORD,
      },
    );
    await appendFile(path.join(replicaDir, "postgresql.conf"), `\nport = ${replicaPort}\n`);
    await start(replicaDir, "replica.log");
  } catch (error) {
    await stopServer(primaryDir);
    throw error;
  }

  const primaryUrl = url(primaryPort, "kizuna");
  const replicaUrl = url(replicaPort, "kizuna");
  const replayState = async () => (await query(replicaUrl, "SELECT pg_get_wal_replay_pause_state() AS state"))[0]!.state as string;
  const until = async (ok: () => Promise<boolean>, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`replica: ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    primaryUrl,
    replicaUrl,
    pauseReplay: async () => {
      await query(replicaUrl, "SELECT pg_wal_replay_pause()");
      await until(async () => (await replayState()) === "paused", "replay not paused", 10_000);
    },
    resumeReplay: async () => {
      await query(replicaUrl, "SELECT pg_wal_replay_resume()");
    },
    waitForReplay: async (timeoutMs = 10_000) => {
      const target = (await query(primaryUrl, "SELECT pg_current_wal_lsn()::text AS lsn"))[0]!.lsn as string;
      await until(
        async () => (await query(replicaUrl, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [target]))[0]!.done === true,
        `not replayed up to ${target}`,
        timeoutMs,
      );
    },
    stopReplica: () => stopServer(replicaDir),
    stopPrimary: () => stopServer(primaryDir),
    startPrimary: async () => {
      await start(primaryDir, "primary.log");
    },
    startReplica: async () => {
      await start(replicaDir, "replica.log");
    },
    stop: async () => {
      await stopServer(replicaDir);
      await stopServer(primaryDir);
    },
  };
}

async function query(url: string, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

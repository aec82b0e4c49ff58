// `npm start` serves for real: the server build in production mode on the embedded database, with the secrets it
// makes on the first start (secrets.env beside the data, mode 600) and reuses later; a secret set in the
// environment wins; with DATABASE_URL nothing is made and missing secrets stop the start. Sign-in over plain
// http://admin.localhost works (no Secure cookie unless PUBLIC_SCHEME=https).
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { DEV_SECRET } from "~/lib/crypto.server";
import { DEV_KEY } from "~/lib/pii.server";
import { freePort } from "../support/ports.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { latestMailTo, signInCode } from "../support/outbox.ts";
import { Visitor } from "../support/visitor.ts";

const workDir = await mkdtemp(path.join(tmpdir(), "kizuna-start-"));
await chmod(workDir, 0o711); // as root, the embedded PostgreSQL runs as "postgres", who must enter it
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** The environment of `npm start` on a fresh machine: no NODE_ENV, no secrets, no DATABASE_URL (empty = unset). */
function npmStartEnv(dataDir: string, pgPort: number, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: "",
    DATABASE_URL: "",
    SESSION_SECRET: "",
    PII_HASH_KEY: "",
    PII_ENCRYPTION_KEYS: "",
    EMBEDDED_PG_DIR: path.join(dataDir, "pg"),
    EMBEDDED_PG_PORT: String(pgPort),
    OUTBOX_DIR: path.join(dataDir, "outbox"),
    UPLOAD_DIR: path.join(dataDir, "uploads"),
    BACKUP_DIR: path.join(dataDir, "backups"),
    JOBS_ENABLED: "false",
    ...extra,
  };
}

/** The session cookie's Set-Cookie line from a fresh sign-in. */
async function sessionCookieLine(server: RunningServer, outbox: string): Promise<{ visitor: Visitor; line: string }> {
  const visitor = new Visitor(server);
  const sent = await visitor.post("admin", "/auth/email", { email: "admin@example.com" });
  expect(sent.headers.location).toBe("/login/code");
  const verified = await visitor.post("admin", "/auth/email", { code: signInCode(await latestMailTo(outbox, "admin@example.com")) });
  expect(verified.headers.location, verified.body.slice(0, 300)).toBe("/auth/done");
  const line = (verified.headers["set-cookie"] ?? []).find((cookie) => cookie.startsWith("__kizuna="));
  expect(line, String(verified.headers["set-cookie"])).toBeDefined();
  await visitor.get("admin", "/auth/done");
  return { visitor, line: line! };
}

/** The same browser (its admin cookies) against a restarted server. */
function sameBrowser(visitor: Visitor, server: RunningServer): Visitor {
  const next = new Visitor(server);
  for (const pair of visitor.cookies("admin").split("; ").filter(Boolean)) {
    const [name, ...value] = pair.split("=");
    next.setCookie("admin", name!, value.join("="));
  }
  return next;
}

/** The leads export as the signed-in admin: decrypted names and emails, or a failure if the keys do not fit. */
async function leadExport(visitor: Visitor): Promise<string> {
  const res = await visitor.get("admin", "/admin/leads/export.csv");
  expect(res.status, res.body.slice(0, 300)).toBe(200);
  expect(res.body).toMatch(/@/); // emails, decrypted
  expect(res.body).not.toContain("enc:v");
  return res.body;
}

describe("npm start on the embedded database", () => {
  const dataDir = path.join(workDir, "data");
  const secretsFile = path.join(dataDir, "secrets.env");
  const outbox = path.join(dataDir, "outbox");
  let pgPort = 0;
  let firstExport = "";
  let firstFile = "";
  let firstVisitor: Visitor;

  it("makes the secrets on the first start (mode 600), runs in production mode, and signs in over http without Secure cookies", async () => {
    pgPort = await freePort();
    const server = await startServer(npmStartEnv(dataDir, pgPort), { timeoutMs: 240_000 });
    try {
      expect(server.output()).toContain(`Made the secrets of this installation`);
      expect(server.output()).toContain(secretsFile);
      expect(server.output()).toMatch(/Back it up together with the data/);
      expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
      firstFile = await readFile(secretsFile, "utf8");
      const values = Object.fromEntries([...firstFile.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      expect(Object.keys(values).sort()).toEqual(["PII_ENCRYPTION_KEYS", "PII_HASH_KEY", "SESSION_SECRET"]);
      expect(values.SESSION_SECRET!.length).toBeGreaterThanOrEqual(32);
      expect(values.PII_HASH_KEY).not.toBe(DEV_SECRET);
      const key = /^v1:(.+)$/.exec(values.PII_ENCRYPTION_KEYS!)?.[1];
      expect(Buffer.from(key!, "base64")).toHaveLength(32);
      expect(key).not.toBe(DEV_KEY.toString("base64"));

      // Production mode: an error page has no stack trace or path.
      const broken = await server.request({ host: "yuya", path: "/content/%E0%A4%A" });
      expect(broken.status).toBeGreaterThanOrEqual(400);
      expect(broken.body).not.toMatch(/\n\s*at |node_modules|\/work\//);

      // http://admin.localhost: the session cookie is not Secure (a browser would drop a Secure one over http), no HSTS.
      const { visitor, line } = await sessionCookieLine(server, outbox);
      expect(line).not.toMatch(/;\s*Secure/i);
      const dashboard = await visitor.get("admin", "/admin");
      expect(dashboard.status).toBe(200);
      expect(dashboard.headers["strict-transport-security"]).toBeUndefined();
      expect(dashboard.headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
      firstExport = await leadExport(visitor);
      firstVisitor = visitor;
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("reuses the same secrets on the next start, and in npm run scripts: sessions and personal data of the first run stay valid and readable", async () => {
    // A script on the same data (server stopped): it finds the user by the blind index only with the file's key.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["build/scripts/api-token.mjs", "--email", "admin@example.com", "--name", "start test"],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, ...npmStartEnv(dataDir, pgPort) } as NodeJS.ProcessEnv,
      },
    );
    const token = stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^kz_/);

    const server = await startServer(npmStartEnv(dataDir, pgPort), { timeoutMs: 240_000 });
    try {
      const leads = await server.request({ host: "admin", path: "/api/leads", headers: { authorization: `Bearer ${token}` } });
      expect(leads.status, leads.body.slice(0, 300)).toBe(200);
      expect(server.output()).not.toContain("Made the secrets");
      expect(server.output()).toContain(`Secrets from ${secretsFile}`);
      expect(await readFile(secretsFile, "utf8")).toBe(firstFile);
      // The first run's session cookie is still good (same SESSION_SECRET), and the data decrypts (same keys).
      expect(await leadExport(sameBrowser(firstVisitor, server))).toBe(firstExport);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("lets a secret set in the environment win over the file; with PUBLIC_SCHEME=https cookies are Secure and HSTS is on", async () => {
    const env = npmStartEnv(dataDir, pgPort, { SESSION_SECRET: "an-explicitly-configured-session-secret!", PUBLIC_SCHEME: "https" });
    const server = await startServer(env, { timeoutMs: 240_000 });
    try {
      // The first run's cookie was signed with the file's session secret: not valid under the configured one.
      const stale = await sameBrowser(firstVisitor, server).get("admin", "/admin/leads/export.csv");
      expect(stale.status).not.toBe(200);
      const { visitor, line } = await sessionCookieLine(server, outbox);
      expect(line).toMatch(/;\s*Secure/i);
      const dashboard = await visitor.get("admin", "/admin");
      expect(dashboard.status).toBe(200);
      expect(dashboard.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
      // The keys still come from the file: the personal data reads as before.
      expect(await leadExport(visitor)).toBe(firstExport);
      expect(await readFile(secretsFile, "utf8")).toBe(firstFile);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("a data directory from development runs", () => {
  it("keeps its personal data readable: the secrets file takes the development keys, new data gets a fresh v2", async () => {
    const dataDir = path.join(workDir, "dev-data");
    const outbox = path.join(dataDir, "outbox");
    const secretsFile = path.join(dataDir, "secrets.env");
    const pgPort = await freePort();
    const dev = await startServer(npmStartEnv(dataDir, pgPort, { NODE_ENV: "development" }), { timeoutMs: 240_000 });
    let devExport = "";
    try {
      expect(existsSync(secretsFile)).toBe(false); // development mode makes no file
      const { visitor } = await sessionCookieLine(dev, outbox);
      devExport = await leadExport(visitor);
    } finally {
      expect(await dev.stop()).toBe(0);
    }

    const prod = await startServer(npmStartEnv(dataDir, pgPort), { timeoutMs: 240_000 });
    try {
      expect(prod.output()).toContain("already holds data written under the development keys");
      expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
      const file = await readFile(secretsFile, "utf8");
      expect(file).toContain(`PII_HASH_KEY=${DEV_SECRET}\n`);
      expect(file).toMatch(new RegExp(`^PII_ENCRYPTION_KEYS=v1:${DEV_KEY.toString("base64").replace(/[+/]/g, "\\$&")},v2:\\S+$`, "m"));
      const { visitor } = await sessionCookieLine(prod, outbox);
      expect(await leadExport(visitor)).toBe(devExport);
    } finally {
      expect(await prod.stop()).toBe(0);
    }
  });
});

describe("a real deployment (DATABASE_URL)", () => {
  it("makes no secrets and refuses to start without them, naming each", async () => {
    const dataDir = path.join(workDir, "deployed");
    const result = await startServer({
      ...npmStartEnv(dataDir, await freePort()),
      DATABASE_URL: "postgresql://kizuna@127.0.0.1:1/kizuna",
    }).catch((e: Error) => e);
    expect(result).toBeInstanceOf(Error);
    const message = (result as Error).message;
    for (const name of ["SESSION_SECRET", "PII_HASH_KEY", "PII_ENCRYPTION_KEYS"])
      expect(message).toContain(`${name}: is required in production`);
    expect(message).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dataDir, "secrets.env"))).toBe(false);
  });
});

// A full or unwritable UPLOAD_DIR against the real server: a small tmpfs mounted as the upload directory, filled
// up, then remounted read-only. Text-only inquiries still go through; one with attachments is refused with 507
// (full) or 503 (unwritable) naming the attachments field, leaving neither a row nor a file behind; a failing
// health probe leaves no file either. Needs root (mount): a machine that refuses it fails here, loudly, rather
// than skipping what this file exists to check.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createTestDatabase } from "../support/database.ts";
import { multipart, PNG } from "../support/multipart.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";

let server: RunningServer;
let base: string;
let uploads: string;
let mounted = false;
const { url, db } = await createTestDatabase();

function mount(...args: string[]) {
  try {
    execFileSync("mount", args, { stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`This test mounts a small tmpfs as UPLOAD_DIR and needs root (mount ${args.join(" ")}): ${stderr || String(error)}`);
  }
}

/** Writes files until the disk says it is full (ENOSPC); returns the paths written. */
async function fill(dir: string, prefix: string, bytes: number): Promise<string[]> {
  const written: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const file = path.join(dir, `${prefix}-${i}`);
    try {
      written.push(file);
      await writeFile(file, Buffer.alloc(bytes, 1));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOSPC") return written;
      throw error;
    }
  }
  throw new Error(`${dir} did not fill up`);
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), "kizuna-storage-"));
  uploads = path.join(base, "uploads");
  execFileSync("mkdir", [uploads]);
  // 64 KB of space and few inodes, so both run out.
  mount("-t", "tmpfs", "-o", "size=64k,nr_inodes=32,mode=0755", "tmpfs", uploads);
  mounted = true;
  server = await startServer({ DATABASE_URL: url, UPLOAD_DIR: uploads, HEALTH_CACHE_MS: "0", RATE_LIMIT_API_PER_MINUTE: "100000" });
});

afterAll(async () => {
  await server?.stop();
  if (mounted) execFileSync("umount", [uploads]);
  if (base) await rm(base, { recursive: true, force: true });
});

let sent = 0;
const fields = (tag: string) => ({
  type: "general",
  subject: `ディスク ${tag}`,
  message: "添付の有無で結果が変わるか確認します。",
  "leadInfo.email": `disk-${tag}-${++sent}@example.com`,
  "leadInfo.name": "ディスク",
  gdprConsent: "true",
});
const withFile = [{ name: "screen.png", type: "image/png", bytes: PNG }];

async function post(form: Awaited<ReturnType<typeof multipart>>, pathname = "/api/inquiries"): Promise<TestResponse> {
  return server.request({
    host: "yuya",
    path: pathname,
    method: "POST",
    headers: { "content-type": form.contentType, "content-length": String(form.body.length), "accept-language": "en" },
    body: form.body,
  });
}
const json = (res: TestResponse) =>
  JSON.parse(res.body) as { data?: { reference: string }; error?: { code: string; message: string; fields?: Record<string, string[]> } };
/** Every file on the upload disk (not directories), fillers aside. */
const onDisk = async () =>
  (await readdir(uploads, { recursive: true, withFileTypes: true }))
    .filter((entry) => !entry.isDirectory() && !/^filler-|^inode-/.test(entry.name))
    .map((entry) => path.relative(uploads, path.join(entry.parentPath, entry.name)));
const leadsOf = (email: string) => db.lead.count({ where: { emailHash: emailHash(email) } });

async function textOnlyIsStored(tag: string) {
  const input = fields(tag);
  const res = await post(await multipart(input));
  expect(res.status, res.body).toBe(201);
  const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id: json(res).data!.reference } });
  expect(inquiry.subject).toBe(input.subject);
}

async function attachmentIsRefused(tag: string, status: number, code: string) {
  const input = fields(tag);
  const before = await onDisk();
  const res = await post(await multipart(input, withFile));
  expect(res.status, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const { error } = json(res);
  expect(error?.code).toBe(code);
  expect(error?.fields?.attachments?.[0]).toMatch(/Attachments cannot be stored/);
  expect(await leadsOf(input["leadInfo.email"])).toBe(0);
  expect(await db.inquiry.count({ where: { subject: input.subject } })).toBe(0);
  expect(await onDisk()).toEqual(before);
}

describe("a full upload disk", () => {
  let inodeFillers: string[] = [];

  beforeAll(async () => {
    await fill(uploads, "filler", 16 * 1024);
    inodeFillers = await fill(uploads, "inode", 0);
  });

  it("takes text-only inquiries, and refuses attachments with 507 naming the field (no space, no inodes)", async () => {
    await textOnlyIsStored("full-text");
    await attachmentIsRefused("full-inodes", 507, "insufficient_storage");
  });

  it("leaves no empty attachment file behind when a file can be created but not written", async () => {
    await Promise.all(inodeFillers.map((file) => rm(file, { force: true })));
    await attachmentIsRefused("full-space", 507, "insufficient_storage");
    await textOnlyIsStored("full-space-text");
  });

  it("says storage is down on /api/health without leaving its probe file", async () => {
    const res = await server.request({ host: "yuya", path: "/api/health" });
    expect(JSON.parse(res.body).services.storage).toBe("down");
    expect((await readdir(uploads)).filter((f) => f.startsWith(".health-"))).toEqual([]);
  });

  it("shows the contact form's error beside the attachments", async () => {
    const input = fields("full-form");
    const before = await onDisk();
    const res = await post(await multipart(input, withFile), "/contact?form=inquiry");
    expect(res.status).toBe(507);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("Attachments cannot be stored right now: our storage is full.");
    expect(await leadsOf(input["leadInfo.email"])).toBe(0);
    expect(await onDisk()).toEqual(before);
  });
});

describe("an unwritable upload disk", () => {
  beforeAll(() => {
    mount("-o", "remount,ro", uploads);
  });

  it("takes text-only inquiries, and refuses attachments with 503 naming the field", async () => {
    await textOnlyIsStored("ro-text");
    await attachmentIsRefused("ro-file", 503, "storage_unavailable");
  });

  it("answers the API's 503 with Retry-After", async () => {
    const res = await post(await multipart(fields("ro-retry"), withFile));
    expect(res.status).toBe(503);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  });
});

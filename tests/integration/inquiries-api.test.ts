// POST /api/inquiries against the real server: multipart with attachments typed by their bytes, stored under
// random names, limits on count and size, leadInfo creating or joining the lead, SLA from configuration.
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailHash } from "~/lib/crypto.server";
import { createTestDatabase } from "../support/database.ts";
import { EXE, multipart, PDF, PNG } from "../support/multipart.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";

let server: RunningServer;
let uploads: string;
const { url, db, sql } = await createTestDatabase();

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), "kizuna-uploads-"));
  server = await startServer({
    DATABASE_URL: url,
    UPLOAD_DIR: uploads,
    ATTACHMENT_MAX_FILES: "2",
    ATTACHMENT_MAX_BYTES: "20000",
    INQUIRY_SLA_HOURS: "urgent=2,high=12,medium=36,low=96",
    INQUIRY_SLA_HOURS_BY_TYPE: "technical_support=6",
    RATE_LIMIT_API_PER_MINUTE: "100000",
  });
});
afterAll(async () => {
  await server?.stop();
});

const fields = (overrides: Record<string, string> = {}) => ({
  type: "licensing",
  subject: "配信でのBGM利用",
  message: "週1回の配信でステムを使いたいです。",
  "leadInfo.email": "streamer@example.com",
  "leadInfo.name": "ミオ",
  gdprConsent: "true",
  ...overrides,
});

async function post(
  host: string,
  form: Awaited<ReturnType<typeof multipart>>,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  return server.request({
    host,
    path: "/api/inquiries",
    method: "POST",
    headers: { "content-type": form.contentType, "content-length": String(form.body.length), ...headers },
    body: form.body,
  });
}
const json = (res: TestResponse) =>
  JSON.parse(res.body) as { data?: Record<string, unknown>; error?: { code: string; fields?: Record<string, string[]> } };
const storedFiles = async () => (await readdir(uploads, { recursive: true })).filter((f) => /\.\w+$/.test(f));

describe("POST /api/inquiries", () => {
  it("stores the inquiry, its attachments by content, and the requester's lead", async () => {
    const res = await post(
      "aoba",
      await multipart(fields(), [
        { name: "../../etc/cover art.png", type: "image/png", bytes: PNG },
        { name: "契約書.pdf", type: "application/pdf", bytes: PDF },
      ]),
    );
    expect(res.status).toBe(201);
    const reference = json(res).data!.reference as string;
    const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id: reference }, include: { lead: true } });
    expect(inquiry).toMatchObject({ subject: "配信でのBGM利用", inquiryType: "licensing", priority: "medium", responseTimeSla: 36 });
    expect(inquiry.lead).toMatchObject({
      email: "streamer@example.com",
      name: "ミオ",
      leadType: "music_licensing",
      sourceDomain: "aoba-nekosora.com",
    });

    const attachments = inquiry.attachments as { name: string; type: string; size: number; path: string; sha256: string }[];
    expect(attachments.map((a) => [a.name, a.type])).toEqual([
      ["cover art.png", "image/png"],
      ["契約書.pdf", "application/pdf"],
    ]);
    for (const attachment of attachments) {
      expect(attachment.path).toMatch(/^inquiries\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.(png|pdf)$/);
      expect((await readFile(path.join(uploads, attachment.path))).length).toBe(attachment.size);
    }
    // The original names are personal enough to be encrypted at rest.
    const raw = await sql<{ attachments: { name: string }[] }>("SELECT attachments FROM inquiries WHERE id = $1", [reference]);
    expect(raw.rows[0]!.attachments.every((a) => a.name.startsWith("enc:v1:"))).toBe(true);
  });

  it("sets the SLA from the configured type and priority", async () => {
    const res = await post("yuya", await multipart(fields({ type: "technical_support", "leadInfo.email": "dev@example.com" })));
    const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id: json(res).data!.reference as string } });
    expect(inquiry).toMatchObject({ priority: "high", responseTimeSla: 6 });
  });

  it("joins the open lead of the address on that site", async () => {
    await post("aoba", await multipart(fields({ subject: "追加の質問" })));
    const leads = await db.lead.findMany({ where: { emailHash: emailHash("streamer@example.com") }, include: { inquiries: true } });
    expect(leads).toHaveLength(1);
    expect(leads[0]!.inquiries).toHaveLength(2);
  });

  it("without leadInfo and not signed in, asks for it", async () => {
    const { "leadInfo.email": _e, "leadInfo.name": _n, ...anonymous } = fields();
    const res = await post("yuya", await multipart(anonymous));
    expect(res.status).toBe(400);
    expect(Object.keys(json(res).error!.fields!)).toEqual(["leadInfo.email"]);
  });

  it.each([
    ["a disguised executable", { name: "photo.png", type: "image/png", bytes: EXE }, 415, "attachments"],
    ["a PDF that claims to be a PNG", { name: "photo.png", type: "image/png", bytes: PDF }, 415, "attachments"],
    ["an empty file", { name: "empty.txt", type: "text/plain", bytes: "" }, 400, "attachments"],
    ["a file over the size limit", { name: "big.txt", type: "text/plain", bytes: "x".repeat(20_001) }, 413, "attachments"],
  ])("refuses %s, naming the file, and stores nothing", async (_, file, status, field) => {
    const before = { files: (await storedFiles()).length, inquiries: await db.inquiry.count() };
    const res = await post(
      "yuya",
      await multipart(fields({ "leadInfo.email": "refused@example.com" }), [
        { name: "fine.txt", type: "text/plain", bytes: "hello" },
        file,
      ]),
    );
    expect(res.status).toBe(status);
    const error = json(res).error!;
    expect(Object.keys(error.fields!)).toEqual([field]);
    expect(error.fields![field]![0]).toContain(file.name.replace(/^.*\//, ""));
    expect(await db.inquiry.count()).toBe(before.inquiries);
    expect((await storedFiles()).length).toBe(before.files);
  });

  it("refuses more files than allowed", async () => {
    const txt = { name: "a.txt", type: "text/plain", bytes: "a" };
    const res = await post("yuya", await multipart(fields({ "leadInfo.email": "many@example.com" }), [txt, txt, txt]));
    expect(res.status).toBe(400);
    expect(Object.keys(json(res).error!.fields!)).toEqual(["attachments"]);
    expect(await db.lead.count({ where: { emailHash: emailHash("many@example.com") } })).toBe(0);
  });

  it.each([
    ["no type", { type: "" }, 400, "type"],
    ["unknown type", { type: "complaint" }, 400, "type"],
    ["no subject", { subject: "" }, 400, "subject"],
    ["subject too long", { subject: "x".repeat(256) }, 400, "subject"],
    ["no message", { message: " " }, 400, "message"],
    ["bad email", { "leadInfo.email": "nope" }, 400, "leadInfo.email"],
    ["no name", { "leadInfo.name": "" }, 400, "leadInfo.name"],
    ["no consent", { gdprConsent: "false" }, 422, "gdprConsent"],
    ["NUL in the subject", { subject: "a\u0000b" }, 400, "subject"],
    ["NUL in the name", { "leadInfo.name": "a\u0000" }, 400, "leadInfo.name"],
    ["NUL in the company", { "leadInfo.company": "\u0000" }, 400, "leadInfo.company"],
  ] as [string, Record<string, string>, number, string][])("%s → %i naming %s", async (_, overrides, status, field) => {
    const res = await post(
      "yuya",
      await multipart(fields({ ...overrides, "leadInfo.email": overrides["leadInfo.email"] ?? "badinput@example.com" })),
    );
    expect(res.status).toBe(status);
    expect(Object.keys(json(res).error!.fields!)).toContain(field);
    expect(await db.lead.count({ where: { emailHash: emailHash("badinput@example.com") } })).toBe(0);
  });

  it("refuses JSON and broken multipart, and is only on the brand sites", async () => {
    const asJson = await server.request({
      host: "yuya",
      path: "/api/inquiries",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fields()),
    });
    expect(asJson.status).toBe(415);
    const broken = await server.request({
      host: "yuya",
      path: "/api/inquiries",
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: "--abc\r\nnonsense",
    });
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect((await post("admin", await multipart(fields()))).status).toBe(404);
    // A text field far over any limit cannot be read: a 400, also from the contact page (never a 500).
    const huge = await multipart(fields({ message: "x".repeat(70_000) }));
    expect((await post("yuya", huge)).status).toBe(400);
    const page = await server.request({
      host: "yuya",
      path: "/contact?form=inquiry",
      method: "POST",
      headers: { "content-type": huge.contentType },
      body: huge.body,
    });
    expect(page.status).toBe(400);
  });
});

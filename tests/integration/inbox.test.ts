// The support inbox against the real server: SLA filters, attachments for staff only, replies by email
// (first response), assignment, resolution and the one-use rating link.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { multipart, PNG } from "../support/multipart.ts";
import { latestMailTo } from "../support/outbox.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { pathOf, Visitor } from "../support/visitor.ts";

let server: RunningServer;
let outbox: string;
const { url, db } = await createTestDatabase();
const staff = new Map<string, Visitor>();
let inquiryId: string;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    UPLOAD_DIR: await mkdtemp(path.join(tmpdir(), "kizuna-uploads-")),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
  });
  for (const [email, role] of [
    ["helpdesk@example.com", "SUPPORT"],
    ["pm@example.com", "MANAGER"],
    ["boss@example.com", "ADMIN"],
    ["fan@example.com", "USER"],
  ] as const) {
    await db.user.create({ data: { email, name: email.split("@")[0], role } });
    const visitor = new Visitor(server);
    await signInWithEmail(visitor, "admin", email, outbox);
    staff.set(role, visitor);
  }
  const form = await multipart(
    {
      type: "technical_support",
      subject: "プラグインが動きません",
      message: "インストール後にエラーが出ます。",
      "leadInfo.email": "requester@example.com",
      "leadInfo.name": "依頼 者",
      gdprConsent: "true",
    },
    [{ name: "エラー画面.png", type: "image/png", bytes: PNG }],
  );
  const res = await server.request({
    host: "yuya",
    path: "/api/inquiries",
    method: "POST",
    headers: { "content-type": form.contentType },
    body: form.body,
  });
  inquiryId = (JSON.parse(res.body) as { data: { reference: string } }).data.reference;
});
afterAll(async () => {
  await server?.stop();
});

const as = (role: string) => staff.get(role)!;

describe("inbox", () => {
  it("is for support and admins; managers and users are turned away", async () => {
    const list = await as("SUPPORT").get("admin", "/admin/inquiries");
    expect(list.status).toBe(200);
    expect(list.body).toContain(`data-inquiry="${inquiryId}"`);
    expect(list.body).toContain("re***@example.com"); // masked for support
    expect((await as("MANAGER").get("admin", "/admin/inquiries")).status).toBe(403);
    expect((await as("USER").get("admin", "/admin/inquiries")).status).toBe(403);
  });

  it("filters by status and finds SLA breaches", async () => {
    const late = await db.inquiry.create({
      data: {
        subject: "Old question",
        message: "Still waiting",
        inquiryType: "general",
        priority: "medium",
        responseTimeSla: 24,
        createdAt: new Date(Date.now() - 30 * 3_600_000),
      },
    });
    const breached = await as("SUPPORT").get("admin", "/admin/inquiries?breached=1");
    expect(breached.body).toContain(`data-inquiry="${late.id}"`);
    expect(breached.body).not.toContain(`data-inquiry="${inquiryId}"`);
    expect(breached.body).toContain('data-sla="breached"');
    expect((await as("SUPPORT").get("admin", "/admin/inquiries?status=resolved")).body).not.toContain("data-inquiry=");
    expect((await as("SUPPORT").get("admin", "/admin/inquiries?status=maybe")).status).toBe(400);
  });

  it("serves attachments to staff as downloads, under their names", async () => {
    const page = await as("SUPPORT").get("admin", `/admin/inquiries/${inquiryId}`);
    const href = new RegExp(`href="(/admin/inquiries/${inquiryId}/attachments/[0-9a-f-]{36})"`).exec(page.body)![1]!;
    const file = await server.request({ host: "admin", path: href, headers: { cookie: as("SUPPORT").cookies("admin") } });
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(file.headers["content-disposition"]).toBe(`attachment; filename*=UTF-8''${encodeURIComponent("エラー画面.png")}`);
    expect((await as("MANAGER").get("admin", href)).status).toBe(403);
    expect((await new Visitor(server).get("admin", href)).status).toBe(302);
    expect(
      (await as("SUPPORT").get("admin", `/admin/inquiries/${inquiryId}/attachments/0196b5a4-0000-7000-8000-000000000000`)).status,
    ).toBe(404);
  });

  it("replies by email; the first reply is the first response", async () => {
    const reply = await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, {
      intent: "reply",
      body: "再インストールをお試しください。",
      lng: "ja",
    });
    expect(reply.status).toBe(200);
    const mail = await latestMailTo(outbox, "requester@example.com");
    expect(mail).toContain("Re: ");
    expect(mail).toContain("再インストールをお試しください。");
    const after = await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId }, include: { messages: true } });
    expect(after.status).toBe("in_progress");
    expect(after.firstResponseAt).not.toBeNull();
    expect(after.messages[0]).toMatchObject({ direction: "outbound", body: "再インストールをお試しください。" });
    expect(after.messages[0]!.sentAt).not.toBeNull();

    await as("ADMIN").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "reply", body: "Any luck?", lng: "en" });
    const again = await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId } });
    expect(again.firstResponseAt).toEqual(after.firstResponseAt);
    expect((await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "reply", body: "  " })).status).toBe(400);
  });

  it("assigns to staff only", async () => {
    const support = await db.user.findUniqueOrThrow({ where: { email: "helpdesk@example.com" } });
    const user = await db.user.findUniqueOrThrow({ where: { email: "fan@example.com" } });
    expect((await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "assign", assignedTo: support.id })).status).toBe(
      200,
    );
    expect((await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId } })).assignedTo).toBe(support.id);
    expect((await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "assign", assignedTo: user.id })).status).toBe(
      422,
    );
    expect((await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "assign", assignedTo: "bob" })).status).toBe(400);
  });

  it("resolving stamps resolved_at and sends a rating link that works once", async () => {
    const resolved = await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, {
      intent: "status",
      status: "resolved",
      lng: "ja",
    });
    expect(resolved.status).toBe(200);
    expect((await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId } })).resolvedAt).not.toBeNull();
    const mail = await latestMailTo(outbox, "requester@example.com");
    const link = /(http:\/\/yuya\.localhost:\d+\/feedback\/[\w.-]+)/.exec(mail)![1]!;

    const requester = new Visitor(server);
    const page = await requester.get("yuya", pathOf(link));
    expect(page.status).toBe(200);
    expect(page.body).toContain("プラグインが動きません");
    expect((await requester.post("yuya", pathOf(link), { rating: "9" })).status).toBe(400);
    expect((await requester.post("yuya", pathOf(link), { rating: "4" })).status).toBe(200);
    expect((await requester.post("yuya", pathOf(link), { rating: "1" })).status).toBe(409);
    expect((await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId } })).satisfactionRating).toBe(4);

    const tampered = pathOf(link).slice(0, -3) + "abc";
    expect((await requester.get("yuya", tampered)).status).toBe(404);
    expect((await requester.post("yuya", tampered, { rating: "5" })).status).toBe(404);
  });

  it("unknown ids and actions are 4xx", async () => {
    expect((await as("SUPPORT").get("admin", "/admin/inquiries/0196b5a4-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "explode" })).status).toBe(400);
    expect((await as("SUPPORT").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "status", status: "sleeping" })).status).toBe(400);
    expect((await as("MANAGER").post("admin", `/admin/inquiries/${inquiryId}`, { intent: "reply", body: "hi" })).status).toBe(403);
  });
});

// A NUL character (U+0000) in any form field is bad input: PostgreSQL text cannot hold one. Every action reads
// its form through readForm(), which answers 400 naming the field, in the visitor's language, before anything
// is written. (The contact forms refuse it in place through their own schemas: leads-api and inquiries tests.)
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import { Visitor } from "../support/visitor.ts";

let server: RunningServer;
const { url, db } = await createTestDatabase({ seeded: true });
let admin: Visitor;
let member: Visitor;

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000" });
  admin = (await signedInVisitors(server, outbox, ["admin@example.com"])).get("admin")!;
  member = (await signedInVisitors(server, outbox, ["user@example.com"], "yuya")).get("user")!;
});
afterAll(async () => {
  await server?.stop();
});

/** What a form's rows look like, to show nothing was written. */
const snapshot = async () => ({
  companies: await db.company.count(),
  projects: await db.project.count(),
  products: await db.product.count(),
  contents: await db.content.count(),
  leads: await db.lead.findMany({ select: { id: true, notes: true, name: true }, orderBy: { id: "asc" } }),
  profiles: await db.userProfile.findMany({ select: { userId: true, displayName: true }, orderBy: { userId: "asc" } }),
  audit: await db.auditLog.count(),
});

describe("a NUL character in a form", () => {
  it.each([
    ["a new company", "/admin/companies", { intent: "create", name: "株式会社\0テスト", domain: "nul.example.com" }, "name"],
    ["a new project", "/admin/projects", { intent: "create", name: "Project", description: "a\0b" }, "description"],
    ["a new product", "/admin/products/new", { name: "Stems\0", productType: "music_stem", price: "1000" }, "name"],
    ["a new content", "/admin/contents/new", { title: "記事", content: "本文\0" }, "content"],
    ["a field's name", "/admin/companies", { intent: "create", "na\0me": "x" }, "na\\u0000me"],
  ])("is refused with 400 naming the field: %s", async (_label, pathname, form, field) => {
    const before = await snapshot();
    for (const [lng, words] of [
      ["en", "NUL character"],
      ["ja", "NUL文字"],
    ] as const) {
      const res = await admin.post("admin", pathname, form, { "accept-language": lng });
      expect(res.status).toBe(400);
      expect(res.body).toContain(`${field}`);
      expect(res.body).toContain(words);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("is refused on a lead's edit form, and the lead keeps its notes", async () => {
    const lead = await db.lead.findFirstOrThrow({ select: { id: true } });
    const before = await snapshot();
    const res = await admin.post(
      "admin",
      `/admin/leads/${lead.id}`,
      { intent: "update", notes: "call back\0" },
      { "accept-language": "en" },
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain("notes: remove the NUL character");
    expect(res.body).toContain("The request could not be used");
    expect(await snapshot()).toEqual(before);
  });

  it("is refused on a member's profile on a brand site", async () => {
    const before = await snapshot();
    const profile = await member.post(
      "yuya",
      "/account",
      { intent: "profile", displayName: "ユウヤ\0ファン" },
      { "accept-language": "ja" },
    );
    expect(profile.status).toBe(400);
    expect(profile.body).toContain("displayName：NUL文字");
    expect(profile.body).toContain("— yuya-kabuki.com"); // in the brand's own frame (its footer)
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["the language switch", "/set-language", { lng: "en\0", redirectTo: "/" }, "lng"],
    ["the sign-in by email", "/auth/email", { email: "a\0@example.com" }, "email"],
  ])("is refused by %s, a route without a page of its own, as JSON naming the field", async (_label, pathname, form, field) => {
    const res = await new Visitor(server).post("aoba", pathname, form, { "accept-language": "en" });
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.body) as { error: { code: string; message: string; fields: Record<string, string[]> } };
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("NUL character");
    expect(Object.keys(error.fields)).toEqual([field]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { auditDiff, listAudit, recordAudit } from "./audit.server.ts";

const { url, db } = await createTestDatabase();
beforeAll(() => {
  process.env.DATABASE_URL = url;
});

describe("audit log", () => {
  it("records only what changed, with personal data masked", () => {
    const diff = auditDiff(
      { status: "new", email: "mika@example.com", notes: null, estimatedValue: "100.00", name: "Mika" },
      { status: "won", email: "mika.k@example.com", notes: "called", estimatedValue: "100.00", name: "Mika" },
    );
    expect(diff).toEqual({
      status: { from: "new", to: "won" },
      email: { from: "mi***@example.com", to: "mi***@example.com" },
      notes: { from: null, to: "[REDACTED]" },
    });
  });

  it("records that a redacted field changed, and whether it is now empty, not what it says", () => {
    const diff = auditDiff(
      { bio: "old words", discordId: null, theme: "a" },
      { bio: null, discordId: "me.123", theme: "b" },
      { redact: ["bio", "discordId"] },
    );
    expect(diff).toEqual({
      bio: { from: "[REDACTED]", to: null },
      discordId: { from: null, to: "[REDACTED]" },
      theme: { from: "a", to: "b" },
    });
  });

  it("writes rows that can be listed by resource and status, newest first", async () => {
    await recordAudit({
      action: "PUT",
      resource: "leads",
      resourceId: "L1",
      changes: { email: { from: "a", to: "b" } },
      ip: "127.0.0.1",
      status: "success",
    });
    await recordAudit({ action: "DELETE", resource: "leads", resourceId: "L1", ip: "::1", status: "failure" });
    await recordAudit({ action: "PUT", resource: "projects", resourceId: "P1", status: "success" });
    const page = await listAudit({ resource: "leads", resourceId: "L1", page: 1, pageSize: 10 });
    expect(page.total).toBe(2);
    expect(page.items.map((r) => r.action)).toEqual(["DELETE", "PUT"]);
    const failures = await listAudit({ status: "failure", page: 1, pageSize: 10 });
    expect(failures.items.map((r) => r.resourceId)).toEqual(["L1"]);
  });

  it("cannot be edited or deleted through the app", async () => {
    const row = await db.auditLog.findFirstOrThrow();
    await expect(db.auditLog.update({ where: { id: row.id }, data: { action: "GET" } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
  });
});

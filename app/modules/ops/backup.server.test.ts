// Backups against a real database with Debian's pg_dump/pg_restore: a backup, a change, a restore that brings
// the old data back; retention; a full disk failing loudly with nothing half-written left.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { BackupError, createBackup, listBackups, pruneBackups, restoreBackup } from "./backup.server";

const { url, db } = await createTestDatabase();

describe("backups", () => {
  it("backs up, and a restore brings back what changed since", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kizuna-backups-"));
    const company = await db.company.create({ data: { name: "バックアップ商事" } });
    const backup = await createBackup({ databaseUrl: url, dir, retentionDays: 14, now: new Date("2026-11-25T03:00:00Z") });
    expect(path.basename(backup.file)).toBe("kizuna-20261125T030000Z.dump");
    expect(backup.bytes).toBeGreaterThan(1000);
    expect(await readdir(dir)).toEqual(["kizuna-20261125T030000Z.dump"]);

    await db.company.update({ where: { id: company.id }, data: { name: "変更後" } });
    await db.company.create({ data: { name: "後から追加" } });
    await restoreBackup({ databaseUrl: url, file: backup.file });

    expect((await db.company.findUniqueOrThrow({ where: { id: company.id } })).name).toBe("バックアップ商事");
    expect(await db.company.count({ where: { name: "後から追加" } })).toBe(0);
  });

  it("keeps backups for the retention, and always the newest", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kizuna-backups-"));
    for (const stamp of ["20261101T030000Z", "20261110T030000Z", "20261120T030000Z"])
      await writeFile(path.join(dir, `kizuna-${stamp}.dump`), "x");
    await writeFile(path.join(dir, "notes.txt"), "not a backup");
    const removed = await pruneBackups(dir, 10, new Date("2026-11-25T04:00:00Z"));
    expect(removed).toEqual(["kizuna-20261110T030000Z.dump", "kizuna-20261101T030000Z.dump"]);
    expect((await listBackups(dir)).map((b) => b.name)).toEqual(["kizuna-20261120T030000Z.dump"]);
    expect(await pruneBackups(dir, 1, new Date("2027-01-01T00:00:00Z"))).toEqual([]); // the newest stays, however old
  });

  it("fails loudly on a full disk and leaves no partial file", async (context) => {
    const dir = await mkdtemp(path.join(tmpdir(), "kizuna-full-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir], { stdio: "ignore" });
    } catch {
      context.skip("mounting a small tmpfs needs root");
    }
    afterAll(() => void execFileSync("umount", [dir]));
    const error = await createBackup({ databaseUrl: url, dir, retentionDays: 14 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/pg_dump exited with 1: .*No space left on device/s);
    expect(await readdir(dir)).toEqual([]);
  });

  it("names a missing backup file", async () => {
    await expect(restoreBackup({ databaseUrl: url, file: "/nonexistent/kizuna.dump" })).rejects.toThrow(
      "No backup at /nonexistent/kizuna.dump",
    );
  });
});

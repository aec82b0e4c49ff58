// The weekly cleanup against a seeded database: expired rows go, old audit and analytics go past their
// retention — the dashboards' daily rollups keep those days — and recent rows stay.
import { describe, expect, it } from "vitest";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { plugins } from "../../../plugins/index.ts";
import { seed } from "../../../prisma/seed.ts";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { runCleanup } from "./cleanup.server";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seed(url);
const registry = buildRegistry(plugins);

describe("weekly cleanup", () => {
  it("removes what expired and what is past retention, keeping the rollups' history", async () => {
    const now = new Date();
    const user = await db.user.findFirstOrThrow();
    const past = new Date(now.getTime() - 86_400_000);
    await db.session.create({ data: { userId: user.id, sessionToken: "expired-session-digest", expires: past } });
    await db.session.create({
      data: { userId: user.id, sessionToken: "live-session-digest", expires: new Date(now.getTime() + 86_400_000) },
    });
    await db.auditLog.create({
      data: { action: "POST", resource: "leads", status: "success", createdAt: new Date(now.getTime() - 400 * 86_400_000) },
    });
    const content = await db.content.findFirstOrThrow({ where: { status: "published" } });
    // Old events, 70 days ago (the seed's are within 90 days): rolled up before they go.
    const old = new Date(now.getTime() - 70 * 86_400_000);
    await db.contentAnalytics.createMany({
      data: Array.from({ length: 5 }, () => ({ contentId: content.id, eventType: "view" as const, createdAt: old })),
    });
    const oldDay = (await sql<{ day: string }>("SELECT jst_day($1::timestamptz)::text AS day", [old])).rows[0]!.day;
    const countedBefore = async () =>
      Number(
        (await sql<{ n: string }>("SELECT coalesce(sum(views), 0)::text AS n FROM content_daily_stats WHERE day <= $1::date", [oldDay]))
          .rows[0]!.n,
      );
    const rawBefore = await db.contentAnalytics.count({ where: { createdAt: { lte: old } } });
    expect(rawBefore).toBeGreaterThanOrEqual(5);
    const { refreshRollups } = await import("~/modules/analytics/rollups.server");
    await refreshRollups(registry);
    const history = await countedBefore();
    expect(history).toBeGreaterThanOrEqual(5);

    // Lead imports: a finished and a failed one past retention go; a recent one and a running one (however old) stay.
    const longAgo = new Date(now.getTime() - 100 * 86_400_000);
    const imported = (status: "done" | "failed" | "running", updatedAt: Date) =>
      db.leadImport
        .create({
          data: {
            ownerId: user.id,
            fileName: `${status}.csv`,
            status,
            total: 1,
            ready: 1,
            report: { errors: [], duplicates: [] },
            payload: status === "running" ? "[]" : null,
            updatedAt,
          },
        })
        .then((row) => row.id);
    const [oldDone, oldFailed, recentDone, oldRunning] = [
      await imported("done", longAgo),
      await imported("failed", longAgo),
      await imported("done", past),
      await imported("running", longAgo),
    ];

    const removed = await runCleanup({ registry, now, retention: { auditDays: 365, analyticsDays: 60, webhookDays: 90, importDays: 90 } });
    expect(removed.leadImports).toBe(2);
    expect(
      (await db.leadImport.findMany({ where: { id: { in: [oldDone, oldFailed, recentDone, oldRunning] } }, select: { id: true } }))
        .map((r) => r.id)
        .sort(),
    ).toEqual([recentDone, oldRunning].sort());
    expect(removed.sessions).toBe(1);
    expect(removed.auditLogs).toBe(1);
    expect(removed.analyticsEvents).toBeGreaterThanOrEqual(5);
    expect(await db.session.count({ where: { sessionToken: "live-session-digest" } })).toBe(1);
    expect(await db.contentAnalytics.count({ where: { createdAt: { lte: old } } })).toBe(0);
    expect(await db.contentAnalytics.count()).toBeGreaterThan(0); // the recent ones stay

    // The days whose raw events went still count them, now and after the next rollup refresh.
    expect(await countedBefore()).toBe(history);
    expect((await sql("SELECT 1 FROM rollup_dirty WHERE rollup = 'content' AND day <= $1::date", [oldDay])).rowCount).toBe(0);
    await refreshRollups(registry);
    expect(await countedBefore()).toBe(history);
  });
});

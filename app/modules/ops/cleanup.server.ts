// The weekly cleanup (Sunday 02:00 Japan time): expired sessions, consumed one-use tokens and idempotency keys;
// audit logs, raw analytics events, processed webhook ids and finished lead imports past their retention — the analytics rolled up
// first, so the dashboards keep their history — then VACUUM ANALYZE. (Download links are signed and expire by
// themselves: nothing is stored for them.)
import { TZDate } from "@date-fns/tz";
import { getDb } from "~/lib/db.server";
import { refreshRollups } from "~/modules/analytics/rollups.server";
import type { Registry } from "~/modules/plugins/registry.server";

export interface Retention {
  auditDays: number;
  analyticsDays: number;
  webhookDays: number;
  /** Finished or failed CSV imports (their report, counters and the importer's address); the audit log keeps the import. */
  importDays: number;
}

export async function runCleanup({
  registry,
  retention,
  now = new Date(),
}: {
  registry: Registry;
  retention: Retention;
  now?: Date;
}): Promise<Record<string, number>> {
  const db = getDb();
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const removed: Record<string, number> = {};
  removed.sessions = (await db.session.deleteMany({ where: { expires: { lt: now } } })).count;
  removed.consumedTokens = (await db.consumedToken.deleteMany({ where: { expiresAt: { lt: now } } })).count;
  // Kept a day past expiry: the wrong tries of the last hour count against their address (sign-in-codes.server.ts).
  removed.signInCodes = (await db.signInCode.deleteMany({ where: { expiresAt: { lt: daysAgo(1) } } })).count;
  removed.idempotencyKeys = (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } })).count;
  // Audit rows are append-only; the retention is the one writer allowed to delete, inside its own transaction.
  removed.auditLogs = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('kizuna.audit_retention', 'on', true)`;
    return tx.$executeRaw`DELETE FROM audit_logs WHERE created_at < ${daysAgo(retention.auditDays)}`;
  });
  removed.webhookEvents = (await db.webhookEvent.deleteMany({ where: { receivedAt: { lt: daysAgo(retention.webhookDays) } } })).count;
  // A running import is never removed, however old: it is still being worked on (or taken over).
  removed.leadImports = (
    await db.leadImport.deleteMany({ where: { status: { in: ["done", "failed"] }, updatedAt: { lt: daysAgo(retention.importDays) } } })
  ).count;

  // Rolled up first; then the old raw events go, and the days their deletion marked for a recount are
  // unmarked in the same transaction — a recount from the remaining (no) rows would erase the history.
  await refreshRollups(registry);
  // At a Japan-time midnight: the rollups are per day, and a day is either kept whole or gone whole.
  const keepFrom = new TZDate(now, "Asia/Tokyo");
  const cutoff = new Date(
    new TZDate(keepFrom.getFullYear(), keepFrom.getMonth(), keepFrom.getDate() - retention.analyticsDays, "Asia/Tokyo").getTime(),
  );
  removed.analyticsEvents = await db.$transaction(async (tx) => {
    const count = await tx.$executeRaw`DELETE FROM content_analytics WHERE created_at < ${cutoff}`;
    await tx.$executeRaw`DELETE FROM rollup_dirty WHERE rollup = 'content' AND day < jst_day(${cutoff}::timestamptz)`;
    return count;
  });

  // VACUUM cannot run inside a transaction block; each statement here is its own.
  for (const table of [
    "sessions",
    "idempotency_keys",
    "consumed_tokens",
    "audit_logs",
    "webhook_events",
    "lead_imports",
    "content_analytics",
    "rollup_dirty",
  ]) {
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) ${table}`);
  }
  return removed;
}

// CSV import of leads: a dry run first (every row validated, duplicates found in the file and against the open
// leads of each site, nothing written), then the import of the valid, new rows in batches, with progress.
// csv-parse does the parsing. Dry runs and imports live in lead_imports, so a restart or another instance
// loses neither: each batch's leads commit together with the import's progress, and an import whose instance
// died is taken over (resumeImports, at start and by the leads.imports job) and continues where it stopped.
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import type { Logger } from "pino";
import { z } from "zod";
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getDb, type Tx } from "~/lib/db.server";
import { isUuid } from "~/lib/http";
import { maskEmail } from "~/lib/mask";
import { recordAudit } from "~/modules/audit/audit.server";
import { Prisma } from "~/generated/prisma/client";
import { AS_SENT, emailField, optionalText, phoneField } from "~/lib/schema-fields";
import { LEAD_STATUSES, LEAD_TYPES, PRIORITIES } from "./leads.schema.ts";
import { leadSubject } from "./leads.server.ts";
import { BRAND_DOMAINS, BRAND_INFO } from "~/modules/brand/brands";
import { fail, ok, type Result } from "~/lib/result";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
const BATCH = 200;
/** A dry run can be imported for this long. */
const KEEP_MINUTES = 30;
/**
 * A running import whose heartbeat (updated_at, refreshed by every batch) is older than this has lost its
 * instance and may be taken over. Far longer than a batch may take (BATCH_TIMEOUT_MS).
 */
const STALE_SECONDS = 120;
// A busy server may make a batch wait for a connection, and take longer than Prisma's default 5 s.
const BATCH_WAIT_MS = 10_000;
const BATCH_TIMEOUT_MS = 30_000;
/** A batch that fails is tried again (it commits whole or not at all) before the import is given up. */
const BATCH_ATTEMPTS = 3;

const yes = z.preprocess(
  (value) => (typeof value === "string" ? ["true", "yes", "1", "y", "はい"].includes(value.trim().toLowerCase()) : value),
  z.literal(true, { error: "errors.consent" }),
);
const text = (max: number) => optionalText(max, AS_SENT).transform((v) => v || undefined);

/** One CSV row. Column names are matched case-insensitively, spaces and dashes read as underscores. */
export const ImportRowSchema = z.object({
  email: emailField,
  name: text(100),
  company: text(200),
  job_title: text(100),
  phone: phoneField.transform((v) => v || undefined),
  site: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
    z.union([z.enum(["yuya", "aoba"]), z.enum(BRAND_DOMAINS)], { error: "errors.site" }),
  ),
  source: text(100),
  lead_type: z.preprocess((v) => (v === "" ? undefined : v), z.enum(LEAD_TYPES, { error: "errors.leadType" }).default("other")),
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(LEAD_STATUSES, { error: "errors.leadStatus" }).default("new")),
  priority: z.preprocess((v) => (v === "" ? undefined : v), z.enum(PRIORITIES, { error: "errors.priority" }).default("medium")),
  estimated_value: text(12).refine((v) => !v || /^\d{1,8}(\.\d{1,2})?$/.test(v), { error: "errors.money" }),
  notes: text(10_000),
  message: text(5000),
  gdpr_consent: yes,
});
export type ImportRow = z.output<typeof ImportRowSchema>;

export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

export interface Duplicate {
  row: number;
  email: string;
  reason: "in_file" | "existing";
}

export interface DryRunReport {
  id: string;
  fileName: string;
  total: number;
  /** Rows ready to import. */
  ready: number;
  errors: RowProblem[];
  duplicates: Duplicate[];
}

export interface ImportJob {
  id: string;
  ownerId: string;
  /** Rows to import (the dry run's ready rows). */
  total: number;
  done: number;
  created: number;
  skipped: number;
  status: "running" | "done" | "failed";
  error: string | null;
}

/** A row to import; `data` is null once a GDPR erasure took the person out (scrubPendingImports). */
type ReadyRow = { row: number; data: ImportRow | null };

type ImportLogger = Pick<Logger, "warn" | "error">;

const header = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
const domainOf = (site: ImportRow["site"]) => (site === "yuya" || site === "aoba" ? BRAND_INFO[site].domain : site);

export class ImportFileError extends Error {
  override name = "ImportFileError";
}

/** Reads and checks a CSV, and keeps the report and the rows ready to import (encrypted) for its owner. Writes no lead. Row numbers are the file's lines (the header is line 1). */
export async function dryRun(
  csv: string,
  { ownerId, fileName, sources }: { ownerId: string; fileName: string; sources: readonly string[] },
): Promise<DryRunReport> {
  await deleteExpiredDryRuns();
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (names: string[]) => names.map(header),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_quotes: false,
      max_record_size: 64 * 1024,
    });
  } catch (error) {
    throw new ImportFileError(error instanceof Error ? error.message : "unreadable CSV");
  }
  if (records.length > MAX_IMPORT_ROWS) throw new ImportFileError(`at most ${MAX_IMPORT_ROWS} rows`);
  const errors: RowProblem[] = [];
  const duplicates: Duplicate[] = [];
  const ready: ReadyRow[] = [];
  const seen = new Set<string>();
  const candidates: { row: number; data: ImportRow; key: string; hash: string; domain: string }[] = [];
  records.forEach((record, i) => {
    const row = i + 2;
    const parsed = ImportRowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, field: String(issue.path[0] ?? "row"), message: issue.message });
      return;
    }
    if (parsed.data.source && !sources.includes(parsed.data.source)) {
      errors.push({ row, field: "source", message: "errors.source" });
      return;
    }
    const domain = domainOf(parsed.data.site);
    const hash = emailHash(parsed.data.email);
    const key = `${hash}:${domain}`;
    if (seen.has(key)) {
      duplicates.push({ row, email: maskEmail(normalizeEmail(parsed.data.email)), reason: "in_file" });
      return;
    }
    seen.add(key);
    candidates.push({ row, data: parsed.data, key, hash, domain });
  });
  // Against the database: an open lead of that address on that site.
  const existing = new Set<string>();
  for (let i = 0; i < candidates.length; i += 1000) {
    const slice = candidates.slice(i, i + 1000);
    const open = await getDb().lead.findMany({
      where: { emailHash: { in: slice.map((c) => c.hash) }, status: { notIn: ["won", "lost"] } },
      select: { emailHash: true, sourceDomain: true },
    });
    for (const lead of open) existing.add(`${lead.emailHash}:${lead.sourceDomain}`);
  }
  for (const candidate of candidates) {
    if (existing.has(candidate.key) && candidate.data.status !== "won" && candidate.data.status !== "lost") {
      duplicates.push({ row: candidate.row, email: maskEmail(normalizeEmail(candidate.data.email)), reason: "existing" });
    } else {
      ready.push({ row: candidate.row, data: candidate.data });
    }
  }
  const { id } = await getDb().leadImport.create({
    data: {
      ownerId,
      fileName,
      total: records.length,
      ready: ready.length,
      report: { errors, duplicates } as unknown as Prisma.InputJsonValue,
      payload: JSON.stringify(ready),
    },
    select: { id: true },
  });
  return { id, fileName, total: records.length, ready: ready.length, errors, duplicates };
}

/** Dry runs older than KEEP_MINUTES, with the rows they kept, are gone. (A finished import keeps no rows: see the table's CHECK.) */
export async function deleteExpiredDryRuns(): Promise<number> {
  return getDb()
    .$executeRaw`DELETE FROM lead_imports WHERE status = 'dry_run' AND created_at < now() - make_interval(mins => ${KEEP_MINUTES})`;
}

/** An import of its owner's, with its progress; null for anyone else's, and for a dry run not started. */
export async function getImportJob(id: string, ownerId: string): Promise<ImportJob | null> {
  if (!isUuid(id)) return null;
  const row = await getDb().leadImport.findFirst({
    where: { id, ownerId, status: { not: "dry_run" } },
    // Never the payload: the page asks twice a second.
    select: { id: true, ownerId: true, ready: true, done: true, created: true, skipped: true, status: true, error: true },
  });
  if (!row || row.status === "dry_run") return null;
  return {
    id: row.id,
    ownerId: row.ownerId,
    total: row.ready,
    done: row.done,
    created: row.created,
    skipped: row.skipped,
    status: row.status,
    error: row.error,
  };
}

/**
 * Starts importing a dry run's ready rows in the background; returns the job to watch. Only its owner can start
 * it, and only once: the dry run becomes the running import in one statement, whoever asks twice. Fails `gone`
 * for a dry run that expired (or is not the caller's), `conflict` (code "started") for one already started.
 */
export async function startImport(
  runId: string,
  actor: { id: string },
  origin: { ip: string | null; userAgent: string | null },
  logger?: ImportLogger,
): Promise<Result<{ job: ImportJob }>> {
  if (!isUuid(runId)) return fail("gone", "import.expired");
  const db = getDb();
  const [claimed] = await db.$queryRaw<{ id: string; ready: number }[]>`
    UPDATE lead_imports SET status = 'running', updated_at = clock_timestamp(), ip_address = ${origin.ip}::inet, user_agent = ${origin.userAgent?.slice(0, 500) ?? null}
    WHERE id = ${runId}::uuid AND owner_id = ${actor.id}::uuid AND status = 'dry_run' AND created_at >= now() - make_interval(mins => ${KEEP_MINUTES})
    RETURNING id, ready`;
  if (!claimed) {
    const run = await db.leadImport.findFirst({ where: { id: runId, ownerId: actor.id }, select: { status: true } });
    return run && run.status !== "dry_run" ? fail("conflict", "import.started", { code: "started" }) : fail("gone", "import.expired");
  }
  void runImport(claimed.id, logger);
  return ok({
    job: { id: claimed.id, ownerId: actor.id, total: claimed.ready, done: 0, created: 0, skipped: 0, status: "running", error: null },
  });
}

// The loop of this process that takes over stale imports (one at a time): a scheduled run while it is busy has nothing to add.
let resuming: Promise<number> | null = null;

/**
 * Takes over the running imports whose instance stopped (no heartbeat for STALE_SECONDS) and finishes them, one
 * after the other; returns how many it took. Each is claimed in one statement, so two instances never take the
 * same one; should both ever run it, its batches are fenced by `done` (runImport).
 */
export function resumeImports(logger?: ImportLogger): Promise<number> {
  resuming ??= (async () => {
    let taken = 0;
    try {
      for (;;) {
        const [claimed] = await getDb().$queryRaw<{ id: string }[]>`
          UPDATE lead_imports SET updated_at = clock_timestamp()
          WHERE id = (
            SELECT id FROM lead_imports WHERE status = 'running' AND updated_at < now() - make_interval(secs => ${STALE_SECONDS})
            ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED
          )
          RETURNING id`;
        if (!claimed) return taken;
        taken += 1;
        await runImport(claimed.id, logger);
      }
    } finally {
      resuming = null;
    }
  })();
  return resuming;
}

/**
 * Imports a claimed import's rows from `done` on, a batch per transaction that also moves its counters and
 * heartbeat, then marks it done (or failed) with its audit record in one transaction. Never throws.
 */
async function runImport(id: string, logger?: ImportLogger): Promise<void> {
  const db = getDb();
  let job;
  try {
    job = await db.leadImport.findUnique({
      where: { id },
      select: { ownerId: true, fileName: true, status: true, done: true, payload: true, ipAddress: true, userAgent: true, updatedAt: true },
    });
  } catch (error) {
    // The database is away: the import stays running, its heartbeat goes stale, and resumeImports takes it up again.
    logger?.warn({ import: id, err: error }, "could not load the lead import; it will be resumed");
    return;
  }
  if (!job || job.status !== "running" || job.payload === null) return;
  const { ownerId, fileName, payload } = job;
  const audit = { userId: ownerId, action: "import", resource: "leads", ip: job.ipAddress, userAgent: job.userAgent } as const;
  let progress: Progress = { done: job.done, stamp: job.updatedAt, rows: JSON.parse(payload) as ReadyRow[] };
  let done = progress.done;
  try {
    while (done < progress.rows.length) {
      const next = await importBatch(id, progress, { actorId: ownerId, fileName });
      if (!next) return; // taken over
      progress = next;
      done = next.done;
    }
    await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ created: number; skipped: number }[]>`
        UPDATE lead_imports SET status = 'done', payload = NULL, updated_at = clock_timestamp()
        WHERE id = ${id}::uuid AND status = 'running' AND done = ready RETURNING created, skipped`;
      if (row)
        await recordAudit({ ...audit, changes: { file: fileName, created: row.created, skipped: row.skipped }, status: "success" }, tx);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger?.error({ import: id, done, err: error }, "lead import failed");
    try {
      await db.$transaction(async (tx) => {
        // Only as far as this run got: an instance that took the import over since then carries on with it.
        const [row] = await tx.$queryRaw<{ created: number }[]>`
          UPDATE lead_imports SET status = 'failed', payload = NULL, error = ${message.slice(0, 2000)}, updated_at = clock_timestamp()
          WHERE id = ${id}::uuid AND status = 'running' AND done = ${done} RETURNING created`;
        if (row) await recordAudit({ ...audit, changes: { file: fileName, created: row.created, error: message }, status: "failure" }, tx);
      });
    } catch (recordError) {
      // As above: still running, resumed once its heartbeat is stale.
      logger?.warn({ import: id, err: recordError }, "could not record the lead import's failure; it will be resumed");
    }
  }
}

/** Where a run is: rows done, the `updated_at` its last batch wrote, and the rows as it last read them. */
type Progress = { done: number; stamp: Date; rows: ReadyRow[] };

/**
 * One batch: its leads and the import's counters and heartbeat, committed together (retried whole on failure).
 * Null when `done` is no longer where this run left it: another instance took the import over. The rows are
 * read again when someone else wrote the import since this run's last batch (an erasure takes people out).
 */
async function importBatch(
  id: string,
  progress: Progress,
  { actorId, fileName }: { actorId: string; fileName: string },
): Promise<Progress | null> {
  const { done } = progress;
  for (let attempt = 1; ; attempt++) {
    try {
      return await getDb().$transaction(
        async (tx) => {
          // The row lock orders the batches of this import and keeps a takeover waiting until this one commits.
          const [current] = await tx.$queryRaw<{ done: number; updated_at: Date }[]>`
            SELECT done, updated_at FROM lead_imports WHERE id = ${id}::uuid AND status = 'running' FOR UPDATE`;
          if (current?.done !== done) return null;
          const rows = current.updated_at.getTime() === progress.stamp.getTime() ? progress.rows : await pendingRows(tx, id);
          const batch = rows.slice(done, done + BATCH);
          const counts = await createLeads(tx, batch, { actorId, fileName });
          const [written] = await tx.$queryRaw<{ updated_at: Date }[]>`
            UPDATE lead_imports SET done = done + ${batch.length}, created = created + ${counts.created}, skipped = skipped + ${counts.skipped}, updated_at = clock_timestamp()
            WHERE id = ${id}::uuid RETURNING updated_at`;
          return { done: done + batch.length, stamp: written!.updated_at, rows };
        },
        { maxWait: BATCH_WAIT_MS, timeout: BATCH_TIMEOUT_MS },
      );
    } catch (error) {
      if (attempt >= BATCH_ATTEMPTS) throw error;
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
}

async function pendingRows(tx: Tx, id: string): Promise<ReadyRow[]> {
  const { payload } = await tx.leadImport.findUniqueOrThrow({ where: { id }, select: { payload: true } });
  return JSON.parse(payload ?? "[]") as ReadyRow[];
}

/**
 * A GDPR erasure's part in the imports not yet done (dry runs and running ones): the person's rows become
 * empty places (the row numbers and `done` stay as they were) under each import's row lock, with `updated_at`
 * moved on so a running import reads its rows again before its next batch. Returns how many rows went.
 */
export async function scrubPendingImports(tx: Tx, emails: readonly string[]): Promise<number> {
  if (emails.length === 0) return 0;
  const erased = new Set(emails.map(normalizeEmail));
  const pending = await tx.$queryRaw<{ id: string; bumped: Date }[]>`
    SELECT id, GREATEST(clock_timestamp(), updated_at + interval '1 millisecond') AS bumped
    FROM lead_imports WHERE status IN ('dry_run', 'running') AND payload IS NOT NULL ORDER BY id FOR UPDATE`;
  let removed = 0;
  for (const { id, bumped } of pending) {
    let hits = 0;
    const rows = (await pendingRows(tx, id)).map((row) =>
      row.data && erased.has(normalizeEmail(row.data.email)) ? (hits++, { row: row.row, data: null }) : row,
    );
    if (hits === 0) continue;
    await tx.leadImport.update({ where: { id }, data: { payload: JSON.stringify(rows), updatedAt: bumped } });
    removed += hits;
  }
  return removed;
}

async function createLeads(
  tx: Tx,
  batch: ReadyRow[],
  { actorId, fileName }: { actorId: string; fileName: string },
): Promise<{ created: number; skipped: number }> {
  const counts = { created: 0, skipped: 0 };
  for (const { data } of batch) {
    if (!data) {
      counts.skipped += 1; // erased since the dry run
      continue;
    }
    const domain = domainOf(data.site);
    const hash = emailHash(data.email);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`lead:${hash}:${domain}`}, 0))`;
    // Someone may have written in since the dry run: their open lead wins, the row is skipped.
    const open =
      data.status === "won" || data.status === "lost"
        ? null
        : await tx.lead.findFirst({
            where: { emailHash: hash, sourceDomain: domain, status: { notIn: ["won", "lost"] } },
            select: { id: true },
          });
    if (open) {
      counts.skipped += 1;
      continue;
    }
    const user = await tx.user.findUnique({ where: { email: normalizeEmail(data.email) }, select: { id: true } });
    await tx.lead.create({
      data: {
        email: normalizeEmail(data.email),
        emailHash: hash,
        name: data.name ?? null,
        company: data.company ?? null,
        jobTitle: data.job_title ?? null,
        phone: data.phone ?? null,
        source: data.source ?? "direct",
        sourceDomain: domain,
        leadType: data.lead_type,
        status: data.status,
        priority: data.priority,
        estimatedValue: data.estimated_value ? new Prisma.Decimal(data.estimated_value) : null,
        notes: data.notes ?? null,
        userId: user?.id ?? null,
        gdprConsent: true,
        consentDate: new Date(),
        activities: { create: { activityType: "imported", userId: actorId, description: fileName, metadata: { via: "csv_import" } } },
        inquiries: data.message
          ? {
              create: {
                subject: leadSubject(data.lead_type, domain),
                message: data.message,
                inquiryType: "general",
                userId: user?.id ?? null,
              },
            }
          : undefined,
      },
    });
    counts.created += 1;
  }
  return counts;
}

// CSV import of leads: a dry run first (every row validated, duplicates found in the file and against the open
// leads of each site, nothing written), then the import of the valid, new rows in batches, with progress.
// csv-parse does the parsing. Dry runs and running imports are kept in memory for their owner.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { maskEmail } from "~/lib/mask";
import { recordAudit } from "~/modules/audit/audit.server";
import { Prisma } from "~/generated/prisma/client";
import { BRAND_DOMAINS, emailField, LEAD_STATUSES, LEAD_TYPES, phoneField, PRIORITIES } from "./leads.schema.ts";
import { CHARACTER_DOMAIN } from "./leads.server.ts";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
const BATCH = 200;
const KEEP_MS = 30 * 60_000;

const yes = z.preprocess((value) => (typeof value === "string" ? ["true", "yes", "1", "y", "はい"].includes(value.trim().toLowerCase()) : value), z.literal(true, { error: "errors.consent" }));
const text = (max: number) => z.string().trim().max(max, { error: `errors.tooLong:${max}` }).optional().transform((v) => v || undefined);

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

export interface DryRun {
  id: string;
  ownerId: string;
  fileName: string;
  total: number;
  ready: { row: number; data: ImportRow }[];
  errors: RowProblem[];
  duplicates: Duplicate[];
  createdAt: number;
}

export interface ImportJob {
  id: string;
  ownerId: string;
  total: number;
  done: number;
  created: number;
  skipped: number;
  status: "running" | "done" | "failed";
  error?: string;
}

const dryRuns = new Map<string, DryRun>();
const jobs = new Map<string, ImportJob>();

function sweep() {
  const now = Date.now();
  for (const [id, run] of dryRuns) if (now - run.createdAt > KEEP_MS) dryRuns.delete(id);
}

const header = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, "_");
const domainOf = (site: ImportRow["site"]) => (site === "yuya" || site === "aoba" ? CHARACTER_DOMAIN[site] : site);

export class ImportFileError extends Error {
  override name = "ImportFileError";
}

/** Reads and checks a CSV without writing anything. Row numbers are the file's lines (the header is line 1). */
export async function dryRun(csv: string, { ownerId, fileName, sources }: { ownerId: string; fileName: string; sources: readonly string[] }): Promise<DryRun> {
  sweep();
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (names: string[]) => names.map(header), bom: true, skip_empty_lines: true, trim: true, relax_quotes: false, max_record_size: 64 * 1024 });
  } catch (error) {
    throw new ImportFileError(error instanceof Error ? error.message : "unreadable CSV");
  }
  if (records.length > MAX_IMPORT_ROWS) throw new ImportFileError(`at most ${MAX_IMPORT_ROWS} rows`);
  const result: DryRun = { id: randomUUID(), ownerId, fileName, total: records.length, ready: [], errors: [], duplicates: [], createdAt: Date.now() };
  const seen = new Set<string>();
  const candidates: { row: number; data: ImportRow; key: string; hash: string; domain: string }[] = [];
  records.forEach((record, i) => {
    const row = i + 2;
    const parsed = ImportRowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.errors.push({ row, field: String(issue.path[0] ?? "row"), message: issue.message });
      return;
    }
    if (parsed.data.source && !sources.includes(parsed.data.source)) {
      result.errors.push({ row, field: "source", message: "errors.source" });
      return;
    }
    const domain = domainOf(parsed.data.site);
    const hash = emailHash(parsed.data.email);
    const key = `${hash}:${domain}`;
    if (seen.has(key)) {
      result.duplicates.push({ row, email: maskEmail(normalizeEmail(parsed.data.email)), reason: "in_file" });
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
      result.duplicates.push({ row: candidate.row, email: maskEmail(normalizeEmail(candidate.data.email)), reason: "existing" });
    } else {
      result.ready.push({ row: candidate.row, data: candidate.data });
    }
  }
  dryRuns.set(result.id, result);
  return result;
}

export function getDryRun(id: string, ownerId: string): DryRun | null {
  const run = dryRuns.get(id);
  return run && run.ownerId === ownerId ? run : null;
}

export function getImportJob(id: string, ownerId: string): ImportJob | null {
  const job = jobs.get(id);
  return job && job.ownerId === ownerId ? job : null;
}

/** Starts importing a dry run's ready rows in the background; returns the job to watch. */
export function startImport(runId: string, actor: { id: string }, origin: { ip: string | null; userAgent: string | null }): ImportJob | null {
  const run = getDryRun(runId, actor.id);
  if (!run) return null;
  dryRuns.delete(runId); // an import runs once
  const job: ImportJob = { id: randomUUID(), ownerId: actor.id, total: run.ready.length, done: 0, created: 0, skipped: 0, status: "running" };
  jobs.set(job.id, job);
  void runImport(job, run, actor.id).then(
    () => recordAudit({ userId: actor.id, action: "import", resource: "leads", changes: { file: run.fileName, created: job.created, skipped: job.skipped }, ...origin, status: "success" }),
    async (error: unknown) => {
      job.status = "failed";
      job.error = error instanceof Error ? error.message : String(error);
      await recordAudit({ userId: actor.id, action: "import", resource: "leads", changes: { file: run.fileName, created: job.created, error: job.error }, ...origin, status: "failure" });
    },
  );
  return job;
}

async function runImport(job: ImportJob, run: DryRun, actorId: string): Promise<void> {
  const db = getDb();
  for (let i = 0; i < run.ready.length; i += BATCH) {
    const batch = run.ready.slice(i, i + BATCH);
    // Counted after the batch commits, so a failed batch leaves the counts true.
    const counts = { created: 0, skipped: 0 };
    await db.$transaction(async (tx) => {
      for (const { data } of batch) {
        const domain = domainOf(data.site);
        const hash = emailHash(data.email);
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`lead:${hash}:${domain}`}, 0))`;
        // Someone may have written in since the dry run: their open lead wins, the row is skipped.
        const open = data.status === "won" || data.status === "lost" ? null : await tx.lead.findFirst({ where: { emailHash: hash, sourceDomain: domain, status: { notIn: ["won", "lost"] } }, select: { id: true } });
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
            activities: { create: { activityType: "imported", userId: actorId, description: run.fileName, metadata: { via: "csv_import" } } },
            inquiries: data.message ? { create: { subject: data.message.split("\n")[0]!.slice(0, 100), message: data.message, inquiryType: "general", userId: user?.id ?? null } } : undefined,
          },
        });
        counts.created += 1;
      }
    });
    job.created += counts.created;
    job.skipped += counts.skipped;
    job.done = Math.min(run.ready.length, i + batch.length);
  }
  job.status = "done";
}

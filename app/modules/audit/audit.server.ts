// The audit log: who changed what, from where, and whether it worked. Rows are append-only (a trigger in
// PostgreSQL refuses updates and deletes), and personal data in the recorded changes is masked.
import { z } from "zod";
import { getDb, type Tx } from "~/lib/db.server";
import { isPersonalField, maskPersonalData, REDACTED } from "~/lib/mask";
import type { Prisma } from "~/generated/prisma/client";
import { containsText } from "~/lib/search.server";
import { pageOf, pageParam, pageWindow, type Page } from "~/lib/list";

export interface AuditEntry {
  userId?: string | null;
  /** HTTP method or a verb such as "sign_in", "role_change", "permission_denied". */
  action: string;
  resource: string;
  resourceId?: string | null;
  changes?: Record<string, unknown> | null;
  ip?: string | null;
  userAgent?: string | null;
  status: "success" | "failure";
}

/** Records an entry; given a transaction, the entry commits (or not) with the change it describes. */
export async function recordAudit(entry: AuditEntry, db: Tx = getDb()): Promise<void> {
  await db.auditLog.create({
    data: {
      userId: entry.userId ?? null,
      action: entry.action.slice(0, 50),
      resource: entry.resource.slice(0, 100),
      resourceId: entry.resourceId?.slice(0, 100) ?? null,
      changes: entry.changes ? (maskPersonalData(entry.changes) as Prisma.InputJsonValue) : undefined,
      ipAddress: entry.ip || null,
      userAgent: entry.userAgent?.slice(0, 500) ?? null,
      status: entry.status,
    },
  });
}

/**
 * The fields that differ between two versions of a record, as { field: { from, to } }, personal data masked.
 * `redact` names more fields whose values are the person's own words (a profile's bio, handles): the entry
 * says that they changed, and whether they are now empty, not what they say.
 */
export function auditDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  { redact = [] }: { redact?: readonly string[] } = {},
): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [from, to] = [normalize(before[field]), normalize(after[field])];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (redact.includes(field)) diff[field] = { from: from === null ? null : REDACTED, to: to === null ? null : REDACTED };
    else if (isPersonalField(field))
      diff[field] = { from: maskPersonalData({ [field]: from })[field], to: maskPersonalData({ [field]: to })[field] };
    else diff[field] = { from, to };
  }
  return diff;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object" && "toFixed" in value) return String(value); // Decimal
  return value ?? null;
}

export interface AuditQuery {
  resource?: string;
  action?: string;
  /** Part of the acting user's email. */
  user?: string;
  resourceId?: string;
  userId?: string;
  status?: "success" | "failure";
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** One page of the audit log, newest first. */
export async function listAudit(query: AuditQuery): Promise<Page<AuditRow>> {
  const where: Prisma.AuditLogWhereInput = {
    resource: query.resource,
    action: query.action,
    resourceId: query.resourceId,
    userId: query.userId,
    user: query.user ? { email: containsText(query.user) } : undefined,
    status: query.status,
    createdAt: query.from || query.to ? { gte: query.from, lte: query.to } : undefined,
  };
  const db = getDb();
  const [rows, total] = await Promise.all([
    db.auditLog.findMany({
      where,
      orderBy: { createdAt: "desc" },
      ...pageWindow(query),
      include: { user: { select: { email: true, name: true } } },
    }),
    db.auditLog.count({ where }),
  ]);
  return pageOf(rows, total, query);
}

type AuditRow = Prisma.AuditLogGetPayload<{ include: { user: { select: { email: true; name: true } } } }>;

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "audit.badDate" })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00+09:00`)), { error: "audit.badDate" })
  .optional()
  .or(z.literal("").transform(() => undefined));
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `errors.tooLong:${max}` })
    .optional()
    .transform((value) => value || undefined);

/** The admin's audit filters, from the page's query string. Days are Japan days (the admin's calendar). */
export const AuditFilters = z
  .object({
    resource: text(100),
    action: text(50),
    user: text(255),
    status: z
      .enum(["success", "failure"], { error: "audit.badStatus" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    from: day,
    to: day,
    page: pageParam,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: "audit.toBeforeFrom", path: ["to"] })
  .transform(({ from, to, ...rest }) => ({
    ...rest,
    from: from ? new Date(`${from}T00:00:00+09:00`) : undefined,
    to: to ? new Date(new Date(`${to}T00:00:00+09:00`).getTime() + 86_400_000 - 1) : undefined,
  }));

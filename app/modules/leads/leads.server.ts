// Leads: submissions from the brand sites, embeds and the API become a lead and its first inquiry (or a new
// inquiry on the address's open lead), linked to the unified user with that address; the admin lists them
// and moves them through the pipeline, each step on the lead's timeline and in the audit log.
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getDb, type Tx } from "~/lib/db.server";
import { encryptForModel } from "~/lib/pii-extension.server";
import { getEnv } from "~/lib/env.server";
import { resources } from "~/lib/i18n";
import { containsPattern, containsText } from "~/lib/search.server";
import type { Registry } from "~/modules/plugins/registry.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { BRAND_INFO, brandOfDomain } from "~/modules/brand/brands";
import type { Role } from "~/modules/identity/permissions";
import { personalDataFor } from "~/modules/privacy/visibility";
import { Prisma, type InquiryType, type LeadType, type Priority } from "~/generated/prisma/client";
import { pageOf, pageWindow, type Page } from "~/lib/list";
import { fail, ok, type Failure, type Result } from "~/lib/result";
import { type CreateLead, type LeadListQuery, type UpdateLeadStatus } from "./leads.schema.ts";

/** The lead sources the plugins registered at boot (core: yuya_site, aoba_site, referral, social, direct). */
export function leadSources(registry: Registry): readonly string[] {
  return [...registry.leadSources.keys()];
}

const INQUIRY_TYPE_FOR: Record<LeadType, InquiryType> = {
  b2b_consultation: "business",
  tool_interest: "general",
  collaboration: "collaboration",
  music_licensing: "licensing",
  other: "general",
};

/** Consulting requests are worth a faster look; everything else starts at medium. */
const PRIORITY_FOR: Record<LeadType, Priority> = {
  b2b_consultation: "high",
  tool_interest: "medium",
  collaboration: "medium",
  music_licensing: "medium",
  other: "medium",
};

/** Hours to a first response: the priority's default, or the type's when that is tighter (configuration). */
export function slaHours(type: InquiryType, priority: Priority): number {
  const env = getEnv();
  const byPriority = env.INQUIRY_SLA_HOURS[priority] ?? 48;
  const byType = env.INQUIRY_SLA_HOURS_BY_TYPE[type];
  return byType ? Math.min(byPriority, byType) : byPriority;
}

/**
 * The subject of an inquiry that came without one: the lead's type and site ("B2Bのご相談 — 傾奇ユウヤ"), in
 * Japanese, the team's language. Never a piece of the message: the subject is stored in clear and the message
 * encrypted, and a first line like "電話は 090-1234-5678" would copy personal data out of the encryption.
 */
export function leadSubject(leadType: LeadType, sourceDomain: string): string {
  const brand = brandOfDomain(sourceDomain);
  const site = brand ? BRAND_INFO[brand].name.ja : sourceDomain;
  return `${resources.ja.common.leadTypes[leadType]} — ${site}`;
}

export interface SubmittedLead {
  leadId: string;
  inquiryId: string;
  /** The address already had an open lead on this site: the message was added to it. */
  duplicate: boolean;
}

/** Who wrote in, and where: what a lead is made of. */
export interface Person {
  email: string;
  name?: string | null;
  company?: string | null;
  phone?: string | null;
  jobTitle?: string | null;
  source: string;
  sourceDomain: string;
  sourcePage?: string | null;
  leadType: LeadType;
}

/** The inquiry a submission carries (its message is the requester's first word). */
export interface InquiryInput {
  subject: string;
  message: string;
  inquiryType: InquiryType;
  priority: Priority;
  attachments?: Prisma.InputJsonValue;
}

/**
 * Stores a submission: a person and their inquiry. One open lead per address and site: a second submission
 * adds the inquiry and a timeline entry to it. Submissions with the same address are serialized (an advisory
 * lock), so two at once cannot both create a lead. The lead and the inquiry are linked to the user with that
 * address, if there is one. One SQL statement, atomic by itself: `db` is the client, or a transaction when
 * the caller writes more with it (an idempotency key).
 */
export async function submitInquiry(db: Tx, person: Person, input: InquiryInput, { via }: { via: string }): Promise<SubmittedLead> {
  // One round trip: the SQL function submit_inquiry (migration 20261125110000_submit_inquiry) holds the
  // rules; what it stores of a person is encrypted here, with the extension's own field lists.
  const lead = encryptForModel("Lead", { email: normalizeEmail(person.email), phone: person.phone ?? null });
  const inquiry = encryptForModel("Inquiry", { message: input.message, attachments: input.attachments ?? null });
  const activity = encryptForModel("LeadActivity", { description: input.subject });
  const meta = { via, sourcePage: person.sourcePage ?? null, source: person.source };
  const [row] = await db.$queryRaw<{ lead_id: string; inquiry_id: string; duplicate: boolean }[]>`
    SELECT lead_id::text, inquiry_id::text, duplicate FROM submit_inquiry(
      ${lead.email}, ${emailHash(person.email)}, ${normalizeEmail(person.email)},
      ${person.name ?? null}, ${person.company ?? null}, ${lead.phone}, ${person.jobTitle ?? null},
      ${person.source}, ${person.sourceDomain}, ${person.sourcePage ?? null}, ${person.leadType}::lead_type,
      ${input.subject}, ${inquiry.message}, ${input.inquiryType}::inquiry_type, ${input.priority}::priority,
      ${slaHours(input.inquiryType, input.priority)}::int, ${inquiry.attachments === null ? null : JSON.stringify(inquiry.attachments)}::jsonb,
      ${activity.description}, ${JSON.stringify(meta)}::jsonb)`;
  return { leadId: row!.lead_id, inquiryId: row!.inquiry_id, duplicate: row!.duplicate };
}

/**
 * A lead submission (POST /api/leads, the contact form): its message becomes the first inquiry. One submitted by
 * a signed-in or token-holding staff member (`by`) is audited as theirs; a visitor's is not.
 */
export async function submitLead(
  db: Tx,
  input: CreateLead,
  options: { via: string; by?: { userId: string; origin: RequestOrigin } },
): Promise<SubmittedLead> {
  const inquiryType = INQUIRY_TYPE_FOR[input.leadType];
  const submitted = await submitInquiry(
    db,
    input,
    {
      subject: leadSubject(input.leadType, input.sourceDomain),
      message: input.message,
      inquiryType,
      priority: PRIORITY_FOR[input.leadType],
    },
    options,
  );
  if (options.by) {
    const changes = { source: input.source, sourceDomain: input.sourceDomain };
    const audit = { userId: options.by.userId, action: "POST", resource: "leads", resourceId: submitted.leadId, changes };
    await recordAudit({ ...audit, ...options.by.origin, status: "success" }, db);
  }
  return submitted;
}

/** A lead's own fields and its assignee: what the list, the API and the lead page read of it. */
export const LEAD_FIELDS = {
  id: true,
  email: true,
  name: true,
  company: true,
  jobTitle: true,
  phone: true,
  source: true,
  sourceDomain: true,
  sourcePage: true,
  leadType: true,
  status: true,
  priority: true,
  estimatedValue: true,
  expectedCloseDate: true,
  assignedTo: true,
  userId: true,
  notes: true,
  gdprConsent: true,
  consentDate: true,
  createdAt: true,
  updatedAt: true,
  assignee: { select: { id: true, name: true, email: true } },
} satisfies Prisma.LeadSelect;

export type LeadRow = Prisma.LeadGetPayload<{ select: typeof LEAD_FIELDS }>;

/** What a role may see of a lead: everything for ADMIN, the spec's masking for everyone else. Money as a string. */
export function leadForRole(lead: LeadRow, role: Role) {
  const plain = { ...lead, estimatedValue: lead.estimatedValue?.toString() ?? null };
  return personalDataFor(plain, role);
}

export function leadWhere(query: Omit<LeadListQuery, "page" | "limit" | "sort">, actorId: string): Prisma.LeadWhereInput {
  const and: Prisma.LeadWhereInput[] = [];
  if (query.q) {
    and.push({ OR: [{ name: containsText(query.q) }, { company: containsText(query.q) }] });
  }
  return {
    status: query.status,
    priority: query.priority,
    source: query.source || undefined,
    sourceDomain: query.character ? BRAND_INFO[query.character].domain : undefined,
    assignedTo: query.assignee === "me" ? actorId : query.assignee === "none" ? null : query.assignee,
    createdAt:
      query.from || query.to
        ? {
            gte: query.from ? new Date(`${query.from}T00:00:00+09:00`) : undefined,
            lt: query.to ? new Date(new Date(`${query.to}T00:00:00+09:00`).getTime() + 86_400_000) : undefined,
          }
        : undefined,
    AND: and.length ? and : undefined,
  };
}

/** The list's sorts, said once: as Prisma's orderBy (the list) and as SQL (the one-scan search) below. */
const LEAD_SORTS: Record<LeadListQuery["sort"], { field: keyof typeof SORT_COLUMN; dir: "asc" | "desc"; nullsLast?: true }[]> = {
  newest: [
    { field: "createdAt", dir: "desc" },
    { field: "id", dir: "desc" },
  ],
  oldest: [
    { field: "createdAt", dir: "asc" },
    { field: "id", dir: "asc" },
  ],
  value: [
    { field: "estimatedValue", dir: "desc", nullsLast: true },
    { field: "createdAt", dir: "desc" },
  ],
  // The enum's order is low, medium, high, urgent.
  priority: [
    { field: "priority", dir: "desc" },
    { field: "createdAt", dir: "desc" },
  ],
  name: [
    { field: "name", dir: "asc", nullsLast: true },
    { field: "createdAt", dir: "desc" },
  ],
};
const SORT_COLUMN = { createdAt: "created_at", id: "id", estimatedValue: "estimated_value", priority: "priority", name: "name" } as const;

const leadOrderBy = (sort: LeadListQuery["sort"]) =>
  LEAD_SORTS[sort].map(
    ({ field, dir, nullsLast }) => ({ [field]: nullsLast ? { sort: dir, nulls: "last" } : dir }) as Prisma.LeadOrderByWithRelationInput,
  );
// Only the constant column names and directions above go into the SQL.
const leadOrderSql = (sort: LeadListQuery["sort"]) =>
  Prisma.raw(
    LEAD_SORTS[sort]
      .map(({ field, dir, nullsLast }) => `${SORT_COLUMN[field]} ${dir.toUpperCase()}${nullsLast ? " NULLS LAST" : ""}`)
      .join(", "),
  );

/** Counted exactly up to here; beyond, the planner's estimate (flagged), so a million-row list stays fast. */
export const EXACT_COUNT_LIMIT = 10_000;
/** From this offset on, page ids first (index only), then the rows: a deep page does not drag whole rows. */
const LATE_LOOKUP_OFFSET = 2_000;

/** A lead as a role may see it (see leadForRole). */
export type LeadView = ReturnType<typeof leadForRole>;

/**
 * One page of leads in the query's order, masked for roles other than ADMIN. Past EXACT_COUNT_LIMIT the total is
 * the planner's estimate (`totalIsEstimate`).
 */
export async function listLeads(query: LeadListQuery, actor: { id: string; role: Role }): Promise<Page<LeadView>> {
  const { page, limit, sort, ...filters } = query;
  const where = leadWhere(filters, actor.id);
  const sqlWhere = leadWhereSql(filters, actor.id);
  const db = getDb();
  const at = { page, pageSize: limit };
  const { skip } = pageWindow(at);
  const orderBy = leadOrderBy(sort);
  const respond = (leads: LeadRow[], counted: { total: number; estimated: boolean }) => {
    // A page that is not full is the last one: whatever the count said, the total is known exactly.
    const total = leads.length > 0 && leads.length < limit ? { total: skip + leads.length, estimated: false } : counted;
    return pageOf(
      leads.map((lead) => leadForRole(lead, actor.role)),
      total.total,
      at,
      total.estimated,
    );
  };
  const byIds = async (ids: string[]) => {
    const found = await db.lead.findMany({ where: { id: { in: ids } }, select: LEAD_FIELDS });
    return ids.map((id) => found.find((row) => row.id === id)!).filter(Boolean);
  };

  // A search is counted here (or not at all); other filters by countLeads, beside the rows.
  let searchTotal: { total: number; estimated: boolean } | undefined;
  if (filters.q) {
    const { estimate, narrow } = await estimateSearch(sqlWhere, filters.q);
    if (estimate > EXACT_COUNT_LIMIT) {
      searchTotal = { total: estimate, estimated: true };
    } else {
      // A search the planner expects to match few leads: its matches come from the trigram indexes in one scan
      // that gives both the page and the exact total, instead of one scan for each (~16 ms each at a million).
      const small = await smallSearch(narrow ? leadWhereSql(filters, actor.id, narrow) : sqlWhere, sort, skip, limit);
      if (small.total <= EXACT_COUNT_LIMIT) return respond(await byIds(small.ids), { total: small.total, estimated: false });
      // More than the planner thought: the scan stopped at the limit, so its page is not the page; its count says enough.
      searchTotal = { total: Math.max(estimate, small.total), estimated: true };
    }
  }
  const rows = async () => {
    if (skip < LATE_LOOKUP_OFFSET) return db.lead.findMany({ where, orderBy, skip, take: limit, select: LEAD_FIELDS });
    return byIds((await db.lead.findMany({ where, orderBy, skip, take: limit, select: { id: true } })).map((row) => row.id));
  };
  const [leads, counted] = await Promise.all([rows(), searchTotal ?? countLeads(sqlWhere)]);
  return respond(leads, counted);
}

/**
 * The page's ids and the exact total of a small match set. The matches are read up to EXACT_COUNT_LIMIT + 1:
 * a total above the limit means there are more, and the ids are then not the page.
 */
async function smallSearch(
  sqlWhere: Prisma.Sql,
  sort: LeadListQuery["sort"],
  skip: number,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const [found] = await getDb().$queryRaw<[{ total: number; ids: string[] }]>`
    WITH matches AS MATERIALIZED (
      SELECT id, created_at, estimated_value, priority, name FROM leads WHERE ${sqlWhere} LIMIT ${EXACT_COUNT_LIMIT + 1})
    SELECT (SELECT count(*)::int FROM matches) AS total,
           ARRAY(SELECT id::text FROM matches ORDER BY ${leadOrderSql(sort)} LIMIT ${limit} OFFSET ${skip}) AS ids`;
  return found!;
}

/** The planner's row estimate for the filters (a fraction of a millisecond; nothing is read). */
async function estimateLeads(sqlWhere: Prisma.Sql): Promise<number> {
  const plan = await getDb().$queryRaw<
    { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]
  >`EXPLAIN (FORMAT JSON) SELECT 1 FROM leads WHERE ${sqlWhere}`;
  return Math.round(plan[0]?.["QUERY PLAN"][0]?.Plan["Plan Rows"] ?? 0);
}

/** Below this many expected rows, a part of a search is narrow enough to find its column's matches alone. */
const NARROW_PART_ROWS = 2_000;

/**
 * The planner's estimate for a search's filters and, when the search has several parts of which one is rare in a
 * column, that part for each such column (see searchSql). One EXPLAIN: the filters, then each part in each column.
 */
async function estimateSearch(sqlWhere: Prisma.Sql, q: string): Promise<{ estimate: number; narrow?: Narrow }> {
  const parts = searchParts(q);
  if (parts.length < 2) return { estimate: await estimateLeads(sqlWhere) };
  const probes = parts.flatMap((part) =>
    SEARCH_COLUMNS.map((column) => Prisma.sql`SELECT 1 FROM leads WHERE ${Prisma.raw(column)} ILIKE ${containsPattern(part)}`),
  );
  const plan = await getDb().$queryRaw<{ "QUERY PLAN": [{ Plan: { Plans?: { "Plan Rows": number }[] } }] }[]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM leads WHERE ${sqlWhere} UNION ALL ${Prisma.join(probes, " UNION ALL ")}`;
  const [filtered, ...parted] = (plan[0]?.["QUERY PLAN"][0]?.Plan.Plans ?? []).map((node) => node["Plan Rows"]);
  if (filtered === undefined || parted.length !== probes.length) return { estimate: await estimateLeads(sqlWhere) };
  const narrow: Narrow = {};
  SEARCH_COLUMNS.forEach((column, c) => {
    const rows = parts.map((part, i) => ({ part, rows: parted[i * SEARCH_COLUMNS.length + c]! }));
    const rarest = rows.reduce((a, b) => (b.rows < a.rows ? b : a));
    if (rarest.rows <= NARROW_PART_ROWS) narrow[column] = rarest.part;
  });
  return { estimate: Math.round(filtered), narrow: Object.keys(narrow).length > 0 ? narrow : undefined };
}

/**
 * A search's parts: its words, cut again where the script changes (株式会社|サンプル, Company|4242), at least three
 * characters (a trigram) each, the four longest. Each is a piece of the search, so a lead that matches the search
 * matches every part.
 */
export function searchParts(q: string): string[] {
  const pieces =
    q.match(
      /\p{Script=Han}+|\p{Script=Hiragana}+|\p{Script=Katakana}+|\p{Script=Latin}+|\p{N}+|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Latin}\p{N}]+/gu,
    ) ?? [];
  const parts = [...new Set(pieces.filter((piece) => [...piece].length >= 3))];
  return parts.sort((a, b) => b.length - a.length).slice(0, 4);
}

/**
 * An exact count when it is small; beyond EXACT_COUNT_LIMIT, PostgreSQL's estimate for the same filters.
 * The planner is asked first: when it expects more than the limit, its estimate is the answer and nothing is
 * counted. (Searches are counted in listLeads, the same way: even a capped 10,001 matches of a common term
 * means reading ~80,000 rows through ILIKE, 50–80 ms at a million leads.)
 */
async function countLeads(sqlWhere: Prisma.Sql): Promise<{ total: number; estimated: boolean }> {
  const estimate = await estimateLeads(sqlWhere);
  if (estimate > EXACT_COUNT_LIMIT) return { total: estimate, estimated: true };
  // One number back (not 10,001 rows through the client): count at most EXACT_COUNT_LIMIT + 1 matches.
  const [{ capped }] = await getDb().$queryRaw<
    [{ capped: number }]
  >`SELECT count(*)::int AS capped FROM (SELECT 1 FROM leads WHERE ${sqlWhere} LIMIT ${EXACT_COUNT_LIMIT + 1}) matches`;
  if (capped <= EXACT_COUNT_LIMIT) return { total: capped, estimated: false };
  return { total: Math.max(estimate, capped), estimated: true };
}

/** The same filters as leadWhere, as SQL, for the planner's estimate. */
function leadWhereSql(query: Omit<LeadListQuery, "page" | "limit" | "sort">, actorId: string, narrow?: Narrow): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.status) parts.push(Prisma.sql`status = ${query.status}::lead_status`);
  if (query.priority) parts.push(Prisma.sql`priority = ${query.priority}::priority`);
  if (query.source) parts.push(Prisma.sql`source = ${query.source}`);
  if (query.character) parts.push(Prisma.sql`source_domain = ${BRAND_INFO[query.character].domain}`);
  if (query.assignee === "none") parts.push(Prisma.sql`assigned_to IS NULL`);
  else if (query.assignee) parts.push(Prisma.sql`assigned_to = ${query.assignee === "me" ? actorId : query.assignee}::uuid`);
  if (query.from) parts.push(Prisma.sql`created_at >= ${new Date(`${query.from}T00:00:00+09:00`)}`);
  if (query.to) parts.push(Prisma.sql`created_at < ${new Date(new Date(`${query.to}T00:00:00+09:00`).getTime() + 86_400_000)}`);
  if (query.q) parts.push(searchSql(query.q, narrow));
  return Prisma.join(parts, " AND ");
}

const SEARCH_COLUMNS = ["name", "company"] as const;
type Narrow = Partial<Record<(typeof SEARCH_COLUMNS)[number], string>>;

/**
 * Name or company contains the search. A column with a narrow part is looked up in its trigram index by that part
 * alone and then checked against the whole search: the index of "Company 4242" would otherwise read the long
 * posting lists of every trigram of "Company" (in most rows) to intersect them with those of "4242". `(column || '')`
 * is the same text, but not the indexed column, so the whole search stays a check on the rows found.
 */
function searchSql(q: string, narrow: Narrow = {}): Prisma.Sql {
  const whole = containsPattern(q);
  const columns = SEARCH_COLUMNS.map((column) => {
    const part = narrow[column];
    const name = Prisma.raw(column);
    return part
      ? Prisma.sql`(${name} ILIKE ${containsPattern(part)} AND (${name} || '') ILIKE ${whole})`
      : Prisma.sql`${name} ILIKE ${whole}`;
  });
  return Prisma.sql`(${Prisma.join(columns, " OR ")})`;
}

/**
 * Moves a lead to a status (and optionally assigns it), with the note, on its timeline and in the audit log.
 * The row is locked for the change, so concurrent updates apply one after the other; with `expectedVersion`
 * (the lead's updatedAt as the client saw it) a change made meanwhile is refused with 412 instead.
 */
export async function updateLeadStatus(
  leadId: string,
  input: UpdateLeadStatus,
  {
    actor,
    origin,
    expectedVersion,
  }: { actor: { id: string; role: Role }; origin: { ip: string | null; userAgent: string | null }; expectedVersion?: number },
): Promise<Result<{ lead: LeadRow }>> {
  const db = getDb();
  type Outcome = { ok: true; lead: LeadRow; changes: Record<string, unknown> } | { ok: false; failure: Failure; audited: string };
  const result = await db.$transaction(async (tx): Promise<Outcome> => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM leads WHERE id = ${leadId}::uuid FOR UPDATE`;
    if (locked.length === 0) return { ok: false, failure: fail("not_found", "api.leadNotFound"), audited: "not_found" };
    const before = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: LEAD_FIELDS });
    if (expectedVersion !== undefined && before.updatedAt.getTime() !== expectedVersion)
      return { ok: false, failure: fail("precondition_failed", "api.preconditionFailed"), audited: "precondition_failed" };
    if (input.assignedTo) {
      const assignee = await tx.user.findUnique({ where: { id: input.assignedTo }, select: { role: true } });
      if (!assignee || assignee.role === "USER")
        return { ok: false, failure: fail("invalid", "api.notStaff", { field: "assignedTo" }), audited: "not_staff" };
    }
    const assignedTo = input.assignedTo === undefined ? before.assignedTo : input.assignedTo;
    const after = await tx.lead.update({ where: { id: leadId }, data: { status: input.status, assignedTo }, select: LEAD_FIELDS });

    const activities: Prisma.LeadActivityCreateManyInput[] = [];
    if (before.status !== after.status) {
      activities.push({
        leadId,
        userId: actor.id,
        activityType: "status_change",
        description: input.notes ?? null,
        metadata: { from: before.status, to: after.status },
      });
    } else if (input.notes) {
      activities.push({ leadId, userId: actor.id, activityType: "note", description: input.notes });
    }
    if (before.assignedTo !== after.assignedTo) {
      activities.push({
        leadId,
        userId: actor.id,
        activityType: "assignment",
        metadata: { from: before.assignedTo, to: after.assignedTo },
      });
    }
    if (activities.length) await tx.leadActivity.createMany({ data: activities });
    const changes = auditDiff(
      { status: before.status, assignedTo: before.assignedTo },
      { status: after.status, assignedTo: after.assignedTo },
    );
    return { ok: true, lead: after, changes: input.notes ? { ...changes, notes: input.notes } : changes };
  });
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "leads",
    resourceId: leadId,
    changes: result.ok ? result.changes : { error: result.audited, attempted: input.status },
    ...origin,
    status: result.ok ? "success" : "failure",
  });
  return result.ok ? ok({ lead: result.lead }) : result.failure;
}

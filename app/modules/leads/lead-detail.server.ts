// One lead in the admin: everything about it (masked for non-admins), and the edits staff make, each audited
// and on the lead's timeline.
import { emailHash, normalizeEmail } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { equalsText } from "~/lib/search.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma, type ContactRole } from "~/generated/prisma/client";
import { can } from "~/modules/identity/permissions";
import { inquiryMessageFor } from "~/modules/privacy/visibility";
import type { ConvertLead, UpdateLead } from "./leads.schema.ts";
import { LEAD_FIELDS, leadForRole } from "./leads.server.ts";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { fail, ok, type Result } from "~/lib/result";

type Actor = { id: string; role: Role };

export async function getLeadDetail(id: string, role: Role) {
  const db = getDb();
  const lead = await db.lead.findUnique({
    where: { id },
    select: {
      ...LEAD_FIELDS,
      inquiries: {
        orderBy: { createdAt: "desc" },
        select: { id: true, subject: true, message: true, inquiryType: true, status: true, priority: true, createdAt: true },
      },
      activities: {
        orderBy: { createdAt: "desc" },
        take: 200,
        select: {
          id: true,
          activityType: true,
          description: true,
          metadata: true,
          createdAt: true,
          user: { select: { name: true, email: true } },
        },
      },
      contacts: { select: { id: true, role: true, company: { select: { id: true, name: true, domain: true } } } },
    },
  });
  if (!lead) return null;
  const { inquiries, activities, contacts, ...rest } = lead;
  const shown = leadForRole(rest, role);
  // Suggest the company whose domain matches the address (lower-cased part after @).
  const domain = normalizeEmail(rest.email).split("@")[1] ?? "";
  const suggested = contacts.length
    ? null
    : await db.company.findFirst({ where: { domain: equalsText(domain) }, select: { id: true, name: true } });
  return {
    lead: shown,
    // A manager reads the lead, not its inquiries: the message is for roles that may read inquiries.
    inquiries: inquiries.map((inquiry) => ({ ...inquiry, message: inquiryMessageFor(inquiry.message, role) })),
    // Staff notes on the timeline are the team's working notes: every role that may read the lead reads them.
    activities,
    contacts,
    suggestedCompany: suggested,
  };
}

const PERSONAL = ["email", "phone", "notes"] as const;

/** Saves an edit of the lead's fields. Only ADMIN may change personal fields (others only see them masked). */
export async function updateLead(id: string, input: UpdateLead, actor: Actor, origin: RequestOrigin): Promise<Result> {
  if (actor.role !== "ADMIN") {
    const touched = PERSONAL.find((field) => input[field] !== undefined);
    if (touched) return fail("forbidden", "leadDetail.personalAdminOnly", { field: touched });
  }
  const db = getDb();
  const data: Prisma.LeadUpdateInput = {
    name: input.name ?? null,
    company: input.company ?? null,
    jobTitle: input.jobTitle ?? null,
    leadType: input.leadType,
    priority: input.priority,
    estimatedValue: input.estimatedValue ? new Prisma.Decimal(input.estimatedValue) : null,
    expectedCloseDate: input.expectedCloseDate ? new Date(`${input.expectedCloseDate}T00:00:00Z`) : null,
  };
  if (actor.role === "ADMIN") {
    if (input.email) Object.assign(data, { email: normalizeEmail(input.email), emailHash: emailHash(input.email) });
    Object.assign(data, { phone: input.phone ?? null, notes: input.notes ?? null });
  }
  const outcome = await db.$transaction(async (tx) => {
    const before = await tx.lead.findUnique({ where: { id } });
    if (!before) return null;
    let after;
    try {
      after = await tx.lead.update({ where: { id }, data });
    } catch (error) {
      // Another open lead of this site already has the new address.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return "conflict" as const;
      throw error;
    }
    const pick = (row: Record<string, unknown>) =>
      Object.fromEntries(
        Object.keys(data)
          .filter((k) => k !== "emailHash")
          .map((k) => [k, row[k]]),
      );
    const changes = auditDiff(pick(before), pick(after));
    if (Object.keys(changes).length) {
      await tx.leadActivity.create({
        data: { leadId: id, userId: actor.id, activityType: "update", metadata: { fields: Object.keys(changes) } },
      });
    }
    return changes;
  });
  if (outcome === null) return fail("not_found", "errors.notFound");
  if (outcome === "conflict") return fail("conflict", "leadDetail.emailTaken", { field: "email" });
  if (Object.keys(outcome).length)
    await recordAudit({
      userId: actor.id,
      action: "PUT",
      resource: "leads",
      resourceId: id,
      changes: outcome,
      ...origin,
      status: "success",
    });
  return ok();
}

/** A staff note on the lead's timeline. */
export async function addNote(id: string, note: string, actor: Actor): Promise<Result> {
  const db = getDb();
  const exists = await db.lead.count({ where: { id } });
  if (!exists) return fail("not_found", "errors.notFound");
  await db.leadActivity.create({ data: { leadId: id, userId: actor.id, activityType: "note", description: note } });
  return ok();
}

export async function linkCompany(id: string, companyId: string, role: ContactRole, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const [lead, company] = await Promise.all([
    db.lead.count({ where: { id } }),
    db.company.findUnique({ where: { id: companyId }, select: { name: true } }),
  ]);
  if (!lead) return fail("not_found", "errors.notFound");
  if (!company) return fail("not_found", "errors.company", { field: "companyId" });
  await db.$transaction([
    db.companyContact.upsert({
      where: { companyId_leadId: { companyId, leadId: id } },
      create: { companyId, leadId: id, role },
      update: { role },
    }),
    db.leadActivity.create({
      data: { leadId: id, userId: actor.id, activityType: "company_link", description: company.name, metadata: { companyId, role } },
    }),
  ]);
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "leads",
    resourceId: id,
    changes: { company: { to: company.name }, role },
    ...origin,
    status: "success",
  });
  return ok();
}

/**
 * Converts a lead in one transaction: picks or creates the company, adds the lead as its contact, and opens a
 * project prefilled from the lead. Both timelines record it; a company is created only by roles that may.
 */
export async function convertLead(
  id: string,
  input: ConvertLead,
  actor: Actor,
  origin: RequestOrigin,
): Promise<Result<{ projectId: string }>> {
  if (input.newCompanyName && !input.companyId && !can(actor.role, "companies", "create"))
    return fail("forbidden", "leadDetail.noCompanyCreate", { field: "newCompanyName" });
  const db = getDb();
  const result = await db.$transaction(async (tx) => {
    const lead = await tx.lead.findUnique({ where: { id }, select: { id: true, name: true, sourceDomain: true } });
    if (!lead) return fail("not_found", "errors.notFound");
    let companyId = input.companyId;
    if (companyId) {
      if (!(await tx.company.count({ where: { id: companyId } })))
        return fail("not_found", "errors.companyUnknown", { field: "companyId" });
    } else {
      companyId = (await tx.company.create({ data: { name: input.newCompanyName! }, select: { id: true } })).id;
    }
    await tx.companyContact.upsert({
      where: { companyId_leadId: { companyId, leadId: id } },
      create: { companyId, leadId: id, role: input.role },
      update: { role: input.role },
    });
    const character = lead.sourceDomain === "aoba-nekosora.com" ? "aoba" : "yuya";
    const project = await tx.project.create({
      data: {
        name: input.projectName,
        companyId,
        leadId: id,
        projectType: input.projectType,
        budget: new Prisma.Decimal(input.budget),
        assignedCharacter: character,
        startDate: new Date(`${input.startDate}T00:00:00Z`),
        endDate: new Date(`${input.endDate}T00:00:00Z`),
        projectManager: actor.id,
        activities: {
          create: {
            userId: actor.id,
            activityType: "created",
            description: input.projectName,
            metadata: { fromLead: id, via: "conversion" },
          },
        },
      },
      select: { id: true },
    });
    await tx.leadActivity.create({
      data: {
        leadId: id,
        userId: actor.id,
        activityType: "converted",
        description: input.projectName,
        metadata: { projectId: project.id, companyId },
      },
    });
    return ok({ projectId: project.id, companyId });
  });
  if (!result.ok) return result;
  await recordAudit({
    userId: actor.id,
    action: "POST",
    resource: "projects",
    resourceId: result.projectId,
    changes: { convertedFrom: id, companyId: result.companyId },
    ...origin,
    status: "success",
  });
  return ok({ projectId: result.projectId });
}

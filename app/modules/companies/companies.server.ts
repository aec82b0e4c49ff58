// Companies and their people: the list with its filters, a company with its contacts (leads with a role),
// projects and pipeline value, and the changes the admin makes (audited).
import { getDb } from "~/lib/db.server";
import { personalDataFor } from "~/modules/privacy/visibility";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma } from "~/generated/prisma/client";
import type { CompanyInput, CompanyListQuery } from "./companies.schema.ts";
import { containsText, equalsText } from "~/lib/search.server";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { pageOf, pageWindow, type Page } from "~/lib/list";
import { fail, ok, type Result } from "~/lib/result";

type Actor = { id: string; role: Role };

export const COMPANY_PAGE_SIZE = 50;
const OPEN_STAGES = ["new", "contacted", "qualified", "proposal", "negotiation"] as const;

/** One page of companies, by name, filtered. */
export async function listCompanies(query: CompanyListQuery): Promise<Page<CompanyRow>> {
  const where: Prisma.CompanyWhereInput = {
    ...(query.q ? { OR: [{ name: containsText(query.q) }, { domain: containsText(query.q) }] } : {}),
    industry: query.industry ? equalsText(query.industry) : undefined,
    sizeCategory: query.size,
    country: query.country ? equalsText(query.country) : undefined,
  };
  const at = { page: query.page, pageSize: COMPANY_PAGE_SIZE };
  const db = getDb();
  const [companies, total] = await Promise.all([
    db.company.findMany({ where, orderBy: { name: "asc" }, ...pageWindow(at), select: COMPANY_ROW }),
    db.company.count({ where }),
  ]);
  return pageOf(companies, total, at);
}

const COMPANY_ROW = {
  id: true,
  name: true,
  domain: true,
  industry: true,
  sizeCategory: true,
  country: true,
  _count: { select: { contacts: true, projects: true } },
} satisfies Prisma.CompanySelect;
export type CompanyRow = Prisma.CompanyGetPayload<{ select: typeof COMPANY_ROW }>;

/** The industries and countries the companies have, for the list's filters. */
export async function companyFacets(): Promise<{ industries: string[]; countries: string[] }> {
  const db = getDb();
  const [industries, countries] = await Promise.all([
    db.company.findMany({
      where: { industry: { not: null } },
      distinct: ["industry"],
      select: { industry: true },
      orderBy: { industry: "asc" },
    }),
    db.company.findMany({
      where: { country: { not: null } },
      distinct: ["country"],
      select: { country: true },
      orderBy: { country: "asc" },
    }),
  ]);
  return { industries: industries.map((c) => c.industry!), countries: countries.map((c) => c.country!) };
}

/** A company with its contacts, projects and the value of its open pipeline (open leads + active projects). */
/** Companies to pick from in a select (a lead's or a project's company): id and name, by name. */
export function listCompanyOptions(): Promise<{ id: string; name: string }[]> {
  return getDb().company.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true }, take: 500 });
}

export async function getCompany(id: string, role: Role) {
  const db = getDb();
  const company = await db.company.findUnique({
    where: { id },
    include: {
      contacts: {
        include: { lead: { select: { id: true, name: true, email: true, status: true, estimatedValue: true } } },
        orderBy: { createdAt: "asc" },
      },
      projects: { orderBy: { createdAt: "desc" }, select: { id: true, name: true, status: true, budget: true, endDate: true } },
    },
  });
  if (!company) return null;
  const openLeads = company.contacts.filter((c) => (OPEN_STAGES as readonly string[]).includes(c.lead.status));
  const leadValue = openLeads.reduce((sum, c) => sum.plus(c.lead.estimatedValue ?? 0), new Prisma.Decimal(0));
  const projectValue = company.projects
    .filter((p) => p.status === "planning" || p.status === "active" || p.status === "on_hold")
    .reduce((sum, p) => sum.plus(p.budget ?? 0), new Prisma.Decimal(0));
  return {
    ...company,
    contacts: company.contacts.map((c) => ({
      ...c,
      lead: { ...personalDataFor(c.lead, role), estimatedValue: c.lead.estimatedValue?.toString() ?? null },
    })),
    projects: company.projects.map((p) => ({ ...p, budget: p.budget?.toString() ?? null })),
    pipelineValue: leadValue.plus(projectValue).toString(),
  };
}

export async function createCompany(input: CompanyInput, actor: Actor, origin: RequestOrigin): Promise<Result<{ id: string }>> {
  const company = await getDb().company.create({ data: input, select: { id: true } });
  await recordAudit({
    userId: actor.id,
    action: "POST",
    resource: "companies",
    resourceId: company.id,
    changes: { name: input.name, domain: input.domain },
    ...origin,
    status: "success",
  });
  return ok(company);
}

export async function updateCompany(id: string, input: CompanyInput, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const before = await db.company.findUnique({ where: { id } });
  if (!before) return fail("not_found", "errors.notFound");
  const after = await db.company.update({ where: { id }, data: input });
  const pick = (row: Record<string, unknown>) => Object.fromEntries(Object.keys(input).map((key) => [key, row[key]]));
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "companies",
    resourceId: id,
    changes: auditDiff(pick(before), pick(after)),
    ...origin,
    status: "success",
  });
  return ok();
}

/** Deletes a company: its contact links go with it; its projects stay, without a company. */
export async function deleteCompany(id: string, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const before = await db.company.findUnique({ where: { id }, select: { name: true } });
  if (!before) return fail("not_found", "errors.notFound");
  await db.company.delete({ where: { id } });
  await recordAudit({
    userId: actor.id,
    action: "DELETE",
    resource: "companies",
    resourceId: id,
    changes: { name: before.name },
    ...origin,
    status: "success",
  });
  return ok();
}

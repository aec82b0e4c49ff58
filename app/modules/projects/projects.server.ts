// Projects: the spec's admin API (ProjectsListResponse, CreateProjectRequest). Progress is the share of
// deliverables delivered or approved; the due date is the end date; the client is the lead and its company.
// Every change writes a project_activities row; creations and changes are audited.
import { getDb } from "~/lib/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma } from "~/generated/prisma/client";
import type { CreateProject, ProjectListQuery } from "./projects.schema.ts";
import { pageOf, pageWindow, type Page } from "~/lib/list";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { fail, ok, type Result } from "~/lib/result";

type Actor = { id: string; role: Role };

const LIST_FIELDS = {
  id: true,
  name: true,
  status: true,
  assignedCharacter: true,
  budget: true,
  endDate: true,
  company: { select: { name: true } },
  lead: { select: { name: true, company: true } },
  deliverables: { select: { status: true } },
} satisfies Prisma.ProjectSelect;

type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof LIST_FIELDS }>;

/** Share (0–100, whole percent) of deliverables delivered or approved; 0 when there are none. */
export function progressOf(deliverables: readonly { status: string }[]): number {
  if (deliverables.length === 0) return 0;
  const done = deliverables.filter((d) => d.status === "delivered" || d.status === "approved").length;
  return Math.round((done / deliverables.length) * 100);
}

/** Profit margin in percent from budget and actual cost, or null when either is unknown or the budget is 0. */
export function profitMarginOf(budget: Prisma.Decimal | null, actualCost: Prisma.Decimal | null): Prisma.Decimal | null {
  if (!budget || !actualCost || budget.isZero()) return null;
  return budget.minus(actualCost).dividedBy(budget).times(100).toDecimalPlaces(2);
}

/** One project as the spec's ProjectsListResponse item. */
export function projectItem(project: ProjectRow) {
  return {
    id: project.id,
    name: project.name,
    status: project.status,
    assignedCharacter: project.assignedCharacter ?? "both",
    budget: project.budget ? project.budget.toNumber() : 0,
    progress: progressOf(project.deliverables),
    dueDate: project.endDate ? project.endDate.toISOString().slice(0, 10) : null,
    client: { name: project.lead?.name ?? project.company?.name ?? "", company: project.company?.name ?? project.lead?.company ?? "" },
  };
}

/** One page of projects, newest first, filtered. */
export async function listProjects(query: ProjectListQuery, actor: Actor): Promise<Page<ReturnType<typeof projectItem>>> {
  const at = { page: query.page, pageSize: query.limit };
  const where: Prisma.ProjectWhereInput = {
    status: query.status,
    projectType: query.type,
    assignedCharacter: query.character,
    projectManager: query.manager === "me" ? actor.id : query.manager,
    endDate:
      query.dueBefore || query.dueAfter
        ? {
            lte: query.dueBefore ? new Date(`${query.dueBefore}T00:00:00Z`) : undefined,
            gte: query.dueAfter ? new Date(`${query.dueAfter}T00:00:00Z`) : undefined,
          }
        : undefined,
  };
  const db = getDb();
  const [projects, total] = await Promise.all([
    db.project.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(at),
      select: LIST_FIELDS,
    }),
    db.project.count({ where }),
  ]);
  return pageOf(projects.map(projectItem), total, at);
}

type CreateResult = Result<{ project: ReturnType<typeof projectItem> }>;

/** Creates a project after checking that its company, lead and manager exist; all in one transaction. */
export async function createProject(input: CreateProject, actor: Actor, origin: RequestOrigin): Promise<CreateResult> {
  const db = getDb();
  const result = await db.$transaction(async (tx): Promise<CreateResult> => {
    if (input.companyId && !(await tx.company.count({ where: { id: input.companyId } })))
      return fail("invalid", "errors.companyUnknown", { field: "companyId" });
    if (input.leadId && !(await tx.lead.count({ where: { id: input.leadId } })))
      return fail("invalid", "errors.leadUnknown", { field: "leadId" });
    const managerId = input.projectManager ?? (actor.role === "USER" ? null : actor.id);
    if (input.projectManager) {
      const manager = await tx.user.findUnique({ where: { id: input.projectManager }, select: { role: true } });
      if (!manager || manager.role === "USER") return fail("invalid", "api.notStaff", { field: "projectManager" });
    }
    const project = await tx.project.create({
      data: {
        name: input.name,
        description: input.description || null,
        companyId: input.companyId ?? null,
        leadId: input.leadId ?? null,
        projectType: input.projectType,
        budget: new Prisma.Decimal(input.budget),
        assignedCharacter: input.assignedCharacter,
        startDate: new Date(`${input.startDate}T00:00:00Z`),
        endDate: new Date(`${input.endDate}T00:00:00Z`),
        projectManager: managerId,
        activities: {
          create: {
            userId: actor.id,
            activityType: "created",
            description: input.name,
            metadata: { via: "api", budget: input.budget, startDate: input.startDate, endDate: input.endDate },
          },
        },
      },
      select: LIST_FIELDS,
    });
    return ok({ project: projectItem(project) });
  });
  await recordAudit({
    userId: actor.id,
    action: "POST",
    resource: "projects",
    resourceId: result.ok ? result.project.id : null,
    changes: result.ok
      ? { name: input.name, budget: input.budget, projectType: input.projectType }
      : { error: result.message, field: result.field },
    ...origin,
    status: result.ok ? "success" : "failure",
  });
  return result;
}

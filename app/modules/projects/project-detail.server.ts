// One project in the admin: its fields, deliverables and timeline, and the changes staff make. Every change
// writes a project_activities row with what changed; changes to the project are audited.
import path from "node:path";
import { getDb } from "~/lib/db.server";
import { ALLOWED_TYPES, storeAttachments } from "~/modules/inquiries/attachments.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma, type DeliverableStatus } from "~/generated/prisma/client";
import type { ProjectUpdate } from "./projects.schema.ts";
import { profitMarginOf, progressOf } from "./projects.server.ts";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { fail, ok, type Result } from "~/lib/result";

type Actor = { id: string; role: Role };

const GONE = () => fail("not_found", "errors.notFound");
const NOT_ITS_DELIVERABLE = () => fail("invalid", "errors.deliverable", { field: "deliverableId" });

export async function getProject(id: string) {
  const project = await getDb().project.findUnique({
    where: { id },
    include: {
      company: { select: { id: true, name: true } },
      lead: { select: { id: true, name: true, company: true } },
      manager: { select: { name: true, email: true } },
      deliverables: { orderBy: { createdAt: "asc" } },
      activities: { orderBy: { createdAt: "desc" }, take: 200, include: { user: { select: { name: true, email: true } } } },
    },
  });
  if (!project) return null;
  return {
    ...project,
    budget: project.budget?.toString() ?? null,
    actualCost: project.actualCost?.toString() ?? null,
    profitMargin: project.profitMargin?.toString() ?? null,
    progress: progressOf(project.deliverables),
  };
}

/**
 * A project's deliverable file, as a download: its path under UPLOAD_DIR, the deliverable's name with the stored
 * extension, and the content type that extension stands for. Null when the deliverable is not this project's or has no file.
 */
export async function getDeliverableFile({
  projectId,
  deliverableId,
}: {
  projectId: string;
  deliverableId: string;
}): Promise<{ relativePath: string; name: string; type: string } | null> {
  const deliverable = await getDb().projectDeliverable.findUnique({
    where: { id: deliverableId },
    select: { projectId: true, name: true, fileUrl: true },
  });
  if (!deliverable || deliverable.projectId !== projectId || !deliverable.fileUrl) return null;
  const ext = path.extname(deliverable.fileUrl).slice(1);
  const type = Object.entries(ALLOWED_TYPES).find(([, e]) => e === ext)?.[0] ?? "application/octet-stream";
  return { relativePath: deliverable.fileUrl, name: `${deliverable.name}.${ext}`, type };
}

export async function updateProject(id: string, input: ProjectUpdate, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  if (input.clientSatisfaction !== undefined && input.status !== "completed")
    return fail("invalid", "errors.ratingWhenCompleted", { field: "clientSatisfaction" });
  const changes = await db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id } });
    if (!before) return null;
    const budget = new Prisma.Decimal(input.budget);
    const actualCost = input.actualCost ? new Prisma.Decimal(input.actualCost) : null;
    const after = await tx.project.update({
      where: { id },
      data: {
        status: input.status,
        budget,
        actualCost,
        profitMargin: profitMarginOf(budget, actualCost),
        startDate: new Date(`${input.startDate}T00:00:00Z`),
        endDate: new Date(`${input.endDate}T00:00:00Z`),
        clientSatisfaction: input.clientSatisfaction ?? before.clientSatisfaction,
      },
    });
    const fields = ["status", "budget", "actualCost", "profitMargin", "startDate", "endDate", "clientSatisfaction"] as const;
    const pick = (row: typeof before) => Object.fromEntries(fields.map((f) => [f, row[f]]));
    const diff = auditDiff(pick(before), pick(after));
    if (Object.keys(diff).length)
      await tx.projectActivity.create({
        data: {
          projectId: id,
          userId: actor.id,
          activityType: "updated",
          description: Object.keys(diff).join(", "),
          metadata: diff as Prisma.InputJsonValue,
        },
      });
    return diff;
  });
  if (changes === null) return GONE();
  if (Object.keys(changes).length)
    await recordAudit({ userId: actor.id, action: "PUT", resource: "projects", resourceId: id, changes, ...origin, status: "success" });
  return ok();
}

/** Adds a deliverable, with its file when one is given (typed and stored like inquiry attachments). */
export async function addDeliverable(
  id: string,
  input: { name: string; deliveryDate?: string; file?: File },
  actor: Actor,
): Promise<Result> {
  const db = getDb();
  if (!(await db.project.count({ where: { id } }))) return GONE();
  const stored = input.file ? await storeAttachments([input.file], "deliverables") : null;
  const file = stored?.stored[0];
  try {
    await db.$transaction([
      db.projectDeliverable.create({
        data: {
          projectId: id,
          name: input.name,
          fileUrl: file?.path ?? null,
          deliveryDate: input.deliveryDate ? new Date(`${input.deliveryDate}T00:00:00Z`) : null,
        },
      }),
      db.projectActivity.create({
        data: file
          ? {
              projectId: id,
              userId: actor.id,
              activityType: "file_upload",
              description: `${input.name} (${file.name})`,
              metadata: { deliverable: "added", file: { type: file.type, size: file.size } },
            }
          : { projectId: id, userId: actor.id, activityType: "updated", description: input.name, metadata: { deliverable: "added" } },
      }),
    ]);
  } catch (error) {
    await stored?.remove();
    throw error;
  }
  return ok();
}

/** Removes a project (ADMIN): its deliverables and timeline go with it; audited. */
export async function deleteProject(id: string, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const before = await db.project.findUnique({ where: { id }, select: { name: true, budget: true } });
  if (!before) return GONE();
  await db.project.delete({ where: { id } });
  await recordAudit({
    userId: actor.id,
    action: "DELETE",
    resource: "projects",
    resourceId: id,
    changes: { name: before.name, budget: before.budget?.toString() ?? null },
    ...origin,
    status: "success",
  });
  return ok();
}

/** Moves a deliverable of this project (not of another) to a status, on the timeline. */
export async function moveDeliverable(id: string, deliverableId: string, status: DeliverableStatus, actor: Actor): Promise<Result> {
  const db = getDb();
  const deliverable = await db.projectDeliverable.findUnique({
    where: { id: deliverableId },
    select: { projectId: true, status: true, name: true },
  });
  if (!deliverable || deliverable.projectId !== id) return NOT_ITS_DELIVERABLE();
  if (deliverable.status === status) return ok();
  await db.$transaction([
    db.projectDeliverable.update({ where: { id: deliverableId }, data: { status } }),
    db.projectActivity.create({
      data: {
        projectId: id,
        userId: actor.id,
        activityType: status === "approved" || status === "delivered" ? "milestone" : "updated",
        description: deliverable.name,
        metadata: { deliverable: deliverableId, from: deliverable.status, to: status },
      },
    }),
  ]);
  return ok();
}

/** Renames or re-dates a deliverable of this project, on the timeline. */
export async function editDeliverable(
  id: string,
  deliverableId: string,
  input: { name: string; deliveryDate?: string },
  actor: Actor,
): Promise<Result> {
  const db = getDb();
  const deliverable = await db.projectDeliverable.findUnique({
    where: { id: deliverableId },
    select: { projectId: true, name: true, deliveryDate: true },
  });
  if (!deliverable || deliverable.projectId !== id) return NOT_ITS_DELIVERABLE();
  const deliveryDate = input.deliveryDate ? new Date(`${input.deliveryDate}T00:00:00Z`) : null;
  const diff = auditDiff({ name: deliverable.name, deliveryDate: deliverable.deliveryDate }, { name: input.name, deliveryDate });
  if (!Object.keys(diff).length) return ok();
  await db.$transaction([
    db.projectDeliverable.update({ where: { id: deliverableId }, data: { name: input.name, deliveryDate } }),
    db.projectActivity.create({
      data: {
        projectId: id,
        userId: actor.id,
        activityType: "updated",
        description: input.name,
        metadata: { deliverable: deliverableId, ...diff } as Prisma.InputJsonValue,
      },
    }),
  ]);
  return ok();
}

export async function addActivity(
  id: string,
  input: { activityType: "comment" | "meeting" | "milestone"; description: string },
  actor: Actor,
): Promise<Result> {
  const db = getDb();
  if (!(await db.project.count({ where: { id } }))) return GONE();
  await db.projectActivity.create({
    data: { projectId: id, userId: actor.id, activityType: input.activityType, description: input.description },
  });
  return ok();
}

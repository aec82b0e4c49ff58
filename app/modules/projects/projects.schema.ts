// The projects API's inputs: the spec's CreateProjectRequest (plus an optional project manager) and the list's
// filters. Messages are translation keys, as everywhere.
import { z } from "zod";

export const PROJECT_TYPES = ["ai_development", "tool_creation", "consultation", "music_production", "collaboration"] as const;
export const PROJECT_STATUSES = ["planning", "active", "on_hold", "completed", "cancelled"] as const;
export const CHARACTERS = ["yuya", "aoba", "both"] as const;

const day = z
  .string({ error: "errors.date" })
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, { error: "errors.date" })
  .transform((value) => value.slice(0, 10))
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    error: "errors.date",
  });

const money = z
  .number({ error: "errors.budget" })
  .finite({ error: "errors.budget" })
  .min(0, { error: "errors.budgetNegative" })
  .max(9_999_999_999.99, { error: "errors.budget" })
  .refine((value) => Math.round(value * 100) === value * 100, { error: "errors.budget" });

export const CreateProjectSchema = z
  .strictObject({
    name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong:200" }),
    description: z.string({ error: "errors.required" }).trim().max(10_000, { error: "errors.tooLong:10000" }),
    companyId: z.uuid({ error: "errors.company" }).optional(),
    leadId: z.uuid({ error: "errors.lead" }).optional(),
    projectType: z.enum(PROJECT_TYPES, { error: "errors.projectType" }),
    budget: money,
    assignedCharacter: z.enum(CHARACTERS, { error: "errors.assignedCharacter" }),
    startDate: day,
    endDate: day,
    projectManager: z.uuid({ error: "errors.userId" }).optional(),
  })
  .refine((project) => project.endDate >= project.startDate, { error: "errors.endBeforeStart", path: ["endDate"] });
export type CreateProject = z.output<typeof CreateProjectSchema>;

/**
 * The admin's new-project form, by the API's rules: the form sends text, so a plain decimal budget is read as the
 * number the API takes (anything else stays text and is refused as a budget), and an empty company or manager is none.
 */
export const CreateProjectFormSchema = z.preprocess((value) => {
  if (typeof value !== "object" || value === null) return value;
  const form = value as Record<string, unknown>;
  const budget = typeof form.budget === "string" && /^\d+(\.\d+)?$/.test(form.budget) ? Number(form.budget) : form.budget;
  return { ...form, budget, companyId: form.companyId || undefined, projectManager: form.projectManager || undefined };
}, CreateProjectSchema);

export const ProjectListQuerySchema = z.strictObject({
  status: z.enum(PROJECT_STATUSES, { error: "errors.projectStatus" }).optional(),
  type: z.enum(PROJECT_TYPES, { error: "errors.projectType" }).optional(),
  character: z.enum(CHARACTERS, { error: "errors.assignedCharacter" }).optional(),
  manager: z.union([z.uuid(), z.literal("me")], { error: "errors.userId" }).optional(),
  dueBefore: day.optional(),
  dueAfter: day.optional(),
  page: z.coerce
    .number({ error: "errors.page" })
    .int({ error: "errors.page" })
    .min(1, { error: "errors.page" })
    .max(100_000, { error: "errors.page" })
    .default(1),
  limit: z.coerce
    .number({ error: "errors.limit" })
    .int({ error: "errors.limit" })
    .min(1, { error: "errors.limit" })
    .max(100, { error: "errors.limit" })
    .default(20),
});
export type ProjectListQuery = z.output<typeof ProjectListQuerySchema>;

export const DELIVERABLE_STATUSES = ["planned", "in_progress", "delivered", "approved"] as const;
export const MANUAL_ACTIVITIES = ["comment", "meeting", "milestone"] as const;

export const ProjectUpdateSchema = z
  .object({
    status: z.enum(PROJECT_STATUSES, { error: "errors.projectStatus" }),
    budget: z
      .string()
      .trim()
      .regex(/^\d{1,10}(\.\d{1,2})?$/, { error: "errors.money" }),
    actualCost: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .trim()
        .regex(/^\d{1,10}(\.\d{1,2})?$/, { error: "errors.money" })
        .optional(),
    ),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" }),
    endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" }),
    clientSatisfaction: z.preprocess(
      (v) => (v === "" || v === undefined ? undefined : Number(v)),
      z
        .number({ error: "errors.rating" })
        .int({ error: "errors.rating" })
        .min(1, { error: "errors.rating" })
        .max(5, { error: "errors.rating" })
        .optional(),
    ),
  })
  .refine((v) => v.endDate >= v.startDate, { error: "errors.endBeforeStart", path: ["endDate"] });
export type ProjectUpdate = z.output<typeof ProjectUpdateSchema>;

export const DeliverableSchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong:200" }),
  deliveryDate: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" })
      .optional(),
  ),
});

/** Renaming or re-dating one deliverable: which one, and its name and date. */
export const DeliverableEditSchema = DeliverableSchema.extend({ deliverableId: z.uuid({ error: "errors.deliverable" }) });

export const DeliverableMoveSchema = z.object({
  deliverableId: z.uuid({ error: "errors.deliverable" }),
  status: z.enum(DELIVERABLE_STATUSES, { error: "errors.deliverableStatus" }),
});

export const ActivitySchema = z.object({
  activityType: z.enum(MANUAL_ACTIVITIES, { error: "errors.activityType" }),
  description: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(5000, { error: "errors.tooLong:5000" }),
});

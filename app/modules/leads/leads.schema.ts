// Input schemas for leads, shared by the brand contact form (client and server) and the JSON API.
// Messages are translation keys ("errors.email", "errors.tooLong:100"), turned into text by translateError.
import { z } from "zod";
import { pageParam } from "~/lib/list";
import { AS_SENT, emailField, optionalText, phoneField, requiredText } from "~/lib/schema-fields";
import { BRAND_DOMAINS } from "~/modules/brand/brands";

export const LEAD_TYPES = ["b2b_consultation", "tool_interest", "collaboration", "music_licensing", "other"] as const;

/** What a visitor sends from a brand site's contact page; the site itself supplies source and domain. */
export const ContactFormSchema = z.object({
  name: requiredText(100),
  email: emailField,
  company: optionalText(200, AS_SENT),
  phone: phoneField,
  leadType: z.enum(LEAD_TYPES).default("other"),
  message: requiredText(5000),
  gdprConsent: z.literal(true, { error: "errors.consent" }),
});

export type ContactForm = z.infer<typeof ContactFormSchema>;

export const LEAD_STATUSES = ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;

/**
 * POST /api/leads: the spec's CreateLeadRequest, plus optional phone, jobTitle and sourcePage. Unknown fields
 * are refused so a misspelt field is noticed rather than dropped. `source` is checked against the registered
 * lead sources by the service (the list is not known to the schema).
 */
export const CreateLeadSchema = z.strictObject({
  email: emailField,
  name: optionalText(100, AS_SENT),
  company: optionalText(200, AS_SENT),
  phone: phoneField,
  jobTitle: optionalText(100, AS_SENT),
  source: requiredText(100),
  sourceDomain: z.enum(BRAND_DOMAINS, { error: "errors.sourceDomain" }),
  sourcePage: optionalText(500, AS_SENT),
  leadType: z.enum(LEAD_TYPES, { error: "errors.leadType" }),
  message: requiredText(5000),
  gdprConsent: z.literal(true, { error: "errors.consent" }),
});
export type CreateLead = z.infer<typeof CreateLeadSchema>;

/** PUT /api/leads/:id/status: the spec's UpdateLeadStatusRequest. `assignedTo: null` removes the assignee. */
export const UpdateLeadStatusSchema = z.strictObject({
  status: z.enum(LEAD_STATUSES, { error: "errors.leadStatus" }),
  notes: optionalText(5000, AS_SENT),
  assignedTo: z.uuid({ error: "errors.userId" }).nullable().optional(),
});
export type UpdateLeadStatus = z.infer<typeof UpdateLeadStatusSchema>;

/**
 * The lead page's pipeline form: the status change, with the lead's version as the page showed it (a change made
 * meanwhile is refused). Its assignee select sends "" for no one, which the action reads as `assignedTo: null`.
 */
export const LeadStatusFormSchema = z.object({
  status: UpdateLeadStatusSchema.shape.status,
  notes: UpdateLeadStatusSchema.shape.notes,
  assignedTo: z.uuid({ error: "errors.userId" }).optional(),
  version: z.coerce.number().int().optional(),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" });

export const LEAD_SORTS = ["newest", "oldest", "value", "priority", "name"] as const;

/** GET /api/leads: the spec's filters plus source, assignee, search and a date range; newest first. */
export const LeadListQuerySchema = z
  .strictObject({
    status: z.enum(LEAD_STATUSES, { error: "errors.leadStatus" }).optional(),
    character: z.enum(["yuya", "aoba"], { error: "errors.character" }).optional(),
    priority: z.enum(PRIORITIES, { error: "errors.priority" }).optional(),
    source: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
    /** A user id, "me", or "none" for unassigned leads. */
    assignee: z.union([z.uuid(), z.literal("me"), z.literal("none")], { error: "errors.assignee" }).optional(),
    q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(LEAD_SORTS, { error: "errors.sort" }).default("newest"),
    page: pageParam,
    limit: z.coerce
      .number({ error: "errors.limit" })
      .int({ error: "errors.limit" })
      .min(1, { error: "errors.limit" })
      .max(100, { error: "errors.limit" })
      .default(20),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { error: "errors.dateOrder", path: ["to"] });
export type LeadListQuery = z.infer<typeof LeadListQuerySchema>;

/** Editing a lead in the admin. Personal fields (email, phone, notes) only for ADMIN, checked by the service. */
export const UpdateLeadSchema = z.object({
  name: optionalText(100, AS_SENT),
  company: optionalText(200, AS_SENT),
  jobTitle: optionalText(100, AS_SENT),
  email: emailField.optional(),
  phone: phoneField,
  notes: optionalText(10_000, AS_SENT),
  leadType: z.enum(LEAD_TYPES, { error: "errors.leadType" }),
  priority: z.enum(PRIORITIES, { error: "errors.priority" }),
  estimatedValue: z
    .string()
    .trim()
    .regex(/^\d{1,8}(\.\d{1,2})?$/, { error: "errors.money" })
    .optional(),
  expectedCloseDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" })
    .optional(),
});
export type UpdateLead = z.infer<typeof UpdateLeadSchema>;

export const CONTACT_ROLES = ["primary", "secondary", "decision_maker", "technical", "financial"] as const;

export const LinkCompanySchema = z.object({
  companyId: z.uuid({ error: "errors.company" }),
  role: z.enum(CONTACT_ROLES, { error: "errors.contactRole" }),
});

export const NoteSchema = z.object({ note: requiredText(5000) });

/** Converting a lead: an existing company or a new one by name, the contact's role, and the project to open. */
export const ConvertLeadSchema = z
  .object({
    companyId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid({ error: "errors.company" }).optional()),
    newCompanyName: z
      .string()
      .trim()
      .max(200, { error: "errors.tooLong:200" })
      .optional()
      .transform((v) => v || undefined),
    role: z.enum(CONTACT_ROLES, { error: "errors.contactRole" }),
    projectName: z
      .string({ error: "errors.required" })
      .trim()
      .min(1, { error: "errors.required" })
      .max(200, { error: "errors.tooLong:200" }),
    projectType: z.enum(["ai_development", "tool_creation", "consultation", "music_production", "collaboration"], {
      error: "errors.projectType",
    }),
    budget: z
      .string()
      .trim()
      .regex(/^\d{1,10}(\.\d{1,2})?$/, { error: "errors.money" }),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" }),
    endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.date" }),
  })
  .refine((v) => v.companyId || v.newCompanyName, { error: "errors.company", path: ["companyId"] })
  .refine((v) => v.endDate >= v.startDate, { error: "errors.endBeforeStart", path: ["endDate"] });
export type ConvertLead = z.output<typeof ConvertLeadSchema>;

// Admin › Lead: the lead's fields (editable, with validation), its status and assignee, its inquiries, its
// company, and the timeline of everything that happened to it. Personal data is masked for non-admins.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type DefaultValue } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Timeline } from "~/components/admin/timeline";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { formatDate, formatDateTime, formatMoney } from "~/lib/format";
import { found, uuidParam } from "~/lib/http";
import { translateError } from "~/lib/i18n";
import { useFieldErrors } from "~/lib/use-field-errors";
import { dispatchIntent, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { listCompanyOptions } from "~/modules/companies/companies.server";
import { PRIORITY_TONE, STATUS_TONE } from "~/modules/leads/lead-display";
import { addNote, convertLead, getLeadDetail, linkCompany, updateLead } from "~/modules/leads/lead-detail.server";
import {
  CONTACT_ROLES,
  ConvertLeadSchema,
  LEAD_STATUSES,
  LEAD_TYPES,
  LeadStatusFormSchema,
  LinkCompanySchema,
  NoteSchema,
  PRIORITIES,
  UpdateLeadSchema,
} from "~/modules/leads/leads.schema";
import { PROJECT_TYPES } from "~/modules/projects/projects.schema";
import { updateLeadStatus } from "~/modules/leads/leads.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

const PROJECT_TYPE_FOR: Record<string, string> = {
  b2b_consultation: "consultation",
  tool_interest: "tool_creation",
  music_licensing: "music_production",
  collaboration: "collaboration",
  other: "consultation",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "read");
  const detail = found(await getLeadDetail(uuidParam(params.id), actor.role));
  const [staff, companies] = await Promise.all([listStaff(), listCompanyOptions()]);
  const today = new Date().toISOString().slice(0, 10);
  const end = detail.lead.expectedCloseDate
    ? new Date(detail.lead.expectedCloseDate).toISOString().slice(0, 10)
    : new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  return {
    ...detail,
    staff,
    companies,
    canEdit: can(actor.role, "leads", "update"),
    canConvert: can(actor.role, "leads", "update") && can(actor.role, "projects", "create"),
    canCreateCompany: can(actor.role, "companies", "create"),
    isAdmin: actor.role === "ADMIN",
    conversion: { startDate: today, endDate: end < today ? today : end, projectType: PROJECT_TYPE_FOR[detail.lead.leadType ?? "other"] },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lead.name ?? data?.lead.email ?? "Lead"} — Kizuna` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "update");
  const id = uuidParam(params.id);
  const origin = requestOrigin(request);
  return dispatchIntent(request, await readForm(request), {
    status: async (form) => {
      const intent = "status";
      const submission = parseWithZod(form, { schema: LeadStatusFormSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: null });
      const { version, assignedTo, ...input } = submission.value;
      // The select's "" is no one; a form without the field leaves the assignee as it is.
      const assignee = assignedTo ?? (form.get("assignedTo") === "" ? null : undefined);
      const moved = await updateLeadStatus(id, { ...input, assignedTo: assignee }, { actor, origin, expectedVersion: version });
      return moved.ok
        ? replyOk(submission, { intent, message: null }, { resetForm: true })
        : replyFailure(submission, moved, { intent, message: moved.message });
    },
    edit: async (form) => {
      const intent = "edit";
      const submission = parseWithZod(form, { schema: UpdateLeadSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: null });
      const updated = await updateLead(id, submission.value, actor, origin);
      return updated.ok
        ? replyOk(submission, { intent, message: null })
        : replyFailure(submission, updated, { intent, message: updated.message });
    },
    note: async (form) => {
      const intent = "note";
      const submission = parseWithZod(form, { schema: NoteSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: null });
      const added = await addNote(id, submission.value.note, actor);
      return added.ok
        ? replyOk(submission, { intent, message: null }, { resetForm: true })
        : replyFailure(submission, added, { intent, message: added.message });
    },
    company: async (form) => {
      const intent = "company";
      const submission = parseWithZod(form, { schema: LinkCompanySchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: null });
      const linked = await linkCompany(id, submission.value.companyId, submission.value.role, actor, origin);
      return linked.ok
        ? replyOk(submission, { intent, message: null })
        : replyFailure(submission, linked, { intent, message: linked.message });
    },
    convert: async (form) => {
      const intent = "convert";
      await requirePermission(request, "projects", "create");
      const submission = parseWithZod(form, { schema: ConvertLeadSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: null });
      const converted = await convertLead(id, submission.value, actor, origin);
      if (!converted.ok) return replyFailure(submission, converted, { intent, message: converted.message });
      throw redirect(`/admin/projects/${converted.projectId}`);
    },
  });
}

type Intent = "status" | "edit" | "note" | "company" | "convert";

/** One of the page's forms: its own id, the action's reply when it was this form's, checked by its schema in the browser. */
function useIntentForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  intent: Intent,
  schema: Schema,
  defaultValue?: DefaultValue<z.input<Schema>>,
) {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  return useForm<z.input<Schema>, z.output<Schema>>({
    id: `lead-${intent}`,
    defaultValue,
    lastResult: navigation.state === "idle" && reply?.intent === intent ? reply.result : undefined,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AdminLead() {
  const {
    lead,
    inquiries,
    activities,
    contacts,
    suggestedCompany,
    staff,
    companies,
    canEdit,
    canConvert,
    canCreateCompany,
    isAdmin,
    conversion,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const personName = (user: { name: string | null; email: string } | null) => (user ? (user.name ?? user.email) : t("leadDetail.system"));

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to="/admin/leads" className="text-sm text-primary hover:underline">
          ← {t("admin.leads")}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-black">
          {lead.name ?? lead.email}
          <Badge tone={STATUS_TONE[lead.status]}>{t(`leadStatuses.${lead.status}`)}</Badge>
          <Badge tone={PRIORITY_TONE[lead.priority]}>{t(`priorities.${lead.priority}`)}</Badge>
        </h1>
        <p className="mt-1 text-sm text-muted">
          {[lead.company, lead.email, lead.phone, lead.sourceDomain, t(`leadSources.${lead.source}`, { defaultValue: lead.source })]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </div>

      {result && navigation.state === "idle" ? (
        <Alert tone={result.ok ? "success" : "error"}>
          {result.ok ? t("leadDetail.saved") : translateError(t, result.message ?? "leadDetail.checkFields")}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          {canEdit ? (
            <Card>
              <CardTitle>{t("leadDetail.pipeline")}</CardTitle>
              <PipelineForm lead={lead} staff={staff} key={String(lead.updatedAt)} />
            </Card>
          ) : null}

          <Card>
            <CardTitle>{t("leadDetail.details")}</CardTitle>
            <DetailsForm lead={lead} canEdit={canEdit} isAdmin={isAdmin} key={String(lead.updatedAt)} />
          </Card>

          <Card>
            <CardTitle>{t("leadDetail.timeline")}</CardTitle>
            {canEdit ? <NoteForm /> : null}
            <Timeline
              entries={activities.map((activity) => {
                const via = viaOf(activity.metadata);
                return {
                  id: activity.id,
                  kind: activity.activityType,
                  at: activity.createdAt,
                  by: personName(activity.user),
                  note: via ? t("leadDetail.via", { via }) : null,
                  title: t(`leadDetail.activity.${activity.activityType}`, describe(activity.metadata, t)),
                  body: activity.description,
                };
              })}
            />
          </Card>
        </div>

        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("leadDetail.inquiries")}</CardTitle>
            <ul className="flex flex-col gap-3">
              {inquiries.map((inquiry) => (
                <li key={inquiry.id} className="border-b border-border pb-2 last:border-0">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-semibold">{inquiry.subject}</span>
                    <Badge>{t(`inquiryStatuses.${inquiry.status}`)}</Badge>
                  </div>
                  <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-sm text-muted">{inquiry.message}</p>
                  <div className="text-xs text-muted">{formatDateTime(inquiry.createdAt, lng)}</div>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <CardTitle>{t("leadDetail.companyTitle")}</CardTitle>
            {contacts.map((contact) => (
              <p key={contact.id}>
                <span className="font-semibold">{contact.company.name}</span>{" "}
                <span className="text-sm text-muted">{contact.role ? t(`contactRoles.${contact.role}`) : ""}</span>
              </p>
            ))}
            {suggestedCompany ? <p className="mb-2 text-sm">{t("leadDetail.suggested", { name: suggestedCompany.name })}</p> : null}
            {canEdit ? <CompanyLinkForm companies={companies} companyId={suggestedCompany?.id ?? contacts[0]?.company.id ?? ""} /> : null}
          </Card>
          {canConvert ? (
            <Card data-convert>
              <CardTitle>{t("leadDetail.convert")}</CardTitle>
              <p className="mb-2 text-sm text-muted">{t("leadDetail.convertHint")}</p>
              <ConvertForm
                companies={companies}
                canCreateCompany={canCreateCompany}
                values={{
                  companyId: contacts[0]?.company.id ?? suggestedCompany?.id ?? "",
                  newCompanyName: lead.company ?? "",
                  role: contacts[0]?.role ?? "primary",
                  projectName: `${lead.company ?? lead.name ?? ""} — ${t(`leadTypes.${lead.leadType ?? "other"}`)}`,
                  projectType: conversion.projectType,
                  budget: lead.estimatedValue ?? "0",
                  startDate: conversion.startDate,
                  endDate: conversion.endDate,
                }}
              />
            </Card>
          ) : null}
          <Card>
            <CardTitle>{t("leadDetail.consent")}</CardTitle>
            <p className="text-sm">
              {lead.gdprConsent ? t("leadDetail.consentGiven", { date: formatDate(lead.consentDate, lng) }) : t("leadDetail.noConsent")}
            </p>
          </Card>
        </div>
      </div>
    </div>
  );
}

function PipelineForm({ lead, staff }: { lead: LoaderData["lead"]; staff: LoaderData["staff"] }) {
  const { t } = useTranslation();
  const err = useFieldErrors();
  const [form, fields] = useIntentForm("status", LeadStatusFormSchema, { status: lead.status, assignedTo: lead.assignedTo ?? "" });
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-2">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="version" value={new Date(lead.updatedAt).getTime()} />
      <SelectField
        label={t("leads.status")}
        errors={err(fields.status.errors)}
        options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leadStatuses.${s}`) }))}
        {...getSelectProps(fields.status)}
      />
      <SelectField
        label={t("leads.assignee")}
        errors={err(fields.assignedTo.errors)}
        options={[{ value: "", label: t("leads.unassigned") }, ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email }))]}
        {...getSelectProps(fields.assignedTo)}
      />
      <TextareaField
        className="sm:col-span-2"
        rows={2}
        label={t("leadDetail.statusNote")}
        errors={err(fields.notes.errors)}
        {...getTextareaProps(fields.notes)}
      />
      <div>
        <Button type="submit">{t("leadDetail.updateStatus")}</Button>
      </div>
    </Form>
  );
}

function DetailsForm({ lead, canEdit, isAdmin }: { lead: LoaderData["lead"]; canEdit: boolean; isAdmin: boolean }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const err = useFieldErrors();
  const [form, fields] = useIntentForm("edit", UpdateLeadSchema, {
    name: lead.name,
    company: lead.company,
    jobTitle: lead.jobTitle,
    email: lead.email,
    phone: lead.phone,
    leadType: lead.leadType ?? "other",
    priority: lead.priority,
    estimatedValue: lead.estimatedValue,
    expectedCloseDate: lead.expectedCloseDate ? new Date(lead.expectedCloseDate).toISOString().slice(0, 10) : "",
    notes: lead.notes,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-2">
      <input type="hidden" name="intent" value="edit" />
      <TextField
        label={t("contact.name")}
        disabled={!canEdit}
        errors={err(fields.name.errors)}
        {...getInputProps(fields.name, { type: "text" })}
      />
      <TextField
        label={t("leadDetail.company")}
        disabled={!canEdit}
        errors={err(fields.company.errors)}
        {...getInputProps(fields.company, { type: "text" })}
      />
      <TextField
        label={t("leadDetail.jobTitle")}
        disabled={!canEdit}
        errors={err(fields.jobTitle.errors)}
        {...getInputProps(fields.jobTitle, { type: "text" })}
      />
      {isAdmin ? (
        <>
          <TextField
            label={t("contact.email")}
            disabled={!canEdit}
            errors={err(fields.email.errors)}
            {...getInputProps(fields.email, { type: "email" })}
          />
          <TextField
            label={t("leadDetail.phone")}
            disabled={!canEdit}
            errors={err(fields.phone.errors)}
            {...getInputProps(fields.phone, { type: "tel" })}
          />
        </>
      ) : null}
      <SelectField
        label={t("contact.leadType")}
        disabled={!canEdit}
        options={LEAD_TYPES.map((v) => ({ value: v, label: t(`leadTypes.${v}`) }))}
        errors={err(fields.leadType.errors)}
        {...getSelectProps(fields.leadType)}
      />
      <SelectField
        label={t("leads.priority")}
        disabled={!canEdit}
        options={PRIORITIES.map((v) => ({ value: v, label: t(`priorities.${v}`) }))}
        errors={err(fields.priority.errors)}
        {...getSelectProps(fields.priority)}
      />
      <TextField
        label={t("leads.value")}
        inputMode="decimal"
        disabled={!canEdit}
        errors={err(fields.estimatedValue.errors)}
        hint={formatMoney(lead.estimatedValue, lng)}
        {...getInputProps(fields.estimatedValue, { type: "text" })}
      />
      <TextField
        label={t("leadDetail.expectedClose")}
        disabled={!canEdit}
        errors={err(fields.expectedCloseDate.errors)}
        {...getInputProps(fields.expectedCloseDate, { type: "date" })}
      />
      {isAdmin ? (
        <TextareaField
          className="sm:col-span-2"
          rows={3}
          label={t("leadDetail.notes")}
          disabled={!canEdit}
          errors={err(fields.notes.errors)}
          {...getTextareaProps(fields.notes)}
        />
      ) : (
        <p className="text-sm text-muted sm:col-span-2">{t("leadDetail.personalMasked")}</p>
      )}
      {canEdit ? (
        <div>
          <Button type="submit" variant="secondary">
            {t("account.save")}
          </Button>
        </div>
      ) : null}
    </Form>
  );
}

function NoteForm() {
  const { t } = useTranslation();
  const err = useFieldErrors();
  const [form, fields] = useIntentForm("note", NoteSchema);
  return (
    <Form method="post" {...getFormProps(form)} className="mb-4 flex flex-col gap-2">
      <input type="hidden" name="intent" value="note" />
      <TextareaField rows={2} label={t("leadDetail.addNote")} errors={err(fields.note.errors)} {...getTextareaProps(fields.note)} />
      <div>
        <Button type="submit" size="sm" variant="secondary">
          {t("leadDetail.addNoteButton")}
        </Button>
      </div>
    </Form>
  );
}

function CompanyLinkForm({ companies, companyId }: { companies: LoaderData["companies"]; companyId: string }) {
  const { t } = useTranslation();
  const err = useFieldErrors();
  const [form, fields] = useIntentForm("company", LinkCompanySchema, { companyId, role: "primary" });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-col gap-2">
      <input type="hidden" name="intent" value="company" />
      <SelectField
        label={t("leadDetail.company")}
        errors={err(fields.companyId.errors)}
        options={[{ value: "", label: "—" }, ...companies.map((c) => ({ value: c.id, label: c.name }))]}
        {...getSelectProps(fields.companyId)}
      />
      <SelectField
        label={t("leadDetail.contactRole")}
        errors={err(fields.role.errors)}
        options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
        {...getSelectProps(fields.role)}
      />
      <div>
        <Button type="submit" size="sm" variant="secondary">
          {t("leadDetail.link")}
        </Button>
      </div>
    </Form>
  );
}

function ConvertForm({
  companies,
  canCreateCompany,
  values,
}: {
  companies: LoaderData["companies"];
  canCreateCompany: boolean;
  values: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const err = useFieldErrors();
  const [form, fields] = useIntentForm("convert", ConvertLeadSchema, values);
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
      <input type="hidden" name="intent" value="convert" />
      <SelectField
        label={t("leadDetail.company")}
        errors={err(fields.companyId.errors)}
        options={[
          { value: "", label: canCreateCompany ? t("leadDetail.newCompany") : "—" },
          ...companies.map((c) => ({ value: c.id, label: c.name })),
        ]}
        {...getSelectProps(fields.companyId)}
      />
      {canCreateCompany ? (
        <TextField
          label={t("leadDetail.newCompanyName")}
          errors={err(fields.newCompanyName.errors)}
          {...getInputProps(fields.newCompanyName, { type: "text" })}
        />
      ) : null}
      <SelectField
        label={t("leadDetail.contactRole")}
        errors={err(fields.role.errors)}
        options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
        {...getSelectProps(fields.role)}
      />
      <TextField
        label={t("leadDetail.projectName")}
        errors={err(fields.projectName.errors)}
        {...getInputProps(fields.projectName, { type: "text" })}
      />
      <SelectField
        label={t("leadDetail.projectType")}
        errors={err(fields.projectType.errors)}
        options={PROJECT_TYPES.map((p) => ({ value: p, label: t(`projectTypes.${p}`) }))}
        {...getSelectProps(fields.projectType)}
      />
      <TextField
        label={t("leadDetail.budget")}
        inputMode="decimal"
        errors={err(fields.budget.errors)}
        {...getInputProps(fields.budget, { type: "text" })}
      />
      <div className="grid grid-cols-2 gap-2">
        <TextField
          label={t("leadDetail.start")}
          errors={err(fields.startDate.errors)}
          {...getInputProps(fields.startDate, { type: "date" })}
        />
        <TextField label={t("leadDetail.end")} errors={err(fields.endDate.errors)} {...getInputProps(fields.endDate, { type: "date" })} />
      </div>
      <div>
        <Button type="submit">{t("leadDetail.convertButton")}</Button>
      </div>
    </Form>
  );
}

/** Values for a timeline line: translated statuses; people as they are. */
function describe(metadata: unknown, t: (key: string) => string): Record<string, string> {
  if (!metadata || typeof metadata !== "object") return {};
  const m = metadata as Record<string, unknown>;
  const out: Record<string, string> = {};
  if (typeof m.from === "string" && typeof m.to === "string" && m.from in STATUS_TONE) {
    out.from = t(`leadStatuses.${m.from}`);
    out.to = t(`leadStatuses.${m.to}`);
  }
  if (Array.isArray(m.fields)) out.fields = m.fields.join(", ");
  out.fields ??= "—";
  out.from ??= "—";
  out.to ??= "—";
  return out;
}

function viaOf(metadata: unknown): string | null {
  return metadata && typeof metadata === "object" && "via" in metadata && typeof metadata.via === "string" ? metadata.via : null;
}

// Admin › Lead: the lead's fields (editable, with validation), its status and assignee, its inquiries, its
// company, and the timeline of everything that happened to it. Personal data is masked for non-admins.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Timeline } from "~/components/admin/timeline";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { formatDate, formatDateTime, formatMoney } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { messagesByField } from "~/lib/http";
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
  LinkCompanySchema,
  NoteSchema,
  PRIORITIES,
  UpdateLeadSchema,
  UpdateLeadStatusSchema,
} from "~/modules/leads/leads.schema";
import { PROJECT_TYPES } from "~/modules/projects/projects.schema";
import { updateLeadStatus } from "~/modules/leads/leads.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

const UUID = z.uuid();

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
  if (!UUID.safeParse(params.id).success) throw new Response("Not Found", { status: 404 });
  const detail = await getLeadDetail(params.id!, actor.role);
  if (!detail) throw new Response("Not Found", { status: 404 });
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

type Result = { intent: string; ok: boolean; fields?: Record<string, string[]>; message?: string };

const issues = (error: z.ZodError) => messagesByField(error.issues, "form");

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "update");
  if (!UUID.safeParse(params.id).success) throw new Response("Not Found", { status: 404 });
  const id = params.id!;
  const form = Object.fromEntries(await readForm(request));
  const intent = String(form.intent ?? "");
  const origin = requestOrigin(request);
  const empty = (value: unknown) => (value === "" ? undefined : value);
  const reply = (status: number, result: Result) => data(result, { status });

  switch (intent) {
    case "status": {
      const parsed = UpdateLeadStatusSchema.safeParse({
        status: form.status,
        notes: empty(form.notes),
        assignedTo: form.assignedTo === "" ? null : form.assignedTo,
      });
      if (!parsed.success) return reply(400, { intent, ok: false, fields: issues(parsed.error) });
      const result = await updateLeadStatus(id, parsed.data, {
        actor,
        origin,
        expectedVersion: form.version ? Number(form.version) : undefined,
      });
      if (result.ok) return reply(200, { intent, ok: true });
      if (result.code === "not_found") throw new Response("Not Found", { status: 404 });
      return reply(result.status, {
        intent,
        ok: false,
        message: result.code === "precondition_failed" ? "api.preconditionFailed" : "api.notStaff",
        fields: result.field ? { [result.field]: ["api.notStaff"] } : undefined,
      });
    }
    case "edit": {
      const input = Object.fromEntries(
        Object.entries(form)
          .filter(([key]) => key !== "intent")
          .map(([key, value]) => [key, empty(value)]),
      );
      const parsed = UpdateLeadSchema.safeParse(input);
      if (!parsed.success) return reply(400, { intent, ok: false, fields: issues(parsed.error) });
      const result = await updateLead(id, parsed.data, actor, origin);
      if (result.ok) return reply(200, { intent, ok: true });
      if (result.status === 404) throw new Response("Not Found", { status: 404 });
      return reply(result.status, {
        intent,
        ok: false,
        message: result.message,
        fields: result.field ? { [result.field]: [result.message] } : undefined,
      });
    }
    case "note": {
      const parsed = NoteSchema.safeParse({ note: form.note });
      if (!parsed.success) return reply(400, { intent, ok: false, fields: issues(parsed.error) });
      if (!(await addNote(id, parsed.data.note, actor))) throw new Response("Not Found", { status: 404 });
      return reply(200, { intent, ok: true });
    }
    case "company": {
      const parsed = LinkCompanySchema.safeParse({ companyId: form.companyId, role: form.role });
      if (!parsed.success) return reply(400, { intent, ok: false, fields: issues(parsed.error) });
      const result = await linkCompany(id, parsed.data.companyId, parsed.data.role, actor, origin);
      if (result.ok) return reply(200, { intent, ok: true });
      return reply(result.status, {
        intent,
        ok: false,
        fields: result.field ? { [result.field]: [result.message] } : undefined,
        message: result.message,
      });
    }
    case "convert": {
      await requirePermission(request, "projects", "create");
      const parsed = ConvertLeadSchema.safeParse(form);
      if (!parsed.success) return reply(400, { intent, ok: false, fields: issues(parsed.error) });
      const result = await convertLead(id, parsed.data, actor, origin);
      if (result.ok) return redirect(`/admin/projects/${result.projectId}`);
      if (result.status === 404 && !result.field) throw new Response("Not Found", { status: 404 });
      return reply(result.status, {
        intent,
        ok: false,
        message: result.message,
        fields: result.field ? { [result.field]: [result.message] } : undefined,
      });
    }
    default:
      return reply(400, { intent, ok: false, message: "account.unknownAction" });
  }
}

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
  const idle = navigation.state === "idle";
  const errorsFor = (intent: string) => (name: string) =>
    result && !result.ok && result.intent === intent ? result.fields?.[name]?.map((m) => translateError(t, m)) : undefined;
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

      {result && idle ? (
        <Alert tone={result.ok ? "success" : "error"}>
          {result.ok ? t("leadDetail.saved") : t(result.message ?? "leadDetail.checkFields")}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          {canEdit ? (
            <Card>
              <CardTitle>{t("leadDetail.pipeline")}</CardTitle>
              <Form method="post" className="grid gap-2 sm:grid-cols-2">
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="version" value={new Date(lead.updatedAt).getTime()} />
                <SelectField
                  label={t("leads.status")}
                  name="status"
                  defaultValue={lead.status}
                  errors={errorsFor("status")("status")}
                  options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leadStatuses.${s}`) }))}
                />
                <SelectField
                  label={t("leads.assignee")}
                  name="assignedTo"
                  defaultValue={lead.assignedTo ?? ""}
                  errors={errorsFor("status")("assignedTo")}
                  options={[{ value: "", label: t("leads.unassigned") }, ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email }))]}
                />
                <TextareaField
                  className="sm:col-span-2"
                  rows={2}
                  label={t("leadDetail.statusNote")}
                  name="notes"
                  errors={errorsFor("status")("notes")}
                />
                <div>
                  <Button type="submit">{t("leadDetail.updateStatus")}</Button>
                </div>
              </Form>
            </Card>
          ) : null}

          <Card>
            <CardTitle>{t("leadDetail.details")}</CardTitle>
            <Form method="post" className="grid gap-2 sm:grid-cols-2" key={String(lead.updatedAt)}>
              <input type="hidden" name="intent" value="edit" />
              <TextField
                label={t("contact.name")}
                name="name"
                defaultValue={lead.name ?? ""}
                maxLength={100}
                disabled={!canEdit}
                errors={errorsFor("edit")("name")}
              />
              <TextField
                label={t("leadDetail.company")}
                name="company"
                defaultValue={lead.company ?? ""}
                maxLength={200}
                disabled={!canEdit}
                errors={errorsFor("edit")("company")}
              />
              <TextField
                label={t("leadDetail.jobTitle")}
                name="jobTitle"
                defaultValue={lead.jobTitle ?? ""}
                maxLength={100}
                disabled={!canEdit}
                errors={errorsFor("edit")("jobTitle")}
              />
              {isAdmin ? (
                <>
                  <TextField
                    label={t("contact.email")}
                    name="email"
                    type="email"
                    defaultValue={lead.email}
                    disabled={!canEdit}
                    errors={errorsFor("edit")("email")}
                  />
                  <TextField
                    label={t("leadDetail.phone")}
                    name="phone"
                    type="tel"
                    defaultValue={lead.phone ?? ""}
                    disabled={!canEdit}
                    errors={errorsFor("edit")("phone")}
                  />
                </>
              ) : null}
              <SelectField
                label={t("contact.leadType")}
                name="leadType"
                defaultValue={lead.leadType ?? "other"}
                disabled={!canEdit}
                options={LEAD_TYPES.map((v) => ({ value: v, label: t(`leadTypes.${v}`) }))}
                errors={errorsFor("edit")("leadType")}
              />
              <SelectField
                label={t("leads.priority")}
                name="priority"
                defaultValue={lead.priority}
                disabled={!canEdit}
                options={PRIORITIES.map((v) => ({ value: v, label: t(`priorities.${v}`) }))}
                errors={errorsFor("edit")("priority")}
              />
              <TextField
                label={t("leads.value")}
                name="estimatedValue"
                inputMode="decimal"
                defaultValue={lead.estimatedValue ?? ""}
                disabled={!canEdit}
                errors={errorsFor("edit")("estimatedValue")}
                hint={formatMoney(lead.estimatedValue, lng)}
              />
              <TextField
                label={t("leadDetail.expectedClose")}
                name="expectedCloseDate"
                type="date"
                defaultValue={lead.expectedCloseDate ? new Date(lead.expectedCloseDate).toISOString().slice(0, 10) : ""}
                disabled={!canEdit}
                errors={errorsFor("edit")("expectedCloseDate")}
              />
              {isAdmin ? (
                <TextareaField
                  className="sm:col-span-2"
                  rows={3}
                  label={t("leadDetail.notes")}
                  name="notes"
                  defaultValue={lead.notes ?? ""}
                  disabled={!canEdit}
                  errors={errorsFor("edit")("notes")}
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
          </Card>

          <Card>
            <CardTitle>{t("leadDetail.timeline")}</CardTitle>
            {canEdit ? (
              <Form method="post" className="mb-4 flex flex-col gap-2">
                <input type="hidden" name="intent" value="note" />
                <TextareaField
                  rows={2}
                  label={t("leadDetail.addNote")}
                  name="note"
                  required
                  maxLength={5000}
                  errors={errorsFor("note")("note")}
                />
                <div>
                  <Button type="submit" size="sm" variant="secondary">
                    {t("leadDetail.addNoteButton")}
                  </Button>
                </div>
              </Form>
            ) : null}
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
            {canEdit ? (
              <Form method="post" className="mt-2 flex flex-col gap-2">
                <input type="hidden" name="intent" value="company" />
                <SelectField
                  label={t("leadDetail.company")}
                  name="companyId"
                  defaultValue={suggestedCompany?.id ?? contacts[0]?.company.id ?? ""}
                  errors={errorsFor("company")("companyId")}
                  options={[{ value: "", label: "—" }, ...companies.map((c) => ({ value: c.id, label: c.name }))]}
                />
                <SelectField
                  label={t("leadDetail.contactRole")}
                  name="role"
                  defaultValue="primary"
                  errors={errorsFor("company")("role")}
                  options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
                />
                <div>
                  <Button type="submit" size="sm" variant="secondary">
                    {t("leadDetail.link")}
                  </Button>
                </div>
              </Form>
            ) : null}
          </Card>
          {canConvert ? (
            <Card data-convert>
              <CardTitle>{t("leadDetail.convert")}</CardTitle>
              <p className="mb-2 text-sm text-muted">{t("leadDetail.convertHint")}</p>
              <Form method="post" className="flex flex-col gap-2">
                <input type="hidden" name="intent" value="convert" />
                <SelectField
                  label={t("leadDetail.company")}
                  name="companyId"
                  defaultValue={contacts[0]?.company.id ?? suggestedCompany?.id ?? ""}
                  errors={errorsFor("convert")("companyId")}
                  options={[
                    { value: "", label: canCreateCompany ? t("leadDetail.newCompany") : "—" },
                    ...companies.map((c) => ({ value: c.id, label: c.name })),
                  ]}
                />
                {canCreateCompany ? (
                  <TextField
                    label={t("leadDetail.newCompanyName")}
                    name="newCompanyName"
                    defaultValue={lead.company ?? ""}
                    maxLength={200}
                    errors={errorsFor("convert")("newCompanyName")}
                  />
                ) : null}
                <SelectField
                  label={t("leadDetail.contactRole")}
                  name="role"
                  defaultValue={contacts[0]?.role ?? "primary"}
                  options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
                />
                <TextField
                  label={t("leadDetail.projectName")}
                  name="projectName"
                  required
                  maxLength={200}
                  defaultValue={`${lead.company ?? lead.name ?? ""} — ${t(`leadTypes.${lead.leadType ?? "other"}`)}`}
                  errors={errorsFor("convert")("projectName")}
                />
                <SelectField
                  label={t("leadDetail.projectType")}
                  name="projectType"
                  defaultValue={conversion.projectType}
                  options={PROJECT_TYPES.map((p) => ({ value: p, label: t(`projectTypes.${p}`) }))}
                />
                <TextField
                  label={t("leadDetail.budget")}
                  name="budget"
                  inputMode="decimal"
                  defaultValue={lead.estimatedValue ?? "0"}
                  errors={errorsFor("convert")("budget")}
                />
                <div className="grid grid-cols-2 gap-2">
                  <TextField
                    label={t("leadDetail.start")}
                    name="startDate"
                    type="date"
                    defaultValue={conversion.startDate}
                    errors={errorsFor("convert")("startDate")}
                  />
                  <TextField
                    label={t("leadDetail.end")}
                    name="endDate"
                    type="date"
                    defaultValue={conversion.endDate}
                    errors={errorsFor("convert")("endDate")}
                  />
                </div>
                <div>
                  <Button type="submit">{t("leadDetail.convertButton")}</Button>
                </div>
              </Form>
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

// Admin › Leads: every lead of both sites, filtered, sorted and paged by the URL (so a view can be bookmarked
// and shared), with saved views per user. Personal data is masked for roles other than ADMIN.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssigneeFilter, FilterInput, FilterSelect, SiteFilter } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { AssigneeCell, RecordTable } from "~/components/admin/record-table";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { formatDate, formatMoney } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { readListQuery } from "~/lib/list";
import { replyInvalid } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { SaveViewSchema } from "~/modules/admin/saved-views.schema";
import { deleteView, listSavedViews, saveView, viewQuery } from "~/modules/admin/saved-views.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { LeadListQuerySchema, LEAD_SORTS, LEAD_STATUSES, PRIORITIES } from "~/modules/leads/leads.schema";
import { listLeads } from "~/modules/leads/leads.server";
import { PRIORITY_TONE, STATUS_TONE } from "~/modules/leads/lead-display";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";

const PAGE_SIZE = 50;
const FILTER_KEYS = ["status", "character", "priority", "source", "assignee", "q", "from", "to", "sort"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "read");
  const { query, fields } = readListQuery(request, LeadListQuerySchema, { limit: String(PAGE_SIZE) });
  const [staff, views] = await Promise.all([listStaff(), listSavedViews(actor.id, "leads")]);
  const common = {
    staff,
    views,
    sources: [...context.registry.leadSources.values()].map(({ key, label }) => ({ key, label })),
    role: actor.role,
    canImport: can(actor.role, "leads", "create"),
  };
  if (!query) return data({ ...common, list: null, fields }, { status: 400 });
  return { ...common, list: await listLeads(query, actor), fields };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "read");
  const form = await readForm(request);
  const search = new URL(request.url).search;
  if (form.get("intent") === "delete-view") {
    await deleteView(actor.id, String(form.get("id") ?? ""));
    return redirect(`/admin/leads${search}`);
  }
  // A saved view: its name from the form, its query from the list's URL (the filters, not the page).
  form.set("query", viewQuery(search, FILTER_KEYS));
  const submission = parseWithZod(form, { schema: SaveViewSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  await saveView(actor.id, "leads", submission.value.name, submission.value.query);
  return redirect(`/admin/leads${search}`);
}

export default function AdminLeads() {
  const { list, fields, staff, views, sources, canImport } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const navigation = useNavigation();
  const [viewForm, viewFields] = useForm({
    id: "save-view",
    lastResult: navigation.state === "idle" ? saved?.result : undefined,
    constraint: getZodConstraint(SaveViewSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SaveViewSchema }),
    shouldValidate: "onSubmit",
  });
  const [params] = useSearchParams();
  const location = useLocation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const current = params.toString();
  const select = "rounded-brand border border-border bg-surface px-2 py-1.5";

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-black">{t("admin.leads")}</h1>
        <div className="flex gap-2">
          <a href={`/admin/leads/export.csv${location.search}`} className={buttonClasses({ variant: "secondary", size: "sm" })} data-export>
            {t("leads.exportCsv")}
          </a>
          {canImport ? (
            <Link to="/admin/leads/import" className={buttonClasses({ variant: "secondary", size: "sm" })}>
              {t("leads.importCsv")}
            </Link>
          ) : null}
          <Link to={`/admin/leads/board${location.search}`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
            {t("leads.board")}
          </Link>
        </div>
      </div>

      {views.length ? (
        <nav aria-label={t("leads.savedViews")} className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted">{t("leads.savedViews")}:</span>
          {views.map((view) => (
            <span key={view.id} className="flex items-center gap-1">
              <Link
                to={`?${view.query}`}
                className={buttonClasses({ variant: view.query === current ? "primary" : "secondary", size: "sm" })}
                data-view={view.name}
              >
                {view.name}
              </Link>
              <Form method="post">
                <input type="hidden" name="intent" value="delete-view" />
                <input type="hidden" name="id" value={view.id} />
                <button
                  type="submit"
                  className="px-1 text-muted hover:text-red-700"
                  aria-label={t("leads.deleteView", { name: view.name })}
                >
                  ×
                </button>
              </Form>
            </span>
          ))}
        </nav>
      ) : null}

      <FilterBar
        resetTo="/admin/leads"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        actionsClassName="sm:col-span-2 lg:col-span-3"
        errors={fields ?? undefined}
        errorLabel={(name) => t(`leads.${name}`, { defaultValue: name })}
      >
        <FilterInput
          name="q"
          type="search"
          maxLength={100}
          label={t("leads.search")}
          invalid={Boolean(fields?.q)}
          className="lg:col-span-2"
        />
        <FilterSelect
          name="status"
          label={t("leads.status")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields?.status)}
          options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leadStatuses.${s}`) }))}
        />
        <SiteFilter invalid={Boolean(fields?.character)} />
        <FilterSelect
          name="priority"
          label={t("leads.priority")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields?.priority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))}
        />
        <FilterSelect
          name="source"
          label={t("leads.source")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields?.source)}
          options={sources.map((s) => ({ value: s.key, label: s.label[lng] }))}
        />
        <AssigneeFilter staff={staff} invalid={Boolean(fields?.assignee)} />
        <FilterInput name="from" type="date" label={t("leads.from")} invalid={Boolean(fields?.from)} />
        <FilterInput name="to" type="date" label={t("leads.to")} invalid={Boolean(fields?.to)} />
        <label className="flex flex-col gap-1 text-sm font-semibold">
          {t("leads.sort")}
          <select name="sort" defaultValue={params.get("sort") ?? "newest"} className={select}>
            {LEAD_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`leads.sorts.${sort}`)}
              </option>
            ))}
          </select>
        </label>
      </FilterBar>

      <Form method="post" {...getFormProps(viewForm)} className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col gap-1 font-semibold">
          {t("leads.saveViewAs")}
          <input {...getInputProps(viewFields.name, { type: "text" })} className={select} placeholder={t("leads.viewNamePlaceholder")} />
        </label>
        <Button type="submit" variant="secondary" size="sm">
          {t("leads.saveView")}
        </Button>
        {viewFields.name.errors ? (
          <p id={viewFields.name.errorId} className="text-red-700">
            {viewFields.name.errors.map((m) => translateError(t, m)).join(" ")}
          </p>
        ) : null}
      </Form>

      {list ? (
        <RecordTable
          caption={t("admin.leads")}
          rows={list.items}
          rowData="lead"
          title={{
            header: t("leads.lead"),
            href: (lead) => `/admin/leads/${lead.id}`,
            label: (lead) => lead.name ?? lead.email,
            detail: (lead) => [lead.company, lead.email].filter(Boolean).join(" · "),
          }}
          columns={[
            {
              header: t("leads.status"),
              cell: (lead) => <Badge tone={STATUS_TONE[lead.status]}>{t(`leadStatuses.${lead.status}`)}</Badge>,
            },
            {
              header: t("leads.priority"),
              cell: (lead) => <Badge tone={PRIORITY_TONE[lead.priority]}>{t(`priorities.${lead.priority}`)}</Badge>,
            },
            {
              header: t("leads.site"),
              className: "whitespace-nowrap",
              cell: (lead) => (lead.sourceDomain === "aoba-nekosora.com" ? t("account.sites.aoba") : t("account.sites.yuya")),
            },
            {
              header: t("leads.value"),
              headerClassName: "text-right",
              className: "whitespace-nowrap text-right tabular-nums",
              cell: (lead) => formatMoney(lead.estimatedValue, lng),
            },
            { header: t("leads.assignee"), cell: (lead) => <AssigneeCell assignee={lead.assignee} /> },
            { header: t("leads.created"), className: "whitespace-nowrap", cell: (lead) => formatDate(lead.createdAt, lng) },
          ]}
          empty={t("leads.none")}
          page={list}
        />
      ) : null}
    </div>
  );
}

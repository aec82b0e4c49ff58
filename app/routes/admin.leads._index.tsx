// Admin › Leads: every lead of both sites, filtered, sorted and paged by the URL (so a view can be bookmarked
// and shared), with saved views per user. Personal data is masked for roles other than ADMIN.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssigneeFilter, FilterInput, FilterSelect, SiteFilter } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDate, formatMoney } from "~/lib/format";
import { requireAdminHost } from "~/lib/site.server";
import { deleteView, listSavedViews, saveView, SaveViewSchema, viewQuery } from "~/modules/admin/saved-views.server";
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
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const [staff, views] = await Promise.all([listStaff(), listSavedViews(actor.id, "leads")]);
  const common = {
    staff,
    views,
    sources: [...context.registry.leadSources.values()].map(({ key, label }) => ({ key, label })),
    role: actor.role,
    canImport: can(actor.role, "leads", "create"),
  };
  const parsed = LeadListQuerySchema.safeParse({ limit: String(PAGE_SIZE), ...params });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "q"), issue.message]));
    return data({ ...common, list: null, fields }, { status: 400 });
  }
  return { ...common, list: await listLeads(parsed.data, actor), fields: {} as Record<string, string> };
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
  const parsed = SaveViewSchema.safeParse({ name: form.get("name"), query: viewQuery(search, FILTER_KEYS) });
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  await saveView(actor.id, "leads", parsed.data.name, parsed.data.query);
  return redirect(`/admin/leads${search}`);
}

export default function AdminLeads() {
  const { list, fields, staff, views, sources, canImport } = useLoaderData<typeof loader>();
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
        errors={fields}
        errorLabel={(name) => t(`leads.${name}`, { defaultValue: name })}
      >
        <FilterInput
          name="q"
          type="search"
          maxLength={100}
          label={t("leads.search")}
          invalid={Boolean(fields.q)}
          className="lg:col-span-2"
        />
        <FilterSelect
          name="status"
          label={t("leads.status")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.status)}
          options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leadStatuses.${s}`) }))}
        />
        <SiteFilter invalid={Boolean(fields.character)} />
        <FilterSelect
          name="priority"
          label={t("leads.priority")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.priority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))}
        />
        <FilterSelect
          name="source"
          label={t("leads.source")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.source)}
          options={sources.map((s) => ({ value: s.key, label: s.label[lng] }))}
        />
        <AssigneeFilter staff={staff} invalid={Boolean(fields.assignee)} />
        <FilterInput name="from" type="date" label={t("leads.from")} invalid={Boolean(fields.from)} />
        <FilterInput name="to" type="date" label={t("leads.to")} invalid={Boolean(fields.to)} />
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

      <Form method="post" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col gap-1 font-semibold">
          {t("leads.saveViewAs")}
          <input name="name" required maxLength={100} className={select} placeholder={t("leads.viewNamePlaceholder")} />
        </label>
        <Button type="submit" variant="secondary" size="sm">
          {t("leads.saveView")}
        </Button>
      </Form>

      {list ? (
        <>
          <Table caption={t("admin.leads")}>
            <thead>
              <tr>
                <Th>{t("leads.lead")}</Th>
                <Th>{t("leads.status")}</Th>
                <Th>{t("leads.priority")}</Th>
                <Th>{t("leads.site")}</Th>
                <Th className="text-right">{t("leads.value")}</Th>
                <Th>{t("leads.assignee")}</Th>
                <Th>{t("leads.created")}</Th>
              </tr>
            </thead>
            <tbody>
              {list.leads.map((lead) => (
                <Tr key={lead.id} data-lead={lead.id}>
                  <Td>
                    <Link to={`/admin/leads/${lead.id}`} className="font-semibold text-primary hover:underline">
                      {lead.name ?? lead.email}
                    </Link>
                    <div className="text-xs text-muted">{[lead.company, lead.email].filter(Boolean).join(" · ")}</div>
                  </Td>
                  <Td>
                    <Badge tone={STATUS_TONE[lead.status]}>{t(`leadStatuses.${lead.status}`)}</Badge>
                  </Td>
                  <Td>
                    <Badge tone={PRIORITY_TONE[lead.priority]}>{t(`priorities.${lead.priority}`)}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {lead.sourceDomain === "aoba-nekosora.com" ? t("account.sites.aoba") : t("account.sites.yuya")}
                  </Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">{formatMoney(lead.estimatedValue, lng)}</Td>
                  <Td>
                    {lead.assignee ? (
                      (lead.assignee.name ?? lead.assignee.email)
                    ) : (
                      <span className="text-muted">{t("leads.unassigned")}</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDate(lead.createdAt, lng)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          {list.leads.length === 0 ? <p className="text-center text-muted">{t("leads.none")}</p> : null}
          <Pagination page={list.pagination.page} totalPages={list.pagination.totalPages} total={list.pagination.total} />
        </>
      ) : null}
    </div>
  );
}

// Admin › Inquiries: the support inbox of both sites, filtered by the URL, with each inquiry's SLA: time left
// to the first response, or a breach badge when it came (or is) late.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssigneeFilter, FilterSelect, SiteFilter } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { AssigneeCell, RecordTable } from "~/components/admin/record-table";
import { Badge } from "~/components/ui/badge";
import { formatDateTime } from "~/lib/format";
import { readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { listInbox } from "~/modules/inquiries/inbox.server";
import { ALL_INQUIRY_TYPES, INQUIRY_STATUSES, InboxQuerySchema } from "~/modules/inquiries/inquiries.schema";
import { PRIORITY_TONE } from "~/modules/leads/lead-display";
import { PRIORITIES } from "~/modules/leads/leads.schema";
import { SlaBadge } from "~/modules/inquiries/sla-badge";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "inquiries", "read");
  const { query, fields } = readListQuery(request, InboxQuerySchema);
  const staff = await listStaff();
  if (!query) return data({ staff, list: null, fields, now: new Date() }, { status: 400 });
  return { staff, list: await listInbox(query, actor), fields, now: new Date() };
}

export default function Inbox() {
  const { staff, list, fields, now } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();

  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-black">{t("admin.inquiries")}</h1>
      <FilterBar resetTo="/admin/inquiries" className="flex flex-wrap items-end gap-3 text-sm" errors={fields ?? undefined}>
        <FilterSelect
          name="status"
          label={t("leads.status")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields?.status)}
          options={INQUIRY_STATUSES.map((s) => ({ value: s, label: t(`inquiryStatuses.${s}`) }))}
        />
        <FilterSelect
          name="priority"
          label={t("leads.priority")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields?.priority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))}
        />
        <FilterSelect
          name="type"
          label={t("contact.type")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields?.type)}
          options={ALL_INQUIRY_TYPES.map((type) => ({ value: type, label: t(`inquiryTypes.${type}`) }))}
        />
        <SiteFilter invalid={Boolean(fields?.character)} />
        <AssigneeFilter staff={staff} invalid={Boolean(fields?.assignee)} />
        <label className="flex items-center gap-2 font-semibold">
          <input type="checkbox" name="breached" value="1" defaultChecked={params.get("breached") === "1"} />
          {t("inbox.breachedOnly")}
        </label>
      </FilterBar>
      {list ? (
        <RecordTable
          caption={t("admin.inquiries")}
          rows={list.items}
          rowData="inquiry"
          title={{
            header: t("inbox.subject"),
            href: (inquiry) => `/admin/inquiries/${inquiry.id}`,
            label: (inquiry) => inquiry.subject,
            detail: (inquiry) =>
              [inquiry.lead?.name, inquiry.lead?.email, t(`inquiryTypes.${inquiry.inquiryType ?? "general"}`)].filter(Boolean).join(" · "),
          }}
          columns={[
            { header: t("leads.status"), cell: (inquiry) => <Badge>{t(`inquiryStatuses.${inquiry.status}`)}</Badge> },
            {
              header: t("leads.priority"),
              cell: (inquiry) => <Badge tone={PRIORITY_TONE[inquiry.priority]}>{t(`priorities.${inquiry.priority}`)}</Badge>,
            },
            {
              header: t("inbox.sla"),
              cell: (inquiry) => <SlaBadge sla={inquiry.sla} answeredAt={inquiry.firstResponseAt} status={inquiry.status} now={now} />,
            },
            { header: t("leads.assignee"), cell: (inquiry) => <AssigneeCell assignee={inquiry.assignee} /> },
            { header: t("inbox.received"), className: "whitespace-nowrap", cell: (inquiry) => formatDateTime(inquiry.createdAt, lng) },
          ]}
          empty={t("inbox.none")}
          page={list}
        />
      ) : null}
    </div>
  );
}

// Admin › Inquiries: the support inbox of both sites, filtered by the URL, with each inquiry's SLA: time left
// to the first response, or a breach badge when it came (or is) late.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssigneeFilter, FilterSelect, SiteFilter } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Badge } from "~/components/ui/badge";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDateTime } from "~/lib/format";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { InboxQuery, listInbox } from "~/modules/inquiries/inbox.server";
import { ALL_INQUIRY_TYPES, INQUIRY_STATUSES } from "~/modules/inquiries/inquiries.schema";
import { PRIORITY_TONE } from "~/modules/leads/lead-display";
import { PRIORITIES } from "~/modules/leads/leads.schema";
import { SlaBadge } from "~/modules/inquiries/sla-badge";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "inquiries", "read");
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const staff = await listStaff();
  const parsed = InboxQuery.safeParse(params);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return data({ staff, list: null, page: 1, fields, now: new Date() }, { status: 400 });
  }
  return {
    staff,
    list: await listInbox(parsed.data, actor),
    page: parsed.data.page,
    fields: {} as Record<string, string>,
    now: new Date(),
  };
}

export default function Inbox() {
  const { staff, list, page, fields, now } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();

  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-black">{t("admin.inquiries")}</h1>
      <FilterBar resetTo="/admin/inquiries" className="flex flex-wrap items-end gap-3 text-sm" errors={fields}>
        <FilterSelect
          name="status"
          label={t("leads.status")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.status)}
          options={INQUIRY_STATUSES.map((s) => ({ value: s, label: t(`inquiryStatuses.${s}`) }))}
        />
        <FilterSelect
          name="priority"
          label={t("leads.priority")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.priority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))}
        />
        <FilterSelect
          name="type"
          label={t("contact.type")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.type)}
          options={ALL_INQUIRY_TYPES.map((type) => ({ value: type, label: t(`inquiryTypes.${type}`) }))}
        />
        <SiteFilter invalid={Boolean(fields.character)} />
        <AssigneeFilter staff={staff} invalid={Boolean(fields.assignee)} />
        <label className="flex items-center gap-2 font-semibold">
          <input type="checkbox" name="breached" value="1" defaultChecked={params.get("breached") === "1"} />
          {t("inbox.breachedOnly")}
        </label>
      </FilterBar>
      {list ? (
        <>
          <Table caption={t("admin.inquiries")}>
            <thead>
              <tr>
                <Th>{t("inbox.subject")}</Th>
                <Th>{t("leads.status")}</Th>
                <Th>{t("leads.priority")}</Th>
                <Th>{t("inbox.sla")}</Th>
                <Th>{t("leads.assignee")}</Th>
                <Th>{t("inbox.received")}</Th>
              </tr>
            </thead>
            <tbody>
              {list.inquiries.map((inquiry) => (
                <Tr key={inquiry.id} data-inquiry={inquiry.id}>
                  <Td>
                    <Link to={`/admin/inquiries/${inquiry.id}`} className="font-semibold text-primary hover:underline">
                      {inquiry.subject}
                    </Link>
                    <div className="text-xs text-muted">
                      {[inquiry.lead?.name, inquiry.lead?.email, t(`inquiryTypes.${inquiry.inquiryType ?? "general"}`)]
                        .filter(Boolean)
                        .join(" · ")}
                    </div>
                  </Td>
                  <Td>
                    <Badge>{t(`inquiryStatuses.${inquiry.status}`)}</Badge>
                  </Td>
                  <Td>
                    <Badge tone={PRIORITY_TONE[inquiry.priority]}>{t(`priorities.${inquiry.priority}`)}</Badge>
                  </Td>
                  <Td>
                    <SlaBadge sla={inquiry.sla} answeredAt={inquiry.firstResponseAt} status={inquiry.status} now={now} />
                  </Td>
                  <Td>
                    {inquiry.assignee ? (
                      (inquiry.assignee.name ?? inquiry.assignee.email)
                    ) : (
                      <span className="text-muted">{t("leads.unassigned")}</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(inquiry.createdAt, lng)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          {list.inquiries.length === 0 ? <p className="text-center text-muted">{t("inbox.none")}</p> : null}
          <Pagination page={page} totalPages={list.totalPages} total={list.total} />
        </>
      ) : null}
    </div>
  );
}

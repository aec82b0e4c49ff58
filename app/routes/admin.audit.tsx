// Admin › Audit log: who changed what, when, from where, and whether it worked; filterable and read-only
// (the database itself refuses edits and deletes of audit rows).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { cn } from "~/components/ui/cn";
import { formatDateTime } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { AuditFilters, listAudit } from "~/modules/audit/audit.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { useLanguage } from "~/lib/use-language";

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "audit_logs", "read");
  // Blank filters are absent; a value that does not parse is 400 with the message beside its filter.
  const { query, fields } = readListQuery(request, AuditFilters);
  if (!query) return data({ list: null, fields }, { status: 400 });
  return { list: await listAudit({ ...query, pageSize: PAGE_SIZE }), fields };
}

const FILTERS = [
  { name: "resource", type: "text", max: 100 },
  { name: "action", type: "text", max: 50 },
  { name: "user", type: "search", max: 255 },
  { name: "from", type: "date" },
  { name: "to", type: "date" },
] as const;

export default function AdminAudit() {
  const { list, fields: refused } = useLoaderData<typeof loader>();
  const rows = list?.items ?? [];
  const fields: Record<string, string[] | undefined> = refused ?? {};
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();
  const control = (invalid: boolean) =>
    cn("rounded-brand border bg-surface px-3 py-2 font-normal", invalid ? "border-red-600" : "border-border");

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("admin.audit")}</h1>
        <p className="mt-1 text-muted">{t("audit.intro")}</p>
      </div>
      <Form method="get" className="flex flex-wrap items-start gap-3" role="search">
        {FILTERS.map((filter) => (
          <div key={filter.name} className="flex flex-col gap-1 text-sm font-semibold">
            <label htmlFor={`audit-${filter.name}`}>{t(`audit.${filter.name}`)}</label>
            <input
              id={`audit-${filter.name}`}
              name={filter.name}
              type={filter.type}
              maxLength={"max" in filter ? filter.max : undefined}
              defaultValue={params.get(filter.name) ?? ""}
              aria-invalid={Boolean(fields[filter.name]) || undefined}
              aria-describedby={fields[filter.name] ? `audit-${filter.name}-error` : undefined}
              className={control(Boolean(fields[filter.name]))}
            />
            {fields[filter.name] ? (
              <span id={`audit-${filter.name}-error`} role="alert" className="font-normal text-red-700">
                {translateError(t, fields[filter.name]![0]!)}
              </span>
            ) : null}
          </div>
        ))}
        <div className="flex flex-col gap-1 text-sm font-semibold">
          <label htmlFor="audit-status">{t("audit.status")}</label>
          <select
            id="audit-status"
            name="status"
            defaultValue={params.get("status") ?? ""}
            aria-invalid={Boolean(fields.status) || undefined}
            aria-describedby={fields.status ? "audit-status-error" : undefined}
            className={control(Boolean(fields.status))}
          >
            <option value="">{t("audit.any")}</option>
            <option value="success">{t("audit.success")}</option>
            <option value="failure">{t("audit.failure")}</option>
          </select>
          {fields.status ? (
            <span id="audit-status-error" role="alert" className="font-normal text-red-700">
              {translateError(t, fields.status[0]!)}
            </span>
          ) : null}
        </div>
        <Button type="submit" variant="secondary" className="mt-6">
          {t("audit.filter")}
        </Button>
      </Form>
      <Table caption={t("admin.audit")}>
        <thead>
          <tr>
            <Th>{t("audit.when")}</Th>
            <Th>{t("audit.user")}</Th>
            <Th>{t("audit.action")}</Th>
            <Th>{t("audit.resource")}</Th>
            <Th>{t("audit.status")}</Th>
            <Th>{t("audit.origin")}</Th>
            <Th>{t("audit.changes")}</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Tr key={row.id} data-audit={row.action}>
              <Td className="whitespace-nowrap">{formatDateTime(row.createdAt, lng)}</Td>
              <Td>
                {row.user ? (
                  <span title={row.user.name ?? undefined}>{row.user.email}</span>
                ) : (
                  <span className="text-muted">{t("audit.anonymous")}</span>
                )}
              </Td>
              <Td className="font-mono">{row.action}</Td>
              <Td>
                <span className="font-mono">{row.resource}</span>
                {row.resourceId ? (
                  <div className="max-w-[14rem] truncate font-mono text-xs text-muted" title={row.resourceId}>
                    {row.resourceId}
                  </div>
                ) : null}
              </Td>
              <Td>
                {row.status === "success" ? (
                  <Badge tone="success">{t("audit.success")}</Badge>
                ) : (
                  <Badge tone="danger">{t("audit.failure")}</Badge>
                )}
              </Td>
              <Td className="text-xs text-muted">
                <div>{row.ipAddress ?? "—"}</div>
                <div className="max-w-[12rem] truncate" title={row.userAgent ?? undefined}>
                  {row.userAgent}
                </div>
              </Td>
              <Td>
                {row.changes ? (
                  <details>
                    <summary className="cursor-pointer text-primary">{t("audit.show")}</summary>
                    <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded-brand bg-background p-2 text-xs">
                      {JSON.stringify(row.changes, null, 2)}
                    </pre>
                  </details>
                ) : (
                  "—"
                )}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {rows.length === 0 ? <p className="text-center text-muted">{t("audit.none")}</p> : null}
      {list ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
    </div>
  );
}

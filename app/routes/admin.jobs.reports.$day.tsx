// Admin › Jobs › Daily report of one day: per site, the leads, inquiries and SLA breaches, orders and revenue.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatMoney } from "~/lib/format";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { REPORT_SITES } from "~/modules/ops/daily-report.server";
import { dailyReport } from "~/modules/ops/jobs-view.server";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "jobs", "read");
  const day = params.day ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new Response("Not Found", { status: 404 });
  const report = await dailyReport(day);
  if (!report) throw new Response("Not Found", { status: 404 });
  return { report, sites: REPORT_SITES };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.report.day ?? ""} — Kizuna` }];

export default function DailyReportPage() {
  const { report, sites } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Link to="/admin/jobs" className="text-sm text-primary hover:underline">
          ← {t("admin.jobs")}
        </Link>
        <h1 className="mt-1 text-2xl font-black">{t("jobs.reportOf", { day: report.day })}</h1>
      </div>
      <Table caption={t("jobs.reportOf", { day: report.day })}>
        <thead>
          <tr>
            <Th>{t("leads.site")}</Th>
            <Th className="text-right">{t("admin.leads")}</Th>
            <Th className="text-right">{t("jobs.leadValue")}</Th>
            <Th className="text-right">{t("admin.inquiries")}</Th>
            <Th className="text-right">{t("jobs.slaBreaches")}</Th>
            <Th className="text-right">{t("admin.orders")}</Th>
            <Th className="text-right">{t("jobs.revenue")}</Th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => {
            const f = report.sites[site];
            return (
              <Tr key={site} data-site={site}>
                <Td>{t(`account.sites.${site}`)}</Td>
                <Td className="text-right tabular-nums">{f.leads}</Td>
                <Td className="text-right tabular-nums">{formatMoney(f.leadValue, lng)}</Td>
                <Td className="text-right tabular-nums">{f.inquiries}</Td>
                <Td className="text-right tabular-nums">{f.slaBreaches}</Td>
                <Td className="text-right tabular-nums">{f.orders}</Td>
                <Td className="text-right tabular-nums">
                  {f.revenue.length ? f.revenue.map((r) => formatMoney(r.amount, lng, r.currency)).join(" + ") : formatMoney(0, lng)}
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
      <p className="text-sm text-muted">{t("jobs.openBreaches", { count: report.openBreaches })}</p>
    </div>
  );
}

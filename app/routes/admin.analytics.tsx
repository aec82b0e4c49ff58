// Admin › Analytics: the two analytics APIs as a page — leads (totals, status, source, trend) and content
// (views, most viewed, traffic sources) for a period or range, a site and a content type. Filters live in
// the URL; a bad value is named in place and the defaults are shown.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Card, CardTitle } from "~/components/ui/card";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { ANALYTICS_SITES, CONTENT_TYPES, ContentAnalyticsQuerySchema } from "~/modules/analytics/analytics.schema";
import { contentAnalytics, leadAnalytics } from "~/modules/analytics/analytics.server";
import { TrendChart } from "~/modules/analytics/components/trend-chart";
import { analyticsWindow } from "~/modules/analytics/windows";
import { BRAND_INFO } from "~/modules/brand/brands";
import { requirePermission } from "~/modules/identity/permissions.server";
import { PERIODS } from "~/modules/kpi/periods";
import { LEAD_STATUSES } from "~/modules/leads/leads.schema";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "analytics", "read");
  // Blank filters are absent; a value that does not parse is 400 naming it, and the page shows the defaults.
  const read = readListQuery(request, ContentAnalyticsQuerySchema);
  const query = read.query ?? ContentAnalyticsQuerySchema.parse({});
  const fields = read.fields ?? {};
  const window = analyticsWindow(query.period, query);
  const { type, ...leadQuery } = query;
  const [leads, content] = await Promise.all([
    leadAnalytics(leadQuery, context.registry),
    contentAnalytics({ ...leadQuery, type }, context.registry),
  ]);
  const sources = Object.fromEntries([...context.registry.leadSources.values()].map(({ key, label }) => [key, label]));
  const body = { query, span: window.totals, leads, content, sources, fields };
  return read.fields ? data(body, { status: 400 }) : body;
}

export default function Analytics() {
  const { query, span, leads, content, sources, fields } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const locale = lng === "en" ? "en-US" : "ja-JP";
  const count = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const yen = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const siteName = (site: string) => (site === "shared" ? t("analytics.sitesShared") : BRAND_INFO[site as "yuya" | "aoba"].name[lng]);
  const trafficTotal = Object.values(content.trafficSources).reduce((a, b) => a + b, 0);
  const maxStatus = Math.max(1, ...Object.values(leads.leadsByStatus));

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("analytics.title")}</h1>
        <p className="mt-1 text-muted">
          {t("analytics.intro")} <span className="tabular-nums">({t("analytics.span", span)})</span>
        </p>
      </div>

      <FilterBar
        resetTo="/admin/analytics"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6"
        actionsClassName=""
        applyLabel={t("analytics.apply")}
        resetLabel={t("analytics.reset")}
        errors={fields}
        errorLabel={(name) => t(`analytics.${name === "character" ? "site" : name}`, { defaultValue: name })}
      >
        <FilterSelect
          name="period"
          label={t("analytics.period")}
          anyLabel={t("dashboard.periodNames.monthly")}
          invalid={Boolean(fields.period)}
          options={PERIODS.filter((p) => p !== "monthly").map((p) => ({ value: p, label: t(`dashboard.periodNames.${p}`) }))}
        />
        <FilterSelect
          name="character"
          label={t("analytics.site")}
          anyLabel={t("analytics.allSites")}
          invalid={Boolean(fields.character)}
          options={ANALYTICS_SITES.map((s) => ({ value: s, label: siteName(s) }))}
        />
        <FilterSelect
          name="type"
          label={t("analytics.type")}
          anyLabel={t("analytics.anyType")}
          invalid={Boolean(fields.type)}
          options={CONTENT_TYPES.map((c) => ({ value: c, label: t(`analytics.types.${c}`) }))}
        />
        <FilterInput name="from" type="date" label={t("analytics.from")} invalid={Boolean(fields.from)} />
        <FilterInput name="to" type="date" label={t("analytics.to")} invalid={Boolean(fields.to)} />
      </FilterBar>

      <section aria-labelledby="leads-heading" className="flex flex-col gap-4">
        <h2 id="leads-heading" className="text-xl font-bold">
          {t("analytics.leads")}
        </h2>
        <div className="grid gap-4 lg:grid-cols-[1fr_2fr]">
          <Card>
            <dl className="grid grid-cols-2 gap-4">
              <div>
                <dt className="text-sm text-muted">{t("analytics.totalLeads")}</dt>
                <dd className="text-3xl font-black tabular-nums">{count.format(leads.totalLeads)}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">{t("analytics.conversionRate")}</dt>
                <dd className="text-3xl font-black tabular-nums">{percent.format(leads.conversionRate)}</dd>
              </div>
            </dl>
            <h3 className="mb-2 mt-6 text-sm font-semibold">{t("analytics.byStatus")}</h3>
            <ul className="flex flex-col gap-1.5">
              {LEAD_STATUSES.map((status) => (
                <li key={status} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-2 text-sm">
                  <span>{t(`leadStatuses.${status}`)}</span>
                  <span className="h-2 rounded-full bg-border/50" aria-hidden="true">
                    <span
                      className="block h-2 rounded-full bg-primary"
                      style={{ width: `${((leads.leadsByStatus[status] ?? 0) / maxStatus) * 100}%` }}
                    />
                  </span>
                  <span className="text-right tabular-nums">{count.format(leads.leadsByStatus[status] ?? 0)}</span>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <TrendChart
              title={t("analytics.trend")}
              data={leads.trendsData}
              dataKey="count"
              period={query.period}
              color={`rgb(${BRAND_INFO.yuya.theme.primary})`}
              format={(v) => count.format(v)}
            />
          </Card>
        </div>
        <Card>
          <Table caption={t("analytics.bySource")}>
            <thead>
              <tr>
                <Th>{t("leads.source")}</Th>
                <Th className="text-right">{t("analytics.totalLeads")}</Th>
                <Th className="text-right">{t("analytics.share")}</Th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(leads.leadsBySource)
                .sort((a, b) => b[1] - a[1])
                .map(([source, n]) => (
                  <Tr key={source}>
                    <Td>{sources[source]?.[lng] ?? source}</Td>
                    <Td className="text-right tabular-nums">{count.format(n)}</Td>
                    <Td className="text-right tabular-nums">{percent.format(leads.totalLeads ? n / leads.totalLeads : 0)}</Td>
                  </Tr>
                ))}
            </tbody>
          </Table>
          <p className="mt-2 text-xs text-muted">
            {t("analytics.value")}: ¥{yen.format(leads.trendsData.reduce((s, p) => s + p.value, 0))}
          </p>
        </Card>
      </section>

      <section aria-labelledby="content-heading" className="flex flex-col gap-4">
        <h2 id="content-heading" className="text-xl font-bold">
          {t("analytics.content")}
        </h2>
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <Card>
            <CardTitle as="h3">
              {t("analytics.popular")}{" "}
              <span className="text-sm font-normal text-muted">
                — {t("analytics.totalViews")} {count.format(content.totalViews)}
              </span>
            </CardTitle>
            {content.popularContent.length === 0 ? (
              <p className="text-sm text-muted">{t("analytics.noContent")}</p>
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>{t("analytics.title_")}</Th>
                    <Th className="text-right">{t("analytics.views")}</Th>
                    <Th className="text-right" title={t("analytics.engagementHelp")}>
                      {t("analytics.engagement")}
                    </Th>
                  </tr>
                </thead>
                <tbody>
                  {content.popularContent.map((item) => (
                    <Tr key={item.id}>
                      <Td>{item.title}</Td>
                      <Td className="text-right tabular-nums">{count.format(item.views)}</Td>
                      <Td className="text-right tabular-nums">{count.format(item.engagement)}</Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          <Card>
            <CardTitle as="h3">{t("analytics.sources")}</CardTitle>
            <ul className="flex flex-col gap-1.5 text-sm">
              {Object.entries(content.trafficSources).map(([host, n]) => (
                <li key={host} className="flex justify-between gap-2">
                  <span className="truncate">{host}</span>
                  <span className="tabular-nums text-muted">
                    {count.format(n)} · {percent.format(trafficTotal ? n / trafficTotal : 0)}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </section>
    </div>
  );
}

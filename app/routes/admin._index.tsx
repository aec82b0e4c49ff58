// The admin's first page. For those who may read analytics (ADMIN), the dashboard: overview, the two sites,
// cross-site figures, trends with a period picker, every plugin KPI and the recent-activity feed. For other
// staff, what each site holds right now.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, redirect, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { cn } from "~/components/ui/cn";
import { formatDateTime, formatMoney } from "~/lib/format";
import { requireAdminHost } from "~/lib/site.server";
import { getOverview } from "~/modules/admin/overview.server";
import { DashboardQuerySchema } from "~/modules/analytics/analytics.schema";
import { dashboardTrends } from "~/modules/analytics/analytics.server";
import { TrendChart } from "~/modules/analytics/components/trend-chart";
import { forgetKpiRuns, getDashboard, type DashboardKpi } from "~/modules/analytics/dashboard.server";
import { BRAND_INFO } from "~/modules/brand/brands";
import { requireAdminAccess, requirePermission } from "~/modules/identity/permissions.server";
import { can } from "~/modules/identity/permissions";
import { computeKpis } from "~/modules/kpi/engine.server";
import { PERIODS, type Period } from "~/modules/kpi/periods";
import { readForm } from "~/lib/form.server";
import type { Language } from "~/lib/i18n";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requireAdminAccess(request);
  if (!can(actor.role, "analytics", "read")) return { kind: "overview" as const, overview: await getOverview(), urls: context.urls };
  const url = new URL(request.url);
  const parsed = DashboardQuerySchema.safeParse({ period: url.searchParams.get("period") ?? undefined });
  const period: Period = parsed.success ? parsed.data.period : "monthly";
  // Right after "Recalculate now" the figures are read from the primary: a replica may not have them yet.
  const primary = url.searchParams.has("recalculated");
  const [dashboard, trends] = await Promise.all([
    getDashboard(context.registry, period, new Date(), context.logger, { primary }),
    dashboardTrends(period, context.registry, undefined, new Date(), { primary }),
  ]);
  return {
    kind: "dashboard" as const,
    dashboard,
    trends,
    period,
    badPeriod: parsed.success ? null : url.searchParams.get("period"),
    recalculated: primary,
  };
}

/** "Recalculate now": the KPIs of the shown period, computed at once. */
export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "analytics", "update");
  const form = await readForm(request);
  const parsed = DashboardQuerySchema.safeParse({ period: form.get("period") ?? undefined });
  const period = parsed.success ? parsed.data.period : "monthly";
  forgetKpiRuns();
  const outcomes = await computeKpis(context.registry, { period });
  for (const failure of outcomes.filter((o) => o.error))
    context.logger.error({ kpi: failure.key, site: failure.site, err: failure.error }, "KPI computation failed");
  return redirect(`/admin?period=${period}&recalculated=1`);
}

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  return data.kind === "overview" ? <SiteOverview overview={data.overview} urls={data.urls} /> : <Dashboard {...data} />;
}

function formatters(lng: Language) {
  const locale = lng === "en" ? "en-US" : "ja-JP";
  const count = new Intl.NumberFormat(locale);
  const compactYen = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const days = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    count: (v: number) => count.format(v),
    currency: (v: number) => formatMoney(v, lng),
    compactCurrency: (v: number) => compactYen.format(v),
    ratio: (v: number) => percent.format(v),
    days: (v: number) => (lng === "en" ? `${days.format(v)} days` : `${days.format(v)}日`),
  };
}

function Dashboard({
  dashboard,
  trends,
  period,
  badPeriod,
  recalculated,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "dashboard" }>) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const f = formatters(lng);
  const navigation = useNavigation();
  const { overview, siteMetrics, crossSiteMetrics } = dashboard;
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-black">{t("dashboard.title")}</h1>
          <p className="mt-1 text-muted">
            {t("dashboard.intro", { period: t(`dashboard.periods.${period}`) })}{" "}
            <span className="tabular-nums">({t("dashboard.range", { from: dashboard.period.from, to: dashboard.period.to })})</span>
          </p>
        </div>
        <nav aria-label={t("dashboard.periodPicker")} className="flex flex-wrap gap-1 rounded-brand border border-border bg-surface p-1">
          {PERIODS.map((p) => (
            <Link
              key={p}
              to={`?period=${p}`}
              aria-current={p === period ? "page" : undefined}
              className={cn(
                "rounded px-3 py-1.5 text-sm font-semibold",
                p === period ? "bg-primary text-primary-foreground" : "text-muted hover:bg-border/40 hover:text-text",
              )}
            >
              {t(`dashboard.periodNames.${p}`)}
            </Link>
          ))}
        </nav>
      </div>
      {badPeriod !== null ? <Alert tone="error">{t("dashboard.badPeriod", { value: badPeriod })}</Alert> : null}
      {recalculated ? <Alert tone="success">{t("dashboard.recalculated")}</Alert> : null}

      <section aria-label={t("admin.dashboard")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label={t("dashboard.totalLeads")} value={f.count(overview.totalLeads)} />
        <StatCard label={t("dashboard.activeProjects")} value={f.count(overview.activeProjects)} />
        <StatCard label={t("dashboard.revenue")} value={f.currency(overview.monthlyRevenue)} />
        <StatCard label={t("dashboard.conversionRate")} value={f.ratio(overview.conversionRate)} />
      </section>

      <div className="grid gap-6 md:grid-cols-2 2xl:grid-cols-3">
        <SitePanel
          brand="yuya"
          lng={lng}
          stats={[
            [t("dashboard.pageViews"), f.count(siteMetrics.yuya.pageViews)],
            [t("dashboard.toolDownloads"), f.count(siteMetrics.yuya.toolDownloads)],
            [t("dashboard.b2bLeads"), f.count(siteMetrics.yuya.b2bLeads)],
          ]}
        />
        <SitePanel
          brand="aoba"
          lng={lng}
          stats={[
            [t("dashboard.pageViews"), f.count(siteMetrics.aoba.pageViews)],
            [t("dashboard.musicPlays"), f.count(siteMetrics.aoba.musicPlays)],
            [t("dashboard.stemDownloads"), f.count(siteMetrics.aoba.stemDownloads)],
          ]}
        />
        <Card className="md:col-span-2 2xl:col-span-1">
          <CardTitle>{t("dashboard.crossSite")}</CardTitle>
          <dl className="grid gap-4 sm:grid-cols-2 2xl:grid-cols-1">
            <Stat
              label={t("dashboard.crossReferrals")}
              value={f.count(crossSiteMetrics.crossReferrals)}
              detail={t("dashboard.crossReferralsHelp")}
            />
            <Stat
              label={t("dashboard.sharedUserBase")}
              value={f.count(crossSiteMetrics.sharedUserBase)}
              detail={t("dashboard.sharedUserBaseHelp")}
            />
          </dl>
        </Card>
      </div>

      <Card>
        <CardTitle>{t("dashboard.trends")}</CardTitle>
        <div className="grid gap-6 lg:grid-cols-3">
          <TrendChart
            title={t("dashboard.leadsTrend")}
            data={trends}
            dataKey="leads"
            period={period}
            color={`rgb(${BRAND_INFO.yuya.theme.primary})`}
            format={f.count}
          />
          <TrendChart
            title={t("dashboard.revenueTrend")}
            data={trends}
            dataKey="revenue"
            period={period}
            color={`rgb(${BRAND_INFO.yuya.theme.accent})`}
            format={f.compactCurrency}
          />
          <TrendChart
            title={t("dashboard.viewsTrend")}
            data={trends}
            dataKey="pageViews"
            period={period}
            color={`rgb(${BRAND_INFO.aoba.theme.primary})`}
            format={f.count}
          />
        </div>
      </Card>

      <div className="grid gap-6 xl:grid-cols-[2fr_1fr]">
        <Card>
          <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
            <div>
              <CardTitle>{t("dashboard.kpis")}</CardTitle>
              <p className="text-sm text-muted">{t("dashboard.kpisIntro")}</p>
            </div>
            <Form method="post">
              <input type="hidden" name="period" value={period} />
              <Button type="submit" variant="secondary" size="sm" disabled={navigation.state === "submitting"}>
                {t("dashboard.recalculate")}
              </Button>
            </Form>
          </div>
          <ul className="grid gap-3 sm:grid-cols-2">
            {dashboard.kpis.map((kpi) => (
              <KpiTile key={kpi.key} kpi={kpi} lng={lng} />
            ))}
          </ul>
        </Card>
        <Card>
          <CardTitle>{t("dashboard.recent")}</CardTitle>
          {dashboard.recentActivities.length === 0 ? (
            <p className="text-sm text-muted">{t("dashboard.noActivity")}</p>
          ) : (
            <ol className="flex flex-col divide-y divide-border">
              {dashboard.recentActivities.map((activity) => (
                <li key={`${activity.type}-${activity.id}`} className="flex flex-col gap-0.5 py-2">
                  <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                    <span className="font-semibold text-text">
                      {t(`dashboard.activity.${activity.type}`, { defaultValue: activity.type })}
                    </span>
                    {activity.character ? (
                      <Badge tone={activity.character === "yuya" ? "danger" : "primary"}>{BRAND_INFO[activity.character].name[lng]}</Badge>
                    ) : null}
                    <time dateTime={activity.timestamp}>{formatDateTime(activity.timestamp, lng)}</time>
                  </div>
                  <p className="truncate text-sm">{activity.description}</p>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </div>
  );
}

function KpiTile({ kpi, lng }: { kpi: DashboardKpi; lng: Language }) {
  const { t } = useTranslation();
  const f = formatters(lng);
  const format = { count: f.count, currency: f.currency, ratio: f.ratio, days: f.days }[kpi.unit];
  return (
    <li className={cn("rounded-brand border p-3", kpi.status === "failed" ? "border-red-300 bg-red-50" : "border-border")}>
      <div className="flex items-start justify-between gap-2">
        <p className="font-semibold">{kpi.label[lng]}</p>
        {kpi.status === "failed" ? (
          <Badge tone="danger">{t("dashboard.kpiFailed")}</Badge>
        ) : (
          <span className="text-xs text-muted">{kpi.plugin}</span>
        )}
      </div>
      <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        {Object.entries(kpi.values).map(([scope, value]) => (
          <div key={scope}>
            <dt className="text-xs text-muted">{t(`dashboard.scopes.${scope}`)}</dt>
            <dd className="text-lg font-bold tabular-nums">{value === null || value === undefined ? "—" : format(value)}</dd>
          </div>
        ))}
      </dl>
      {kpi.status === "failed" && kpi.error ? <p className="mt-1 text-xs text-red-800">{kpi.error}</p> : null}
      {kpi.status === "ok" ? (
        <p className="mt-1 text-xs text-muted">
          {kpi.computedAt ? t("dashboard.computedAt", { time: formatDateTime(kpi.computedAt, lng) }) : t("dashboard.notComputed")}
        </p>
      ) : null}
    </li>
  );
}

function SitePanel({ brand, lng, stats }: { brand: "yuya" | "aoba"; lng: Language; stats: [string, string][] }) {
  const info = BRAND_INFO[brand];
  return (
    <Card className="border-t-4" style={{ borderTopColor: `rgb(${info.theme.primary})` }}>
      <CardTitle>
        {info.name[lng]} <span className="text-sm font-normal text-muted">{info.domain}</span>
      </CardTitle>
      <dl className="grid grid-cols-3 gap-3">
        {stats.map(([label, value]) => (
          <Stat key={label} label={label} value={value} />
        ))}
      </dl>
    </Card>
  );
}

function StatCard({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <dl>
        <Stat label={label} value={value} />
      </dl>
    </Card>
  );
}

function SiteOverview({ overview, urls }: { overview: Awaited<ReturnType<typeof getOverview>>; urls: { yuya: string; aoba: string } }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-black">{t("admin.welcome")}</h1>
        <p className="mt-1 text-muted">{t("admin.welcomeBody")}</p>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        {(["yuya", "aoba"] as const).map((brand) => {
          const site = overview.sites[brand];
          return (
            <Card key={brand}>
              <CardTitle>
                {BRAND_INFO[brand].emoji} {BRAND_INFO[brand].name[lng]}
              </CardTitle>
              <dl className="grid grid-cols-2 gap-4">
                <Stat label={t("admin.leads")} value={site.leads.toLocaleString()} detail={t("admin.open", { count: site.openLeads })} />
                <Stat
                  label={t("admin.inquiries")}
                  value={site.inquiries.toLocaleString()}
                  detail={t("admin.open", { count: site.openInquiries })}
                />
              </dl>
              <a href={urls[brand]} className="mt-4 inline-block text-sm font-semibold text-primary hover:underline">
                {urls[brand]}
              </a>
            </Card>
          );
        })}
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <StatCard label={t("admin.projects")} value={overview.projects.toLocaleString()} />
        <StatCard label={t("admin.orders")} value={overview.orders.toLocaleString()} />
      </div>
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div>
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="text-2xl font-black tabular-nums">{value}</dd>
      {detail ? <dd className="text-xs text-muted">{detail}</dd> : null}
    </div>
  );
}

// The daily report (09:00 Japan time): yesterday's leads, inquiries and SLA breaches, orders and revenue per
// site — stored in daily_reports for the admin and mailed to every admin in their language (HTML + text).
import { format } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { formatMoney } from "~/lib/format";
import { getDb } from "~/lib/db.server";
import { sendMail } from "~/lib/mail.server";
import { PAID_STATUSES } from "~/modules/commerce/payments.server";

export const REPORT_SITES = ["yuya", "aoba", "shared"] as const;
type Site = (typeof REPORT_SITES)[number];

export interface SiteFigures {
  leads: number;
  leadValue: string;
  inquiries: number;
  /** Inquiries whose first-response deadline passed during the day without a response by then. */
  slaBreaches: number;
  orders: number;
  revenue: { currency: string; amount: string }[];
}

export interface DailyReportData {
  /** The Japan-time day reported on (YYYY-MM-DD). */
  day: string;
  sites: Record<Site, SiteFigures>;
  /** Unanswered inquiries past their deadline when the report was made. */
  openBreaches: number;
}

const TZ = "Asia/Tokyo";

/** Yesterday in Japan time, as a day and its [from, to) instants. */
export function reportDay(now: Date): { day: string; from: Date; to: Date } {
  const today = new TZDate(now, TZ);
  const from = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() - 1, TZ);
  const to = new TZDate(today.getFullYear(), today.getMonth(), today.getDate(), TZ);
  return { day: format(from, "yyyy-MM-dd"), from: new Date(from.getTime()), to: new Date(to.getTime()) };
}

export async function buildDailyReport(now = new Date()): Promise<DailyReportData> {
  const { day, from, to } = reportDay(now);
  const db = getDb();
  const empty = (): SiteFigures => ({ leads: 0, leadValue: "0", inquiries: 0, slaBreaches: 0, orders: 0, revenue: [] });
  const sites = Object.fromEntries(REPORT_SITES.map((s) => [s, empty()])) as Record<Site, SiteFigures>;

  const [leads, inquiries, orders, [open]] = await Promise.all([
    db.$queryRaw<{ site: Site; leads: number; value: string }[]>`
      SELECT domain_site(source_domain)::text AS site, count(*)::int AS leads, coalesce(sum(estimated_value), 0)::text AS value
        FROM leads WHERE created_at >= ${from} AND created_at < ${to} GROUP BY 1`,
    db.$queryRaw<{ site: Site; received: number; breaches: number }[]>`
      SELECT coalesce(domain_site(l.source_domain), 'shared')::text AS site,
             count(*) FILTER (WHERE i.created_at >= ${from} AND i.created_at < ${to})::int AS received,
             count(*) FILTER (WHERE i.created_at + make_interval(hours => i.response_time_sla) >= ${from}
                                AND i.created_at + make_interval(hours => i.response_time_sla) < ${to}
                                AND (i.first_response_at IS NULL OR i.first_response_at > i.created_at + make_interval(hours => i.response_time_sla)))::int AS breaches
        FROM inquiries i LEFT JOIN leads l ON l.id = i.lead_id
       WHERE i.created_at < ${to} AND i.created_at >= ${from}::timestamptz - interval '30 days'
       GROUP BY 1`,
    db.$queryRaw<{ site: Site; currency: string; orders: number; amount: string }[]>`
      SELECT p.character_owner::text AS site, o.currency, count(DISTINCT o.id)::int AS orders, sum(i.total_price)::text AS amount
        FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
       WHERE o.created_at >= ${from} AND o.created_at < ${to} AND o.status::text = ANY(${[...PAID_STATUSES]})
       GROUP BY 1, 2`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM inquiries WHERE first_response_at IS NULL AND response_time_sla IS NOT NULL
         AND status IN ('open', 'in_progress') AND created_at + make_interval(hours => response_time_sla) < ${now}`,
  ]);
  for (const row of leads) Object.assign(sites[row.site], { leads: row.leads, leadValue: row.value });
  for (const row of inquiries) Object.assign(sites[row.site], { inquiries: row.received, slaBreaches: row.breaches });
  for (const row of orders) {
    sites[row.site].orders += row.orders;
    sites[row.site].revenue.push({ currency: row.currency, amount: row.amount });
  }
  return { day, sites, openBreaches: open?.n ?? 0 };
}

const COPY = {
  ja: {
    subject: (day: string) => `Kizuna 日次レポート ${day}`,
    heading: (day: string) => `${day} の日次レポート`,
    site: { yuya: "傾奇ユウヤ", aoba: "猫空あおば", shared: "共通" },
    columns: ["サイト", "リード", "見込み額", "問い合わせ", "SLA超過", "注文", "売上"],
    open: (n: number) => `現在、期限を過ぎて未対応の問い合わせ: ${n} 件`,
    link: "管理画面で見る",
  },
  en: {
    subject: (day: string) => `Kizuna daily report ${day}`,
    heading: (day: string) => `Daily report for ${day}`,
    site: { yuya: "Kabuki Yuya", aoba: "Nekosora Aoba", shared: "Shared" },
    columns: ["Site", "Leads", "Lead value", "Inquiries", "SLA breaches", "Orders", "Revenue"],
    open: (n: number) => `Unanswered inquiries past their deadline right now: ${n}`,
    link: "Open in the admin",
  },
} as const;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The report as mail in one language: a table in HTML, the same lines in text. */
export function renderDailyReport(
  report: DailyReportData,
  lng: "ja" | "en",
  adminUrl: string,
): { subject: string; text: string; html: string } {
  const copy = COPY[lng];
  const money = (amount: string, currency: string) => formatMoney(amount, lng, currency);
  const rows = REPORT_SITES.map((site) => {
    const f = report.sites[site];
    return [
      copy.site[site],
      String(f.leads),
      money(f.leadValue, "JPY"),
      String(f.inquiries),
      String(f.slaBreaches),
      String(f.orders),
      f.revenue.map((r) => money(r.amount, r.currency)).join(" + ") || money("0", "JPY"),
    ];
  });
  const link = `${adminUrl}/admin/jobs/reports/${report.day}`;
  const text = [
    copy.heading(report.day),
    "",
    ...rows.map((r) => r.map((cell, i) => `${copy.columns[i]}: ${cell}`).join(" / ")),
    "",
    copy.open(report.openBreaches),
    "",
    `${copy.link}: ${link}`,
  ].join("\n");
  const html = `<!doctype html><html lang="${lng}"><body style="font-family:sans-serif">
<h1 style="font-size:18px">${escapeHtml(copy.heading(report.day))}</h1>
<table style="border-collapse:collapse" cellpadding="6" border="1">
<thead><tr>${copy.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((cell, i) => `<td${i ? ' style="text-align:right"' : ""}>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}</tbody>
</table>
<p>${escapeHtml(copy.open(report.openBreaches))}</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(copy.link)}</a></p>
</body></html>`;
  return { subject: copy.subject(report.day), text, html };
}

/** Builds yesterday's report, stores it (a rerun replaces it) and mails it to every admin. */
export async function runDailyReport({ now, adminUrl }: { now: Date; adminUrl: string }): Promise<{ day: string; recipients: number }> {
  const report = await buildDailyReport(now);
  const db = getDb();
  await db.dailyReport.upsert({
    where: { day: new Date(`${report.day}T00:00:00Z`) },
    update: { data: report as never, createdAt: new Date() },
    create: { day: new Date(`${report.day}T00:00:00Z`), data: report as never },
  });
  const admins = await db.user.findMany({
    where: { role: "ADMIN" },
    select: { email: true, profile: { select: { preferredLanguage: true } } },
  });
  for (const admin of admins) {
    const lng = admin.profile?.preferredLanguage === "en" ? "en" : "ja";
    await sendMail({ to: admin.email, ...renderDailyReport(report, lng, adminUrl) });
  }
  return { day: report.day, recipients: admins.length };
}

// One trend on the dashboard: an area chart (Recharts, SVG — rendered on the server too) with the same
// figures in a table for screen readers and anyone who wants the numbers.
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import type { Period } from "~/modules/kpi/periods";

export interface TrendPoint {
  date: string;
  [series: string]: number | string;
}

/** A bucket's label: 11/25, 2026/11, 2026 Q4, 2026… */
export function bucketLabel(date: string, period: Period): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  switch (period) {
    case "daily":
    case "weekly":
      return `${m}/${d}`;
    case "monthly":
      return `${y}/${String(m).padStart(2, "0")}`;
    case "quarterly":
      return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
    case "yearly":
      return String(y);
  }
}

export function TrendChart({
  title,
  data,
  dataKey,
  period,
  color,
  format,
}: {
  title: string;
  data: readonly TrendPoint[];
  dataKey: string;
  period: Period;
  color: string;
  format: (value: number) => string;
}) {
  const { t } = useTranslation();
  const id = `trend-${dataKey}`;
  return (
    <figure className="flex flex-col gap-2" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-muted">
        {title}
      </figcaption>
      <div className="h-52 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 360, height: 208 }}>
          <AreaChart data={data as TrendPoint[]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <defs>
              <linearGradient id={`${id}-fill`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={color} stopOpacity={0.35} />
                <stop offset="100%" stopColor={color} stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid strokeDasharray="3 3" stroke="rgb(var(--color-border-rgb))" vertical={false} />
            <XAxis
              dataKey="date"
              tickFormatter={(value: string) => bucketLabel(value, period)}
              tick={{ fontSize: 11 }}
              stroke="rgb(var(--color-muted-rgb))"
              minTickGap={16}
            />
            <YAxis
              tickFormatter={(value: number) => format(value)}
              tick={{ fontSize: 11 }}
              stroke="rgb(var(--color-muted-rgb))"
              width={56}
              allowDecimals={false}
            />
            <Tooltip labelFormatter={(value) => bucketLabel(String(value), period)} formatter={(value) => [format(Number(value)), title]} />
            <Area type="linear" dataKey={dataKey} stroke={color} strokeWidth={2} fill={`url(#${id}-fill)`} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <details className="text-xs text-muted">
        <summary className="cursor-pointer">{t("dashboard.chartTable")}</summary>
        <table className="mt-2 w-full tabular-nums">
          <thead>
            <tr>
              <th className="text-left font-semibold">{t("dashboard.date")}</th>
              <th className="text-right font-semibold">{title}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((point) => (
              <tr key={point.date}>
                <td>{bucketLabel(point.date, period)}</td>
                <td className="text-right">{format(Number(point[dataKey]))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

// An inquiry's first-response SLA at a glance: time left, answered in time, or breached.
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/badge";

const HOUR = 3_600_000;

function duration(ms: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const hours = Math.floor(Math.abs(ms) / HOUR);
  if (hours >= 48) return t("inbox.days", { count: Math.floor(hours / 24) });
  if (hours >= 1) return t("inbox.hours", { count: hours });
  return t("inbox.minutes", { count: Math.max(1, Math.floor(Math.abs(ms) / 60_000)) });
}

export function SlaBadge({
  sla,
  answeredAt,
  status,
  now,
}: {
  sla: { dueAt: Date | string | null; breached: boolean };
  answeredAt: Date | string | null;
  status: string;
  /** The server's time of the page, so server and browser render the same text. */
  now: Date | string;
}) {
  const { t } = useTranslation();
  if (!sla.dueAt) return <span className="text-muted">—</span>;
  const due = new Date(sla.dueAt).getTime();
  if (answeredAt) {
    return sla.breached ? (
      <Badge tone="danger">{t("inbox.answeredLate")}</Badge>
    ) : (
      <Badge tone="success">{t("inbox.answeredInTime")}</Badge>
    );
  }
  if (status === "resolved" || status === "closed") return <span className="text-muted">—</span>;
  const left = due - new Date(now).getTime();
  return left < 0 ? (
    <span data-sla="breached">
      <Badge tone="danger">{t("inbox.breached", { time: duration(left, t) })}</Badge>
    </span>
  ) : (
    <span data-sla="open">
      <Badge tone={left < 4 * HOUR ? "warning" : "neutral"}>{t("inbox.left", { time: duration(left, t) })}</Badge>
    </span>
  );
}

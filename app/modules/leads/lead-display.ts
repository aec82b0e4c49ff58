// How leads look in the admin: badge tones for statuses and priorities, and money in yen.
import type { BadgeTone } from "~/components/ui/badge";
import { numberFormat } from "~/lib/format";

export const STATUS_TONE: Record<string, BadgeTone> = {
  new: "primary",
  contacted: "accent",
  qualified: "accent",
  proposal: "warning",
  negotiation: "warning",
  won: "success",
  lost: "neutral",
};

export const PRIORITY_TONE: Record<string, BadgeTone> = { low: "neutral", medium: "primary", high: "warning", urgent: "danger" };

/** An amount (Decimal, string or number) in its currency (yen by default, without decimals); "—" when there is none. */
export function formatMoney(value: unknown, lng: "ja" | "en", currency = "JPY"): string {
  if (value === null || value === undefined || value === "") return "—";
  const amount = Number(String(value));
  if (!Number.isFinite(amount)) return "—";
  return numberFormat(lng === "en" ? "en-US" : "ja-JP", { style: "currency", currency, ...(currency === "JPY" ? { maximumFractionDigits: 0 } : {}) }).format(amount);
}

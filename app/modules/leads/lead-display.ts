// How leads look in the admin: badge tones for statuses and priorities.
import type { BadgeTone } from "~/components/ui/badge";

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

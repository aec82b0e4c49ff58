// How products and orders look in the admin: badge tones for their statuses.
import type { BadgeTone } from "~/components/ui/badge";

export const PRODUCT_STATUS_TONE: Record<string, BadgeTone> = { active: "success", inactive: "warning", discontinued: "neutral" };

export const ORDER_STATUS_TONE: Record<string, BadgeTone> = {
  pending: "warning",
  paid: "success",
  processing: "primary",
  shipped: "accent",
  delivered: "success",
  cancelled: "neutral",
  refunded: "danger",
};

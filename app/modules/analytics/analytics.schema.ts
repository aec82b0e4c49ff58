// Queries of the analytics APIs and the dashboard: a period (the size of a trend bucket), a site, and an
// optional date range in Japan time. Without a range the totals cover the current period and the trend the
// last few periods up to it.
import { isMatch } from "date-fns";
import { z } from "zod";
import { PERIODS, type Period } from "~/modules/kpi/periods";
import { fitsBuckets, MAX_BUCKETS } from "./windows";

export const CONTENT_TYPES = ["blog", "tool", "music", "video", "documentation", "case_study"] as const;
export const ANALYTICS_SITES = ["yuya", "aoba", "shared"] as const;
export type AnalyticsSite = (typeof ANALYTICS_SITES)[number];

const day = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && isMatch(value, "yyyy-MM-dd"), { error: "errors.date" });

const RangeFields = {
  period: z.enum(PERIODS, { error: "errors.period" }).default("monthly"),
  character: z.enum(ANALYTICS_SITES, { error: "errors.site" }).optional(),
  from: day.optional(),
  to: day.optional(),
};
const ordered = (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to;
/** A range of more than MAX_BUCKETS periods is refused (naming `period`): a trend that long is unreadable. */
const fits = (query: { period: Period; from?: string; to?: string }) =>
  (!query.from && !query.to) || !ordered(query) || fitsBuckets(query.period, query);
const tooMany = { error: `errors.tooManyBuckets:${MAX_BUCKETS}`, path: ["period"] };

/** GET /api/analytics/leads */
export const LeadAnalyticsQuerySchema = z
  .strictObject(RangeFields)
  .refine(ordered, { error: "errors.dateOrder", path: ["to"] })
  .refine(fits, tooMany);
export type LeadAnalyticsQuery = z.infer<typeof LeadAnalyticsQuerySchema>;

/** GET /api/analytics/content */
export const ContentAnalyticsQuerySchema = z
  .strictObject({ ...RangeFields, type: z.enum(CONTENT_TYPES, { error: "errors.contentType" }).optional() })
  .refine(ordered, { error: "errors.dateOrder", path: ["to"] })
  .refine(fits, tooMany);
export type ContentAnalyticsQuery = z.infer<typeof ContentAnalyticsQuerySchema>;

/** GET /api/admin/dashboard and the dashboard page: which period the numbers are for. */
export const DashboardQuerySchema = z.strictObject({ period: RangeFields.period });
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

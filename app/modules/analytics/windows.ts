// The days an analytics answer covers: trend buckets of one period size, and the totals' span. Japan time,
// calendar dates as YYYY-MM-DD (inclusive at both ends).
import { subDays } from "date-fns";
import { periodRange, type Period } from "~/modules/kpi/periods";

/** How many buckets a trend shows when no range is given. */
export const TREND_BUCKETS = { daily: 30, weekly: 12, monthly: 12, quarterly: 8, yearly: 5 } as const;
/** The most buckets a range may span. */
export const MAX_BUCKETS = 400;

export interface Bucket {
  /** The period's first day. */
  date: string;
  /** Its last day. */
  last: string;
}

export interface AnalyticsWindow {
  period: Period;
  buckets: Bucket[];
  /** The days the trend reads. */
  trend: { from: string; to: string };
  /** The days the totals cover (the current period, or the whole range). */
  totals: { from: string; to: string };
}

/** Midnight of a Japan-time calendar date. */
export const jstMidnight = (day: string) => new Date(`${day}T00:00:00+09:00`);
const today = (now: Date) => periodRange("daily", now).date;

function bucketAt(period: Period, at: Date): Bucket {
  const range = periodRange(period, at);
  return { date: range.date, last: periodRange("daily", subDays(range.to, 1)).date };
}

export function analyticsWindow(period: Period, range: { from?: string; to?: string }, now = new Date()): AnalyticsWindow {
  if (!range.from && !range.to) {
    const buckets: Bucket[] = [bucketAt(period, now)];
    while (buckets.length < TREND_BUCKETS[period]) buckets.unshift(bucketAt(period, subDays(jstMidnight(buckets[0]!.date), 1)));
    const current = buckets.at(-1)!;
    return { period, buckets, trend: { from: buckets[0]!.date, to: current.last }, totals: { from: current.date, to: current.last } };
  }
  const to = range.to ?? today(now);
  const from = range.from ?? bucketAt(period, jstMidnight(to)).date;
  const buckets: Bucket[] = [];
  for (let at = jstMidnight(from); ;) {
    const bucket = bucketAt(period, at);
    if (bucket.date > to) break;
    buckets.push(bucket);
    if (buckets.length > MAX_BUCKETS) break;
    at = jstMidnight(bucket.last);
    at = new Date(at.getTime() + 86_400_000);
  }
  return { period, buckets, trend: { from, to }, totals: { from, to } };
}

/** Whether a range fits in MAX_BUCKETS buckets of the period. */
export function fitsBuckets(period: Period, range: { from?: string; to?: string }): boolean {
  return analyticsWindow(period, range).buckets.length <= MAX_BUCKETS;
}

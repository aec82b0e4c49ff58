// KPI periods in Japan time (the business calendar of both brands), with date-fns and @date-fns/tz.
import { TZDate } from "@date-fns/tz";
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  startOfDay,
  startOfISOWeek,
  startOfMonth,
  startOfQuarter,
  startOfYear,
} from "date-fns";

export const PERIODS = ["daily", "weekly", "monthly", "quarterly", "yearly"] as const;
export type Period = (typeof PERIODS)[number];
export const BUSINESS_TIME_ZONE = "Asia/Tokyo";

/** The period containing `at`: its start (inclusive) and end (exclusive), and its start as a JST calendar date. */
export function periodRange(period: Period, at: Date): { from: Date; to: Date; date: string } {
  const local = new TZDate(at, BUSINESS_TIME_ZONE);
  const [start, next] = {
    daily: () => [startOfDay(local), (d: Date) => addDays(d, 1)],
    weekly: () => [startOfISOWeek(local), (d: Date) => addWeeks(d, 1)],
    monthly: () => [startOfMonth(local), (d: Date) => addMonths(d, 1)],
    quarterly: () => [startOfQuarter(local), (d: Date) => addQuarters(d, 1)],
    yearly: () => [startOfYear(local), (d: Date) => addYears(d, 1)],
  }[period]() as [TZDate, (d: Date) => Date];
  const end = next(start);
  const date = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, "0")}-${String(start.getDate()).padStart(2, "0")}`;
  return { from: new Date(start.getTime()), to: new Date(end.getTime()), date };
}

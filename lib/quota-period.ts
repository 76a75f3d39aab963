/**
 * Usage plan quota periods, in UTC as AWS counts them. `offset` is the day the
 * period starts on: WEEK 0 = Sunday … 6 = Saturday; MONTH 0 = the 1st … 27 =
 * the 28th; DAY has none (0).
 */
export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";

const DAY_MS = 86_400_000;

const utcMidnight = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());

/** The start (UTC midnight) of the quota period containing `at`. */
export function quotaPeriodStart(period: QuotaPeriod, offset: number, at: Date): Date {
  const midnight = utcMidnight(at);
  if (period === "DAY") return new Date(midnight);
  if (period === "WEEK") {
    const back = (at.getUTCDay() - (offset % 7) + 7) % 7;
    return new Date(midnight - back * DAY_MS);
  }
  const startDay = Math.min(Math.max(0, offset), 27) + 1;
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return at.getUTCDate() >= startDay ? new Date(Date.UTC(year, month, startDay)) : new Date(Date.UTC(year, month - 1, startDay));
}

/** The start of the next period (exclusive end of the one containing `at`). */
export function quotaPeriodEnd(period: QuotaPeriod, offset: number, at: Date): Date {
  const start = quotaPeriodStart(period, offset, at);
  if (period === "DAY") return new Date(start.getTime() + DAY_MS);
  if (period === "WEEK") return new Date(start.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()));
}

/** `YYYY-MM-DD` of a UTC day. */
export const utcDay = (at: Date | number) => new Date(utcMidnight(new Date(at))).toISOString().slice(0, 10);

import type { Db } from "../db";

export interface RequestSeriesPoint {
  /** Start of the minute, ISO. */
  minute: string;
  "2xx": number;
  "4xx": number;
  "5xx": number;
}

export interface RequestSeries {
  from: string;
  to: string;
  total: number;
  points: RequestSeriesPoint[];
}

/**
 * Requests per minute for one API over the last `minutes`, every minute present
 * (zeros included), from the gateway's per-minute metric rows (ApiMetric,
 * resolution 60 s) — the same rows the dashboards read.
 */
export async function requestSeries(db: Db, restApiId: string, minutes = 60, now = Date.now()): Promise<RequestSeries> {
  const end = Math.floor(now / 60000) * 60000;
  const start = end - (minutes - 1) * 60000;
  const rows = await db.apiMetric.groupBy({
    by: ["periodStart"],
    where: { resolution: 60, restApiId, periodStart: { gte: new Date(start) } },
    _sum: { count: true, count4xx: true, count5xx: true },
  });
  const points = new Map<number, RequestSeriesPoint>();
  for (let t = start; t <= end; t += 60000) {
    points.set(t, { minute: new Date(t).toISOString(), "2xx": 0, "4xx": 0, "5xx": 0 });
  }
  let total = 0;
  for (const row of rows) {
    const point = points.get(row.periodStart.getTime());
    if (!point) continue;
    const count = row._sum.count ?? 0;
    const fours = row._sum.count4xx ?? 0;
    const fives = row._sum.count5xx ?? 0;
    total += count;
    // 1xx and 3xx are rare behind an API; they count with the successes.
    point["2xx"] += count - fours - fives;
    point["4xx"] += fours;
    point["5xx"] += fives;
  }
  return { from: new Date(start).toISOString(), to: new Date(end + 60000).toISOString(), total, points: [...points.values()] };
}

import type { z } from "zod";
import { quotaPeriodStart } from "../quota-period";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { TKeyUsage, TUsage, ZUpdateUsage, ZUsageQuery } from "../schemas/api-keys";
import { notifyGateway } from "./deploy";
import { requirePlan } from "./usage-plans";
import { invalid } from "./shared";

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const parseDay = (s: string) => new Date(`${s}T00:00:00.000Z`);

type Quota = { limit: number; period: "DAY" | "WEEK" | "MONTH"; offset: number };

function quotaOf(plan: { quotaLimit: number | null; quotaPeriod: string | null; quotaOffset: number }): Quota | null {
  const period = plan.quotaPeriod;
  if (plan.quotaLimit === null || (period !== "DAY" && period !== "WEEK" && period !== "MONTH")) return null;
  return { limit: plan.quotaLimit, period, offset: plan.quotaOffset };
}

/**
 * AWS GetUsage: per key, one `[used, remaining]` per day from startDate to
 * endDate (UTC). `remaining` is what the quota left at the end of that day
 * (limit, plus an admin's adjustment in its period, minus the requests since
 * the period started); null for a plan without a quota. Counts reach the
 * database when the gateway flushes (every GATEHOUSE_METRICS_FLUSH_MS).
 */
export async function getUsage(db: Db, planId: string, query: z.output<typeof ZUsageQuery>): Promise<TUsage> {
  const plan = await requirePlan(db, planId);
  const start = parseDay(query.startDate);
  const end = parseDay(query.endDate);
  if (Number.isNaN(start.getTime())) throw invalid([{ field: "startDate", message: "Not a date" }]);
  if (Number.isNaN(end.getTime())) throw invalid([{ field: "endDate", message: "Not a date" }]);
  if (end < start) throw invalid([{ field: "endDate", message: "Must not be before startDate" }]);
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days > MAX_DAYS) throw invalid([{ field: "endDate", message: `At most ${MAX_DAYS} days` }]);

  const quota = quotaOf(plan);
  // Quota "remaining" needs the requests since the first day's period began.
  const from = quota ? quotaPeriodStart(quota.period, quota.offset, start) : start;
  const members = await db.usagePlanKey.findMany({ where: { usagePlanId: planId, ...(query.keyId ? { apiKeyId: query.keyId } : {}) } });
  const rows = await db.apiKeyUsage.findMany({
    where: { usagePlanId: planId, day: { gte: from, lte: end }, ...(query.keyId ? { apiKeyId: query.keyId } : {}) },
  });
  const keyIds = [...new Set([...members.map((m) => m.apiKeyId), ...rows.filter((r) => r.day >= start).map((r) => r.apiKeyId)])].sort();
  const counts = new Map(rows.map((r) => [`${r.apiKeyId} ${dayOf(r.day)}`, r.count]));
  const items: TUsage["items"] = {};
  for (const keyId of keyIds) {
    const member = members.find((m) => m.apiKeyId === keyId);
    const series: Array<[number, number | null]> = [];
    let periodStart = "";
    let usedInPeriod = 0;
    if (quota) {
      // Requests before startDate in the first day's period.
      periodStart = dayOf(from);
      for (let t = from.getTime(); t < start.getTime(); t += DAY_MS) usedInPeriod += counts.get(`${keyId} ${dayOf(new Date(t))}`) ?? 0;
    }
    for (let i = 0; i < days; i++) {
      const day = new Date(start.getTime() + i * DAY_MS);
      const used = counts.get(`${keyId} ${dayOf(day)}`) ?? 0;
      if (!quota) {
        series.push([used, null]);
        continue;
      }
      const dayPeriod = dayOf(quotaPeriodStart(quota.period, quota.offset, day));
      if (dayPeriod !== periodStart) {
        periodStart = dayPeriod;
        usedInPeriod = 0;
      }
      usedInPeriod += used;
      const adjustment = member?.adjustmentPeriodStart && dayOf(member.adjustmentPeriodStart) === periodStart ? member.quotaAdjustment : 0;
      series.push([used, Math.max(0, quota.limit + adjustment - usedInPeriod)]);
    }
    items[keyId] = series;
  }
  return { usagePlanId: planId, startDate: query.startDate, endDate: query.endDate, items };
}

async function keyUsageNow(db: Db, planId: string, keyId: string) {
  const plan = await requirePlan(db, planId);
  const quota = quotaOf(plan);
  if (!quota) throw new AppError("bad-request", `Usage plan ${plan.name} has no quota.`);
  const member = await db.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } } });
  if (!member) throw new AppError("not-found", `API key ${keyId} is not in usage plan ${planId}.`);
  const periodStart = quotaPeriodStart(quota.period, quota.offset, new Date());
  const total = await db.apiKeyUsage.aggregate({ where: { usagePlanId: planId, apiKeyId: keyId, day: { gte: periodStart } }, _sum: { count: true } });
  const used = total._sum.count ?? 0;
  const adjustment = member.adjustmentPeriodStart?.getTime() === periodStart.getTime() ? member.quotaAdjustment : 0;
  return { quota, periodStart, used, adjustment };
}

const keyUsageOut = (planId: string, keyId: string, u: { quota: Quota; periodStart: Date; used: number; adjustment: number }): TKeyUsage => ({
  usagePlanId: planId,
  keyId,
  periodStart: u.periodStart.toISOString(),
  used: u.used,
  limit: u.quota.limit + u.adjustment,
  remaining: Math.max(0, u.quota.limit + u.adjustment - u.used),
});

/** The key's quota in the current period. */
export async function getKeyUsage(db: Db, planId: string, keyId: string): Promise<TKeyUsage> {
  return keyUsageOut(planId, keyId, await keyUsageNow(db, planId, keyId));
}

/**
 * AWS UpdateUsage: sets what is left of the key's quota in the current period
 * (`remaining`), adds to it (`extendBy`) or restores the whole limit
 * (`reset`), as an adjustment of that period's limit; the gateway applies it
 * within a second. Requests the gateway has not flushed yet still count.
 */
export async function updateUsage(db: Db, planId: string, keyId: string, input: z.output<typeof ZUpdateUsage>): Promise<TKeyUsage> {
  const now = await keyUsageNow(db, planId, keyId);
  const remainingNow = now.quota.limit + now.adjustment - now.used;
  const target = input.reset ? now.quota.limit : input.remaining !== undefined ? input.remaining : Math.max(0, remainingNow) + input.extendBy!;
  const adjustment = target - now.quota.limit + now.used;
  await db.$transaction(async (tx) => {
    await tx.usagePlanKey.update({
      where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } },
      data: { quotaAdjustment: adjustment, adjustmentPeriodStart: now.periodStart },
    });
    await notifyGateway(tx, { kind: "access", what: "usage-plan", id: planId });
  });
  return keyUsageOut(planId, keyId, { ...now, adjustment });
}

import type pg from "pg";
import { PeriodicFlush } from "../periodic-flush";
import type { ApiKeyStore, ServedUsagePlan } from "./key-store";
import { quotaPeriodStart, utcDay } from "../../lib/quota-period";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/** day (YYYY-MM-DD) → requests. */
type DayCounts = Map<string, number>;

const pairKey = (planId: string, keyId: string) => `${planId}\u0000${keyId}`;

function add(target: Map<string, DayCounts>, pair: string, day: string, n: number): void {
  let days = target.get(pair);
  if (!days) target.set(pair, (days = new Map()));
  days.set(day, (days.get(day) ?? 0) + n);
}

function sumFrom(days: DayCounts | undefined, fromDay: string): number {
  let total = 0;
  if (days) for (const [day, n] of days) if (day >= fromDay) total += n;
  return total;
}

/**
 * Requests per key per plan per UTC day. The request path only touches
 * memory: counts are written in batches (`INSERT … ON CONFLICT DO UPDATE
 * count = count + EXCLUDED.count`) and a quota check is the database total for
 * the period, as last read, plus what this gateway counted since. After a
 * write, and at most every `refreshMs`, the totals of every key in a plan with
 * a quota are read again (to see other gateways' requests and resets).
 */
export class UsageCounter {
  /** Not yet written. */
  private pending = new Map<string, DayCounts>();
  /** Being written right now. */
  private inFlight = new Map<string, DayCounts>();
  /** Database total of the period starting at `periodDay`, for plan + key. */
  private base = new Map<string, { periodDay: string; count: number }>();
  private lastRefresh = 0;
  /** Called with PostgreSQL's period totals after each refresh (the Redis backend raises its counters to them). */
  onRefreshed?: (totals: Array<{ plan: ServedUsagePlan; keyId: string; periodDay: string; count: number }>) => void;
  /** plan + key + period already reported as over quota (logged once per period). */
  private reportedExcess = new Set<string>();
  private readonly periodic = new PeriodicFlush(() => this.cycle());

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: ApiKeyStore,
    private readonly log: Log,
    private readonly refreshMs = 2_000,
  ) {}

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  flush(): Promise<void> {
    return this.periodic.flush();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  record(planId: string, keyId: string, at = Date.now()): void {
    add(this.pending, pairKey(planId, keyId), utcDay(at), 1);
  }

  /** Requests counted against the plan's quota in the period containing `at`. */
  used(plan: ServedUsagePlan, keyId: string, at = Date.now()): number {
    if (!plan.quota) return 0;
    const periodDay = utcDay(quotaPeriodStart(plan.quota.period, plan.quota.offset, new Date(at)));
    const pair = pairKey(plan.id, keyId);
    const base = this.base.get(pair);
    return (base?.periodDay === periodDay ? base.count : 0) + sumFrom(this.pending.get(pair), periodDay) + sumFrom(this.inFlight.get(pair), periodDay);
  }

  private async cycle(): Promise<void> {
    await this.writeBatch();
    if (Date.now() - this.lastRefresh >= this.refreshMs) await this.refresh().catch((err: Error) => this.log("warn", `could not read API key usage: ${err.message}`));
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return;
    this.inFlight = this.pending;
    this.pending = new Map();
    const rows: Array<{ planId: string; keyId: string; day: string; count: number }> = [];
    for (const [pair, days] of this.inFlight) {
      const [planId, keyId] = pair.split("\u0000");
      for (const [day, count] of days) rows.push({ planId, keyId, day, count });
    }
    try {
      await this.pool.query(
        `INSERT INTO "ApiKeyUsage" ("usagePlanId", "apiKeyId", "day", "count")
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int[])
         ON CONFLICT ("usagePlanId", "apiKeyId", "day")
         DO UPDATE SET "count" = "ApiKeyUsage"."count" + EXCLUDED."count"`,
        [rows.map((r) => r.planId), rows.map((r) => r.keyId), rows.map((r) => r.day), rows.map((r) => r.count)],
      );
      // Written: the counts move into the known totals.
      for (const [pair, days] of this.inFlight) {
        const base = this.base.get(pair);
        if (base) base.count += sumFrom(days, base.periodDay);
      }
    } catch (err) {
      for (const [pair, days] of this.inFlight) for (const [day, n] of days) add(this.pending, pair, day, n);
      this.log("warn", `could not write API key usage, will retry: ${(err as Error).message}`);
    } finally {
      this.inFlight = new Map();
    }
  }

  /** Reads the period totals of every key of every plan with a quota. */
  async refresh(at = Date.now()): Promise<void> {
    this.lastRefresh = Date.now();
    const plans = this.store.plansWithQuota();
    if (plans.length === 0) return;
    const starts = plans.map((p) => utcDay(quotaPeriodStart(p.quota!.period, p.quota!.offset, new Date(at))));
    const { rows } = await this.pool.query<{ usagePlanId: string; apiKeyId: string; total: string }>(
      `SELECT u."usagePlanId", u."apiKeyId", SUM(u."count")::text AS total
       FROM "ApiKeyUsage" u JOIN unnest($1::text[], $2::date[]) AS p("id", "start") ON u."usagePlanId" = p."id" AND u."day" >= p."start"
       GROUP BY u."usagePlanId", u."apiKeyId"`,
      [plans.map((p) => p.id), starts],
    );
    const totals = new Map(rows.map((r) => [pairKey(r.usagePlanId, r.apiKeyId), Number(r.total)]));
    const next = new Map<string, { periodDay: string; count: number }>();
    const refreshed: Array<{ plan: ServedUsagePlan; keyId: string; periodDay: string; count: number }> = [];
    plans.forEach((plan, i) => {
      for (const [keyId, planKey] of plan.keys) {
        const pair = pairKey(plan.id, keyId);
        const count = totals.get(pair) ?? 0;
        next.set(pair, { periodDay: starts[i], count });
        if (count > 0) refreshed.push({ plan, keyId, periodDay: starts[i], count });
        // More than the quota can only come from instances deciding alone (shared store unreachable, allow policy).
        const limit = plan.quota!.limit + (planKey.adjustmentPeriodDay === starts[i] ? planKey.quotaAdjustment : 0);
        const reported = `${pair}\u0000${starts[i]}`;
        if (count > limit && !this.reportedExcess.has(reported)) {
          this.reportedExcess.add(reported);
          this.log("warn", `API key ${keyId} used ${count} requests of usage plan ${plan.id}'s quota of ${limit} (${count - limit} over, accepted while limits were not shared)`);
        }
      }
    });
    this.base = next;
    this.onRefreshed?.(refreshed);
  }
}

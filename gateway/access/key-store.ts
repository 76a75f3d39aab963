import type pg from "pg";
import type { AccessNotice } from "../snapshot-store";
import { HashIndex } from "./hash-index";
import type { QuotaPeriod } from "../../lib/quota-period";
import type { ThrottleLimits } from "./token-bucket";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/** What the gateway knows about a key: never its value, only the hash it was found by. */
export interface ServedApiKey {
  id: string;
  enabled: boolean;
  hash: string;
}

export interface ServedPlanKey {
  /** Added to the quota limit in the period starting at `adjustmentPeriodStart` (AWS UpdateUsage). */
  quotaAdjustment: number;
  /** YYYY-MM-DD (UTC) of that period's start. */
  adjustmentPeriodDay: string | null;
}

export interface ServedUsagePlan {
  id: string;
  throttle: ThrottleLimits | null;
  quota: { limit: number; period: QuotaPeriod; offset: number } | null;
  /** `restApiId\0stageName` → per-method throttles keyed `/path/VERB`. */
  stages: Map<string, Record<string, ThrottleLimits>>;
  keys: Map<string, ServedPlanKey>;
}

const stageKey = (restApiId: string, stageName: string) => `${restApiId}\u0000${stageName}`;

interface KeyRow {
  id: string;
  enabled: boolean;
  valueHash: string;
}
interface PlanRow {
  id: string;
  throttleRateLimit: number | null;
  throttleBurstLimit: number | null;
  quotaLimit: number | null;
  quotaPeriod: string | null;
  quotaOffset: number;
}
interface PlanStageRow {
  usagePlanId: string;
  restApiId: string;
  stageName: string;
  methodThrottle: unknown;
}
interface PlanKeyRow {
  usagePlanId: string;
  apiKeyId: string;
  quotaAdjustment: number;
  adjustmentDay: string | null;
}

function methodThrottles(value: unknown): Record<string, ThrottleLimits> {
  const out: Record<string, ThrottleLimits> = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [path, limits] of Object.entries(value as Record<string, unknown>)) {
    const l = limits as { rateLimit?: unknown; burstLimit?: unknown } | null;
    if (l && typeof l.rateLimit === "number" && typeof l.burstLimit === "number") out[path] = { rateLimit: l.rateLimit, burstLimit: l.burstLimit };
  }
  return out;
}

function buildPlan(row: PlanRow, stages: PlanStageRow[], keys: PlanKeyRow[]): ServedUsagePlan {
  const period = row.quotaPeriod === "DAY" || row.quotaPeriod === "WEEK" || row.quotaPeriod === "MONTH" ? row.quotaPeriod : null;
  return {
    id: row.id,
    throttle: row.throttleRateLimit !== null && row.throttleBurstLimit !== null ? { rateLimit: row.throttleRateLimit, burstLimit: row.throttleBurstLimit } : null,
    quota: row.quotaLimit !== null && period ? { limit: row.quotaLimit, period, offset: row.quotaOffset } : null,
    stages: new Map(stages.map((s) => [stageKey(s.restApiId, s.stageName), methodThrottles(s.methodThrottle)])),
    keys: new Map(
      keys.map((k) => [k.apiKeyId, { quotaAdjustment: k.quotaAdjustment, adjustmentPeriodDay: k.adjustmentDay }]),
    ),
  };
}

/**
 * API keys and usage plans as the gateway serves them: loaded at start,
 * reloaded one at a time on `{"kind":"access"}` notices and whole after a
 * lost LISTEN connection. Keys are held by the SHA-256 of their value (the
 * value itself is never loaded); lookups compare digests in constant time.
 */
export class ApiKeyStore {
  private readonly byHash = new HashIndex<ServedApiKey>();
  private readonly keysById = new Map<string, ServedApiKey>();
  private readonly plans = new Map<string, ServedUsagePlan>();
  /** `restApiId\0stageName` → ids of the plans associated with it. */
  private stagePlans = new Map<string, Set<string>>();
  /** Increases with every reload started, so an older reload finishing late never wins. */
  private generation = 0;
  private readonly applied = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  async loadAll(): Promise<void> {
    const gen = ++this.generation;
    const [keys, plans, stages, planKeys] = await Promise.all([
      this.pool.query<KeyRow>(`SELECT "id", "enabled", "valueHash" FROM "ApiKey"`),
      this.pool.query<PlanRow>(`SELECT "id", "throttleRateLimit", "throttleBurstLimit", "quotaLimit", "quotaPeriod", "quotaOffset" FROM "UsagePlan"`),
      this.pool.query<PlanStageRow>(`SELECT "usagePlanId", "restApiId", "stageName", "methodThrottle" FROM "UsagePlanStage"`),
      this.pool.query<PlanKeyRow>(`SELECT "usagePlanId", "apiKeyId", "quotaAdjustment", to_char("adjustmentPeriodStart", 'YYYY-MM-DD') AS "adjustmentDay" FROM "UsagePlanKey"`),
    ]);
    this.byHash.clear();
    this.keysById.clear();
    for (const row of keys.rows) this.putKey(row);
    this.plans.clear();
    for (const row of plans.rows) {
      this.plans.set(
        row.id,
        buildPlan(
          row,
          stages.rows.filter((s) => s.usagePlanId === row.id),
          planKeys.rows.filter((k) => k.usagePlanId === row.id),
        ),
      );
    }
    this.applied.clear();
    for (const id of [...this.keysById.keys()].map((k) => `api-key:${k}`).concat([...this.plans.keys()].map((p) => `usage-plan:${p}`))) this.applied.set(id, gen);
    this.indexStages();
  }

  /** A notice from the snapshot store's LISTEN connection. */
  onNotice(notice: AccessNotice): void {
    const reload = notice.what === "api-key" ? this.reloadKey(notice.id) : notice.what === "usage-plan" ? this.reloadPlan(notice.id) : null;
    reload?.catch((err: Error) => this.log("warn", `could not reload ${notice.what} ${notice.id}: ${err.message}`));
  }

  onReconnect(): void {
    this.loadAll().catch((err: Error) => this.log("warn", `could not reload API keys and usage plans: ${err.message}`));
  }

  async reloadKey(id: string): Promise<void> {
    const gen = ++this.generation;
    const { rows } = await this.pool.query<KeyRow>(`SELECT "id", "enabled", "valueHash" FROM "ApiKey" WHERE "id" = $1`, [id]);
    if ((this.applied.get(`api-key:${id}`) ?? 0) > gen) return;
    this.applied.set(`api-key:${id}`, gen);
    const old = this.keysById.get(id);
    if (old) {
      this.byHash.delete(old.hash);
      this.keysById.delete(id);
    }
    if (rows[0]) this.putKey(rows[0]);
  }

  async reloadPlan(id: string): Promise<void> {
    const gen = ++this.generation;
    const [plan, stages, keys] = await Promise.all([
      this.pool.query<PlanRow>(`SELECT "id", "throttleRateLimit", "throttleBurstLimit", "quotaLimit", "quotaPeriod", "quotaOffset" FROM "UsagePlan" WHERE "id" = $1`, [id]),
      this.pool.query<PlanStageRow>(`SELECT "usagePlanId", "restApiId", "stageName", "methodThrottle" FROM "UsagePlanStage" WHERE "usagePlanId" = $1`, [id]),
      this.pool.query<PlanKeyRow>(`SELECT "usagePlanId", "apiKeyId", "quotaAdjustment", to_char("adjustmentPeriodStart", 'YYYY-MM-DD') AS "adjustmentDay" FROM "UsagePlanKey" WHERE "usagePlanId" = $1`, [id]),
    ]);
    if ((this.applied.get(`usage-plan:${id}`) ?? 0) > gen) return;
    this.applied.set(`usage-plan:${id}`, gen);
    if (plan.rows[0]) this.plans.set(id, buildPlan(plan.rows[0], stages.rows, keys.rows));
    else this.plans.delete(id);
    this.indexStages();
  }

  private putKey(row: KeyRow): void {
    const key: ServedApiKey = { id: row.id, enabled: row.enabled, hash: row.valueHash };
    this.keysById.set(row.id, key);
    this.byHash.set(row.valueHash, key);
  }

  private indexStages(): void {
    const index = new Map<string, Set<string>>();
    for (const plan of this.plans.values()) {
      for (const stage of plan.stages.keys()) {
        let set = index.get(stage);
        if (!set) index.set(stage, (set = new Set()));
        set.add(plan.id);
      }
    }
    this.stagePlans = index;
  }

  /** The key whose value was presented (by hash, constant-time comparison), enabled or not. */
  findKey(presented: string): ServedApiKey | undefined {
    return this.byHash.lookup(presented);
  }

  /** The usage plan associating this key with the API stage (at most one: one plan per key per stage). */
  planFor(restApiId: string, stageName: string, keyId: string): ServedUsagePlan | undefined {
    const ids = this.stagePlans.get(stageKey(restApiId, stageName));
    if (!ids) return undefined;
    for (const id of ids) {
      const plan = this.plans.get(id);
      if (plan?.keys.has(keyId)) return plan;
    }
    return undefined;
  }

  /** The per-method throttles of a plan on a stage. */
  methodThrottles(plan: ServedUsagePlan, restApiId: string, stageName: string): Record<string, ThrottleLimits> {
    return plan.stages.get(stageKey(restApiId, stageName)) ?? {};
  }

  /** Every plan with a quota (for the usage counter's refresh). */
  plansWithQuota(): ServedUsagePlan[] {
    return [...this.plans.values()].filter((p) => p.quota !== null);
  }

  get keyCount(): number {
    return this.keysById.size;
  }
}

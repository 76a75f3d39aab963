import type { Redis } from "ioredis";
import type { BucketRequest, QuotaRequest, QuotaResult, StateBackend } from "./backend";
import { CONSUME_QUOTA, RECONCILE_QUOTAS, TAKE_TOKENS } from "./lua";
import { MemoryStateBackend } from "./memory-backend";
import type { Log, RedisConnection } from "./redis-connection";

export type QuotaOutagePolicy = "allow" | "deny";

interface ScriptClient {
  gatehouseTake(numKeys: number, ...args: Array<string | number>): Promise<number>;
  gatehouseQuota(numKeys: number, ...args: Array<string | number>): Promise<number>;
  gatehouseReconcile(numKeys: number, ...args: Array<string | number>): Promise<number>;
}

const scripted = new WeakSet<Redis>();

/** Registers the scripts once per client (ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT). */
function scripts(client: Redis): ScriptClient {
  if (!scripted.has(client)) {
    client.defineCommand("gatehouseTake", { lua: TAKE_TOKENS });
    client.defineCommand("gatehouseQuota", { lua: CONSUME_QUOTA });
    client.defineCommand("gatehouseReconcile", { lua: RECONCILE_QUOTAS });
    scripted.add(client);
  }
  return client as unknown as ScriptClient;
}

/**
 * Buckets and quota counters in Redis, shared by every gateway instance on the
 * same `REDIS_URL` and key prefix. While Redis is unreachable (connection
 * down, breaker open, a command failing or timing out) each call falls back at
 * once to this instance's memory backend: local throttle buckets with the same
 * limits, and for quotas the outage policy (`allow`: the local count decides;
 * `deny`: refuse). It rejoins when the connection is ready again.
 */
export class RedisStateBackend implements StateBackend {
  readonly kind = "redis" as const;
  readonly local: MemoryStateBackend;
  private readonly commands: ScriptClient;
  private outageQuotaRequests = 0;

  constructor(
    readonly connection: RedisConnection,
    private readonly prefix: string,
    private readonly quotaOutagePolicy: QuotaOutagePolicy,
    private readonly log: Log,
    local?: MemoryStateBackend,
  ) {
    this.local = local ?? new MemoryStateBackend();
    this.commands = scripts(connection.client);
    connection.onDown(() => {
      this.outageQuotaRequests = 0;
    });
    connection.onUp(() => {
      if (this.outageQuotaRequests > 0) {
        this.log("warn", `${this.outageQuotaRequests} requests with a quota were ${this.quotaOutagePolicy === "allow" ? "allowed on local counts" : "denied"} while Redis was unavailable`);
        this.outageQuotaRequests = 0;
      }
    });
  }

  async take(buckets: BucketRequest[]): Promise<number> {
    if (buckets.length === 0) return -1;
    const args: Array<string | number> = buckets.map((b) => `${this.prefix}b:${b.key}`);
    for (const b of buckets) args.push(Math.max(0, b.limits.rateLimit), Math.max(0, b.limits.burstLimit));
    const result = await this.connection.run(() => this.commands.gatehouseTake(buckets.length, ...args));
    if (!result.ok) return this.local.take(buckets);
    return result.value === 0 ? -1 : result.value - 1;
  }

  async consumeQuota(quota: QuotaRequest): Promise<QuotaResult> {
    const result = await this.connection.run(() =>
      this.commands.gatehouseQuota(1, `${this.prefix}q:${quota.key}`, quota.limit, quota.localUsed, quota.periodEndsAt + 86_400_000),
    );
    if (result.ok) return result.value < 0 ? { ok: false, reason: "exceeded" } : { ok: true, shared: true };
    this.outageQuotaRequests++;
    if (this.quotaOutagePolicy === "deny") return { ok: false, reason: "unavailable" };
    return this.local.consumeQuota(quota);
  }

  async reconcileQuotas(totals: Array<{ key: string; used: number; periodEndsAt: number }>): Promise<void> {
    if (totals.length === 0 || !this.connection.isUp()) return;
    for (let i = 0; i < totals.length; i += 200) {
      const batch = totals.slice(i, i + 200);
      const args: Array<string | number> = batch.map((t) => `${this.prefix}q:${t.key}`);
      for (const t of batch) args.push(t.used, t.periodEndsAt + 86_400_000);
      const result = await this.connection.run(() => this.commands.gatehouseReconcile(batch.length, ...args));
      if (!result.ok) return;
    }
  }

  isShared(): boolean {
    return this.connection.isUp();
  }

  onRejoin(listener: () => void): void {
    this.connection.onUp(listener);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { ApiKeyStore, ServedUsagePlan } from "../../gateway/access/key-store";
import { UsageCounter } from "../../gateway/access/usage";

const plan: ServedUsagePlan = {
  id: "plan1",
  throttle: null,
  quota: { limit: 10, period: "DAY", offset: 0 },
  stages: new Map(),
  keys: new Map([["key1", { quotaAdjustment: 0, adjustmentPeriodDay: null }]]),
};
const store = { plansWithQuota: () => [plan] } as unknown as ApiKeyStore;

/** A pool whose INSERT can be made to fail, and whose SELECT answers `dbTotal`. */
function pool(state: { failInsert: boolean; dbTotal: number; inserted: number[][] }): pg.Pool {
  return {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes("INSERT")) {
        if (state.failInsert) throw new Error("database down");
        state.inserted.push(params[3] as number[]);
        state.dbTotal += (params[3] as number[]).reduce((a, b) => a + b, 0);
        return { rows: [] };
      }
      return { rows: state.dbTotal ? [{ usagePlanId: "plan1", apiKeyId: "key1", total: String(state.dbTotal) }] : [] };
    },
  } as unknown as pg.Pool;
}

describe("usage counter", () => {
  it("counts locally, writes in one batch, keeps the total across the write and a refresh", async () => {
    const state = { failInsert: false, dbTotal: 0, inserted: [] as number[][] };
    const counter = new UsageCounter(pool(state), store, () => {}, 0);
    await counter.refresh();
    counter.record("plan1", "key1");
    counter.record("plan1", "key1");
    counter.record("plan1", "key1");
    expect(counter.used(plan, "key1")).toBe(3);
    await counter.flush();
    expect(state.inserted).toEqual([[3]]);
    expect(counter.used(plan, "key1")).toBe(3);
    // Another gateway's requests show up at the next refresh.
    state.dbTotal += 4;
    await counter.refresh();
    counter.record("plan1", "key1");
    expect(counter.used(plan, "key1")).toBe(8);
  });

  it("keeps a batch that could not be written for the next flush", async () => {
    const state = { failInsert: true, dbTotal: 0, inserted: [] as number[][] };
    const logs: string[] = [];
    const counter = new UsageCounter(pool(state), store, (_l, m) => logs.push(m), 60_000);
    counter.record("plan1", "key1");
    counter.record("plan1", "key1");
    await counter.flush();
    expect(logs.join()).toContain("will retry");
    expect(counter.used(plan, "key1")).toBe(2);
    state.failInsert = false;
    counter.record("plan1", "key1");
    await counter.flush();
    expect(state.inserted).toEqual([[3]]);
  });
});

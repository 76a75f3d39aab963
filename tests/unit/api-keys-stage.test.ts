import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { ApiKeyAccess } from "../../gateway/access/api-keys";
import { hashApiKey } from "../../gateway/access/hash-index";
import { InvalidKeyLimiter } from "../../gateway/access/invalid-key-limiter";
import { ApiKeyStore } from "../../gateway/access/key-store";
import { MemoryStateBackend } from "../../gateway/state/memory-backend";
import { UsageCounter } from "../../gateway/access/usage";
import { GatewayError } from "../../gateway/errors";
import { apiKeyStage } from "../../gateway/pipeline/api-key";
import { testMethod, testRequestContext } from "../helpers/request-context";

const KEY = "unit-test-key-value-0123456789";

/** A pg pool answering the key store's queries from fixed rows. */
function fakePool(methodThrottle: Record<string, unknown> = {}): pg.Pool {
  const tables: Record<string, unknown[]> = {
    '"ApiKey"': [{ id: "key1", enabled: true, valueHash: hashApiKey(KEY) }],
    '"UsagePlan"': [{ id: "plan1", throttleRateLimit: 100, throttleBurstLimit: 100, quotaLimit: 3, quotaPeriod: "DAY", quotaOffset: 0 }],
    '"UsagePlanStage"': [{ usagePlanId: "plan1", restApiId: "abcdefghij", stageName: "test", methodThrottle }],
    '"UsagePlanKey"': [{ usagePlanId: "plan1", apiKeyId: "key1", quotaAdjustment: 0, adjustmentDay: null }],
  };
  return {
    query: async (sql: string) => {
      const table = Object.keys(tables).find((t) => new RegExp(`FROM ${t}(\\s|$)`).test(sql));
      return { rows: table ? tables[table] : [] };
    },
  } as unknown as pg.Pool;
}

async function access(methodThrottle?: Record<string, unknown>): Promise<ApiKeyAccess> {
  const pool = fakePool(methodThrottle);
  const keys = new ApiKeyStore(pool, () => {});
  await keys.loadAll();
  return { keys, usage: new UsageCounter(pool, keys, () => {}), state: new MemoryStateBackend(), invalidKeys: new InvalidKeyLimiter(), log: () => {}, close: async () => {} };
}

const required = testMethod({ apiKeyRequired: true });

async function run(a: ApiKeyAccess, ctx = testRequestContext({ routeMethod: required, headers: [["X-Api-Key", KEY]] })) {
  try {
    await apiKeyStage(a)(ctx);
    return { ctx, error: null };
  } catch (err) {
    return { ctx, error: err as GatewayError };
  }
}

describe("API key stage", () => {
  it("does nothing for methods without apiKeyRequired", async () => {
    const { error, ctx } = await run(await access(), testRequestContext());
    expect(error).toBeNull();
    expect(ctx.identity).toBeUndefined();
  });

  it("reads x-api-key (any case) with source HEADER and fills identity.apiKey(Id)", async () => {
    const { error, ctx } = await run(await access());
    expect(error).toBeNull();
    expect(ctx.identity).toEqual({ apiKey: KEY, apiKeyId: "key1" });
  });

  it("reads the authorizer's usageIdentifierKey with source AUTHORIZER, ignoring the header", async () => {
    const a = await access();
    const ctx = testRequestContext({ routeMethod: required, headers: [["x-api-key", KEY]], snapshot: { apiKeySource: "AUTHORIZER" } });
    expect((await run(a, ctx)).error?.type).toBe("INVALID_API_KEY");
    const viaAuthorizer = testRequestContext({ routeMethod: required, snapshot: { apiKeySource: "AUTHORIZER" } });
    viaAuthorizer.authorizer = { principalId: "u", usageIdentifierKey: KEY };
    const { error, ctx: out } = await run(a, viaAuthorizer);
    expect(error).toBeNull();
    expect(out.identity?.apiKeyId).toBe("key1");
  });

  it("answers 403 for a key not in a plan of this stage", async () => {
    const ctx = testRequestContext({ routeMethod: required, headers: [["x-api-key", KEY]] });
    ctx.stageName = "other";
    const { error } = await run(await access(), ctx);
    expect(error?.type).toBe("INVALID_API_KEY");
    expect(error?.status).toBe(403);
    expect(error?.logMessage).not.toContain(KEY);
  });

  it("applies a method throttle keyed resourcePath/VERB instead of the plan's", async () => {
    const a = await access({ "/items/{id}/GET": { rateLimit: 0, burstLimit: 1 } });
    expect((await run(a)).error).toBeNull();
    expect((await run(a)).error?.type).toBe("THROTTLED");
  });

  it("counts requests against the quota: QUOTA_EXCEEDED after the limit", async () => {
    const a = await access();
    for (let i = 0; i < 3; i++) expect((await run(a)).error).toBeNull();
    const { error } = await run(a);
    expect(error?.type).toBe("QUOTA_EXCEEDED");
    expect(error?.message).toBe("Limit Exceeded");
  });
});

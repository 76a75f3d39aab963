import { describe, expect, it } from "vitest";
import { awsMethodSettingKey, cachePolicy, normalizeMethodSettingKey, normalizeMethodSettings } from "../../lib/cache-policy";
import { applyStagePatch } from "../../lib/services/stage-patch";
import { settingOperations } from "../../components/stage/setting-ops";
import type { TStage } from "../../lib/schemas/management";

describe("method settings keys in AWS's form", () => {
  it("escapes every / of the resource path, the leading one included", () => {
    expect(awsMethodSettingKey("/items/{id}", "GET")).toBe("~1items~1{id}/GET");
    expect(awsMethodSettingKey("/", "GET")).toBe("~1/GET");
  });

  it("rewrites the old form (no leading ~1) and keeps AWS's form and */*", () => {
    expect(normalizeMethodSettingKey("items~1{id}/GET")).toBe("~1items~1{id}/GET");
    expect(normalizeMethodSettingKey("items/GET")).toBe("~1items/GET");
    expect(normalizeMethodSettingKey("~1items/GET")).toBe("~1items/GET");
    expect(normalizeMethodSettingKey("~1/GET")).toBe("~1/GET");
    expect(normalizeMethodSettingKey("*/*")).toBe("*/*");
  });

  it("merges an old-form and an AWS-form entry of one method, AWS's values winning", () => {
    const out = normalizeMethodSettings({
      "~1items/GET": { throttlingRateLimit: 5 },
      "items/GET": { throttlingRateLimit: 1, cachingEnabled: true },
      "*/*": { cachingEnabled: true },
    } as Record<string, Record<string, unknown>>);
    expect(out).toEqual({ "~1items/GET": { throttlingRateLimit: 5, cachingEnabled: true }, "*/*": { cachingEnabled: true } });
  });

  it("patch operations on either form land on the AWS key, keeping the other fields", () => {
    const stage = { methodSettings: { "items/GET": { cachingEnabled: true, requireAuthorizationForCacheControl: false } }, variables: {}, version: 1 } as unknown as TStage;
    const body = applyStagePatch(stage, [{ op: "replace", path: "/~1items/GET/throttling/rateLimit", value: "5" }]);
    expect(body.methodSettings).toEqual({ "~1items/GET": { cachingEnabled: true, requireAuthorizationForCacheControl: false, throttlingRateLimit: 5 } });
    const removed = applyStagePatch(stage, [{ op: "remove", path: "/~1items/GET" }]);
    expect(removed.methodSettings).toEqual({});
  });

  it("the gateway reads both forms", () => {
    const settings = { "items/GET": { cachingEnabled: true, cacheTtlInSeconds: 60 } };
    expect(cachePolicy({ cache: { enabled: true }, methodSettings: settings }, "/items", "GET", "GET")?.ttlSeconds).toBe(60);
    expect(cachePolicy({ cache: { enabled: true }, methodSettings: normalizeMethodSettings(settings) }, "/items", "GET", "GET")?.ttlSeconds).toBe(60);
  });
});

describe("console sections send only the fields they changed", () => {
  it("an unchanged value sends nothing; a changed one a replace; a cleared one a remove", () => {
    const before = { throttlingRateLimit: 5, throttlingBurstLimit: 5, cachingEnabled: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" };
    expect(settingOperations("items/GET", before, { throttlingRateLimit: "5", throttlingBurstLimit: "" })).toEqual([
      { op: "remove", path: "/~1items/GET/throttling/burstLimit" },
    ]);
    expect(settingOperations("~1items/GET", before, { metricsEnabled: true, loggingLevel: "INFO" })).toEqual([
      { op: "replace", path: "/~1items/GET/metrics/enabled", value: "true" },
      { op: "replace", path: "/~1items/GET/logging/loglevel", value: "INFO" },
    ]);
  });
});

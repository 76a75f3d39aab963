import { normalizeMethodSettingKey } from "@/lib/cache-policy";

/**
 * AWS UpdateStage patch operations for method settings, built from what a
 * console section changed: each section sends only the fields the user
 * changed in it, so saving one section never resets fields another owns
 * (throttling, caching, logging). Keys are written in AWS's form (`~1items/GET`).
 */

export interface PatchOperation {
  op: "replace" | "remove";
  path: string;
  value?: string;
}

/** Method-setting field → its patch path under `/{resource}/{VERB}/` (AWS names). */
export const SETTING_PATH: Record<string, string> = {
  metricsEnabled: "metrics/enabled",
  loggingLevel: "logging/loglevel",
  dataTraceEnabled: "logging/dataTrace",
  throttlingRateLimit: "throttling/rateLimit",
  throttlingBurstLimit: "throttling/burstLimit",
  cachingEnabled: "caching/enabled",
  cacheTtlInSeconds: "caching/ttlInSeconds",
  cacheDataEncrypted: "caching/dataEncrypted",
  requireAuthorizationForCacheControl: "caching/requireAuthorizationForCacheControl",
  unauthorizedCacheControlHeaderStrategy: "caching/unauthorizedCacheControlHeaderStrategy",
};

type Value = string | number | boolean | undefined | null;

/**
 * Operations that take `before` (the stored setting, if any) to `after` for
 * the fields named in `after` only: a changed value is a replace, a value
 * cleared to undefined is a remove, an unchanged one sends nothing.
 */
export function settingOperations(key: string, before: Record<string, unknown> | undefined, after: Record<string, Value>): PatchOperation[] {
  const k = normalizeMethodSettingKey(key.trim());
  const ops: PatchOperation[] = [];
  for (const [field, value] of Object.entries(after)) {
    const path = SETTING_PATH[field];
    if (!path) continue;
    const old = before?.[field] as Value;
    if (value === undefined || value === null || value === "") {
      if (old !== undefined && old !== null) ops.push({ op: "remove", path: `/${k}/${path}` });
    } else if (before === undefined || old === undefined || old === null || String(old) !== String(value)) {
      ops.push({ op: "replace", path: `/${k}/${path}`, value: String(value) });
    }
  }
  return ops;
}

/** Removes a whole method setting (every field, all sections). */
export const removeSetting = (key: string): PatchOperation => ({ op: "remove", path: `/${normalizeMethodSettingKey(key.trim())}` });

import { z } from "zod";
import type { Db } from "../db";
import { ZUpdateStage, type TStage } from "../schemas/management";
import { normalizeMethodSettingKey, normalizeMethodSettings } from "../cache-policy";
import { invalid } from "./shared";
import { stageProblems } from "./stage-throttle";
import { getStage } from "./stages";

/**
 * AWS UpdateStage patch operations (`PATCH /restapis/{id}/stages/{name}` with
 * `{"patchOperations": [...]}`), turned into our stage update body. Method
 * settings paths are `/{resource}/{VERB}/{metrics|logging|throttling|caching}/{name}`
 * with the resource path's `/` escaped as `~1` (`/~1items/GET/throttling/rateLimit`),
 * or `/*\/*\/…` for the stage default; the key is stored in AWS's CLI form
 * (`~1items/GET`, `*\/*`): a segment sent without its leading `~1` (`/items/GET/…`)
 * names the same method setting. Values are strings on AWS
 * ("5", "true"); numbers and booleans are read from them.
 */

export const ZStagePatchOperation = z.object({
  op: z.enum(["replace", "add", "remove", "copy", "move", "test"]),
  path: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  from: z.string().optional(),
});
export const ZStagePatch = z.object({ patchOperations: z.array(ZStagePatchOperation), version: z.number().int().optional() });

const SETTING_PATHS: Record<string, { field: string; type: "number" | "boolean" | "string" }> = {
  "throttling/rateLimit": { field: "throttlingRateLimit", type: "number" },
  "throttling/burstLimit": { field: "throttlingBurstLimit", type: "number" },
  "caching/enabled": { field: "cachingEnabled", type: "boolean" },
  "caching/ttlInSeconds": { field: "cacheTtlInSeconds", type: "number" },
  "caching/dataEncrypted": { field: "cacheDataEncrypted", type: "boolean" },
  "caching/requireAuthorizationForCacheControl": { field: "requireAuthorizationForCacheControl", type: "boolean" },
  "caching/unauthorizedCacheControlHeaderStrategy": { field: "unauthorizedCacheControlHeaderStrategy", type: "string" },
  "metrics/enabled": { field: "metricsEnabled", type: "boolean" },
  "logging/loglevel": { field: "loggingLevel", type: "string" },
  "logging/dataTrace": { field: "dataTraceEnabled", type: "boolean" },
};

/** "5" → 5, "true" → true; anything else stays as sent (validation then names the field). */
function coerce(value: unknown, type: "number" | "boolean" | "string"): unknown {
  if (typeof value !== "string") return value;
  const v = value.trim();
  if (type === "number" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) return Number(v);
  if (type === "boolean" && (v === "true" || v === "false")) return v === "true";
  return value;
}

/** The update body (`methodSettings`, `variables`, `description`, `deploymentId`, cache cluster fields) the operations produce from `stage`. */
export function applyStagePatch(stage: TStage, ops: z.output<typeof ZStagePatchOperation>[]): Record<string, unknown> {
  const methodSettings: Record<string, Record<string, unknown>> = normalizeMethodSettings(
    structuredClone(stage.methodSettings) as Record<string, Record<string, unknown>>,
  );
  const variables: Record<string, string> = { ...stage.variables };
  const out: Record<string, unknown> = {};
  let settingsTouched = false;
  let variablesTouched = false;
  ops.forEach((op, i) => {
    const field = `patchOperations[${i}].path`;
    if (op.op !== "replace" && op.op !== "add" && op.op !== "remove") throw invalid([{ field: `patchOperations[${i}].op`, message: `${op.op} is not supported on stages; use replace, add or remove` }]);
    const parts = op.path.split("/").slice(1);
    if (op.path === "/description" || op.path === "/deploymentId") {
      out[op.path.slice(1)] = op.op === "remove" ? (op.path === "/description" ? "" : undefined) : op.value;
      return;
    }
    if (op.path === "/cacheClusterEnabled" || op.path === "/cacheClusterSize") {
      out[op.path.slice(1)] = op.path === "/cacheClusterEnabled" ? coerce(op.value, "boolean") : op.value;
      return;
    }
    if (parts[0] === "variables" && parts.length === 2) {
      variablesTouched = true;
      if (op.op === "remove") delete variables[parts[1]];
      else variables[parts[1]] = String(op.value ?? "");
      return;
    }
    if (parts.length === 2 && op.op === "remove") {
      settingsTouched = true;
      delete methodSettings[normalizeMethodSettingKey(`${parts[0]}/${parts[1]}`)];
      return;
    }
    if (parts.length === 4) {
      const spec = SETTING_PATHS[`${parts[2]}/${parts[3]}`];
      if (!spec) throw invalid([{ field, message: `Unknown method setting ${parts[2]}/${parts[3]} (known: ${Object.keys(SETTING_PATHS).join(", ")})` }]);
      const key = normalizeMethodSettingKey(`${parts[0]}/${parts[1]}`);
      settingsTouched = true;
      const entry = (methodSettings[key] ??= {});
      if (op.op === "remove") delete entry[spec.field];
      else entry[spec.field] = coerce(op.value, spec.type);
      return;
    }
    throw invalid([{ field, message: `Unsupported path ${op.path} (method settings are /{resource}/{VERB}/throttling/rateLimit and the like, e.g. /*/*/throttling/rateLimit or /~1items/GET/throttling/burstLimit)` }]);
  });
  if (settingsTouched) out.methodSettings = methodSettings;
  if (variablesTouched) out.variables = variables;
  return out;
}

/**
 * The body of `PATCH /restapis/{id}/stages/{name}` as a stage update: our own
 * shape (`{version, methodSettings, …}`), or AWS's `{patchOperations}` applied
 * to the current stage (its version is used unless one is sent). Problems name
 * method-settings fields `methodSettings["*\/*"].throttlingRateLimit`.
 */
export async function parseStageUpdate(db: Db, restApiId: string, stageName: string, req: Request): Promise<z.output<typeof ZUpdateStage>> {
  const text = await req.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw invalid([{ field: "body", message: "The body is not valid JSON" }]);
    }
  }
  if (raw && typeof raw === "object" && "patchOperations" in raw) {
    const patch = ZStagePatch.safeParse(raw);
    if (!patch.success) throw invalid(stageProblems(patch.error.issues));
    const stage = await getStage(db, restApiId, stageName);
    raw = { ...applyStagePatch(stage, patch.data.patchOperations), version: patch.data.version ?? stage.version };
  }
  const parsed = ZUpdateStage.safeParse(raw);
  if (!parsed.success) throw invalid(stageProblems(parsed.error.issues));
  return parsed.data;
}

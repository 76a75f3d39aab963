import type { z } from "zod";
import { AppError } from "../../errors";
import { ZUpdateStage, type TStage } from "../../schemas/management";
import { normalizeMethodSettingKey, normalizeMethodSettings } from "../../cache-policy";
import { applyStagePatch } from "../../services/stage-patch";
import { stageProblems } from "../../services/stage-throttle";
import { badRequestException } from "../errors";
import { epochSeconds, patchBool, pathSegments, unsupportedPatch, type PatchOperation } from "./shapes";

/**
 * Stages as AWS shapes them, and AWS UpdateStage patch operations turned into
 * the console's stage update (lib/services/stages.ts updateStage). The paths
 * the console already understands (variables, method settings, cache cluster,
 * description, deploymentId) go through lib/services/stage-patch.ts; canary,
 * access log and tracing paths are read here.
 */

type StageUpdate = z.output<typeof ZUpdateStage>;

/** AWS's defaults for the method setting fields we store only when set. */
const SETTING_DEFAULTS = {
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
  cacheDataEncrypted: false,
};

export function awsStage(s: TStage) {
  const methodSettings = Object.fromEntries(
    Object.entries(s.methodSettings).map(([key, value]) => [
      key,
      // -1 is AWS's "no method-level throttle" (what Terraform writes and reads back when throttling is not configured).
      {
        ...SETTING_DEFAULTS,
        ...value,
        throttlingBurstLimit: value.throttlingBurstLimit ?? -1,
        throttlingRateLimit: value.throttlingRateLimit ?? -1,
      },
    ]),
  );
  return {
    deploymentId: s.deploymentId,
    stageName: s.stageName,
    description: s.description || undefined,
    cacheClusterEnabled: s.cacheClusterEnabled,
    // AWS reports a size only for a stage with a cache (Terraform reads an absent size as "not set").
    cacheClusterSize: s.cacheClusterEnabled ? s.cacheClusterSize : undefined,
    cacheClusterStatus: s.cacheClusterStatus,
    methodSettings,
    variables: Object.keys(s.variables).length > 0 ? s.variables : undefined,
    accessLogSettings: s.accessLogSettings ? { format: s.accessLogSettings.format } : undefined,
    canarySettings: s.canarySettings
      ? {
          percentTraffic: s.canarySettings.percentTraffic,
          deploymentId: s.canarySettings.deploymentId,
          stageVariableOverrides: s.canarySettings.stageVariableOverrides,
          useStageCache: false,
        }
      : undefined,
    tracingEnabled: false,
    createdDate: epochSeconds(s.createdDate),
    lastUpdatedDate: epochSeconds(s.lastUpdatedDate),
  };
}

/** A stage update body checked with the console's schema; BadRequestException naming the fields. */
export function stageUpdateInput(raw: Record<string, unknown>, what = "Invalid request"): StageUpdate {
  const parsed = ZUpdateStage.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw badRequestException(
    `${what}: ${stageProblems(parsed.error.issues)
      .map((p) => `${p.field}: ${p.message}`)
      .join("; ")}`,
  );
}

/** X-Ray is not part of Gatehouse: `false` is accepted (nothing to turn off), `true` refused rather than silently ignored. */
export function refuseTracing(value: unknown, where: string): void {
  if (value === true || value === "true")
    throw badRequestException(`Invalid value for ${where}: X-Ray tracing is not available in Gatehouse.`);
}

type Canary = { deploymentId?: string; percentTraffic: number; stageVariableOverrides: Record<string, string> };

/** The canary patch paths (`/canarySettings/...`); returns the new canary, null to remove it. */
function patchCanary(current: Canary | null, op: PatchOperation): Canary | null {
  const segs = pathSegments(op.path);
  if (segs.length === 1) {
    if (op.op === "remove") return null;
    throw unsupportedPatch(op);
  }
  const canary: Canary = current
    ? { ...current, stageVariableOverrides: { ...current.stageVariableOverrides } }
    : { percentTraffic: 0, stageVariableOverrides: {} };
  const [, field, name] = segs;
  if (field === "percentTraffic" && segs.length === 2 && op.op !== "remove") {
    const n = Number(op.value);
    if (op.value === undefined || op.value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) {
      throw badRequestException(`Invalid patch value for path ${op.path}: percentTraffic is a number from 0 to 100.`);
    }
    canary.percentTraffic = n;
  } else if (field === "deploymentId" && segs.length === 2 && op.op !== "remove") {
    if (!op.value) throw badRequestException(`Invalid patch value for path ${op.path}: a deployment id is required.`);
    canary.deploymentId = op.value;
  } else if (field === "stageVariableOverrides" && segs.length === 3) {
    if (op.op === "remove") delete canary.stageVariableOverrides[name];
    else canary.stageVariableOverrides[name] = op.value ?? "";
  } else if (field === "useStageCache" && segs.length === 2 && op.op !== "remove") {
    // The canary's cache entries are always kept apart from the stage's (gateway/cache/policy.ts).
    if (patchBool(op))
      throw badRequestException(`Invalid patch value for path ${op.path}: a canary never shares the stage's cache in Gatehouse.`);
  } else {
    throw unsupportedPatch(op);
  }
  return canary;
}

/** The paths UpdateStage accepts, listed in the error for any other (as AWS lists its own). */
const STAGE_PATHS = [
  "/deploymentId",
  "/description",
  "/cacheClusterEnabled",
  "/cacheClusterSize",
  "/variables/{name}",
  "/accessLogSettings",
  "/accessLogSettings/destinationArn",
  "/accessLogSettings/format",
  "/tracingEnabled",
  "/canarySettings",
  "/canarySettings/percentTraffic",
  "/canarySettings/deploymentId",
  "/canarySettings/stageVariableOverrides/{name}",
  "/canarySettings/useStageCache",
  ...["metrics/enabled", "logging/dataTrace", "logging/loglevel", "throttling/burstLimit", "throttling/rateLimit"].map(
    (s) => `/{resourcePath}/{httpMethod}/${s}`,
  ),
  ...["ttlInSeconds", "enabled", "dataEncrypted", "requireAuthorizationForCacheControl", "unauthorizedCacheControlHeaderStrategy"].map(
    (s) => `/{resourcePath}/{httpMethod}/caching/${s}`,
  ),
  "/{resourcePath}/{httpMethod}",
];

/** A throttle of -1 is AWS's "none at this level" (Terraform sends it for an unset one): stored as no method-level value. */
function unsetThrottle(op: PatchOperation): PatchOperation {
  const isThrottle = /\/throttling\/(burstLimit|rateLimit)$/.test(op.path);
  if (isThrottle && op.op !== "remove" && op.value !== undefined && Number(op.value) === -1) return { op: "remove", path: op.path };
  return op;
}

/** What the console's stage patch (lib/services/stage-patch.ts) makes of `op`; an unknown path named as AWS does. */
function consolePatch(stage: TStage, op: PatchOperation): Record<string, unknown> {
  if (op.op !== "replace" && op.op !== "add" && op.op !== "remove") throw unsupportedPatch(op);
  const parts = op.path.split("/").slice(1);
  if (op.op === "remove" && parts.length === 2 && parts[0] !== "variables") {
    const key = normalizeMethodSettingKey(`${parts[0]}/${parts[1]}`);
    if (!(key in normalizeMethodSettings(stage.methodSettings))) {
      throw badRequestException(`Cannot remove method setting ${key} because there is no method setting for this method`);
    }
  }
  try {
    return applyStagePatch(stage, [{ op: op.op, path: op.path, value: op.value }]);
  } catch (err) {
    if (err instanceof AppError && err.code !== "not-found") {
      throw badRequestException(`Invalid method setting path: ${op.path}. Must be one of: [${STAGE_PATHS.join(", ")}]`);
    }
    throw err;
  }
}

/**
 * `ops` applied in order to `stage` (nothing stored): the update for the
 * stage service, checked after each operation so an invalid value names its
 * own path. The service then writes everything in one transaction, at the
 * version read here (a concurrent edit answers ConflictException).
 */
export function stagePatchToUpdate(stage: TStage, ops: PatchOperation[]): StageUpdate {
  const working: TStage = structuredClone(stage);
  const update: Record<string, unknown> = { version: stage.version };
  let canary: Canary | null = stage.canarySettings ? { ...stage.canarySettings } : null;
  for (const op of ops) {
    const [head, sub] = pathSegments(op.path);
    if (head === "canarySettings") {
      canary = patchCanary(canary, op);
      update.canarySettings = canary;
    } else if (head === "accessLogSettings") {
      if (op.op === "remove" && (sub === undefined || sub === "format" || sub === "destinationArn")) update.accessLogSettings = null;
      else if (sub === "format" && op.op !== "remove") update.accessLogSettings = { format: op.value ?? "" };
      // Access logs go to Gatehouse's own log store; a destination ARN (CloudWatch, Firehose) has nowhere to point.
      else if (sub === "destinationArn") continue;
      else throw unsupportedPatch(op);
    } else if (op.path === "/tracingEnabled") {
      if (op.op === "remove") continue;
      refuseTracing(patchBool(op), op.path);
    } else {
      const out = consolePatch(working, unsetThrottle(op));
      for (const [key, value] of Object.entries(out)) {
        update[key] = value;
        (working as unknown as Record<string, unknown>)[key] = value;
      }
    }
    const checked = ZUpdateStage.safeParse(update);
    if (!checked.success) {
      const detail = stageProblems(checked.error.issues)
        .map((p) => `${p.field}: ${p.message}`)
        .join("; ");
      throw badRequestException(`Invalid patch value for path ${op.path}: ${detail}`);
    }
  }
  return stageUpdateInput(update);
}

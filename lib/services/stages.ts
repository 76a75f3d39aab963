import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db } from "../db";
import { Prisma, type Stage } from "../generated/prisma/client";
import { CACHE_CLUSTER_SIZES, type TStage, type TStageDeployment, type ZCreateStage, type ZMethodSetting, type ZUpdateStage } from "../schemas/management";
import { AppError } from "../errors";
import { cacheMaxMemoryBytes, invokeUrl } from "../config";
import { normalizeMethodSettings } from "../cache-policy";
import { notifyGateway } from "./deploy";
import { validateStageThrottles } from "./stage-throttle";
import { consoleGatewayUrl, requireApi } from "./restapis";
import { recordStageHistory, stageHistory, type StageChangeReason } from "./stage-history";
import { expectUpdated, expectVersion, invalid, iso, notFound, stringMap, type Tx } from "./shared";

/**
 * Stages (`/restapis/{id}/stages`). Every change notifies the gateway in the
 * same transaction, since it reloads the stage from the database on NOTIFY.
 */

export function toStage(row: Stage, gatewayUrl = consoleGatewayUrl()): TStage {
  return {
    stageName: row.name,
    deploymentId: row.deploymentId,
    description: row.description,
    variables: stringMap(row.variables),
    methodSettings: (row.methodSettings ?? {}) as Record<string, z.output<typeof ZMethodSetting>>,
    canarySettings: row.canaryDeploymentId
      ? { deploymentId: row.canaryDeploymentId, percentTraffic: row.canaryPercent ?? 0, stageVariableOverrides: stringMap(row.canaryVariables) }
      : null,
    cacheClusterEnabled: row.cacheClusterEnabled,
    cacheClusterSize: row.cacheClusterSize,
    cacheClusterStatus: row.cacheClusterEnabled ? "AVAILABLE" : "NOT_AVAILABLE",
    accessLogSettings: row.accessLogFormat ? { format: row.accessLogFormat } : null,
    invokeUrl: invokeUrl(gatewayUrl, row.restApiId, row.name),
    createdDate: iso(row.createdAt),
    lastUpdatedDate: iso(row.updatedAt),
    version: row.version,
  };
}

export async function requireStage(tx: Tx | Db, restApiId: string, stageName: string): Promise<Stage> {
  const row = await tx.stage.findUnique({ where: { restApiId_name: { restApiId, name: stageName } } });
  if (!row) {
    await requireApi(tx, restApiId);
    throw notFound(`Stage ${stageName} does not exist in REST API ${restApiId}.`);
  }
  return row;
}

/**
 * 400 naming cacheClusterSize when the size (GB) cannot fit in the memory a
 * gateway process may give its cache (GATEHOUSE_CACHE_MAX_MEMORY_MB): AWS's
 * sizes go up to 237 GB, a process cannot hold that, and silently serving a
 * smaller cache than the one shown would mislead.
 */
export function checkCacheClusterSize(size: string, env: Record<string, string | undefined> = process.env): void {
  const maxBytes = cacheMaxMemoryBytes(env);
  const bytes = Number(size) * 1024 ** 3;
  if (bytes <= maxBytes) return;
  const maxMb = Math.floor(maxBytes / 1024 / 1024);
  const allowed = CACHE_CLUSTER_SIZES.filter((s) => Number(s) * 1024 ** 3 <= maxBytes);
  throw invalid([
    {
      field: "cacheClusterSize",
      message:
        `${size} GB does not fit in the ${maxMb} MB a gateway process may use for its cache (GATEHOUSE_CACHE_MAX_MEMORY_MB). ` +
        (allowed.length ? `Allowed here: ${allowed.join(", ")} (GB)` : "No size fits: raise GATEHOUSE_CACHE_MAX_MEMORY_MB to at least 512") +
        `; raise GATEHOUSE_CACHE_MAX_MEMORY_MB to at least ${Math.ceil(Number(size) * 1024)} for ${size}.`,
    },
  ]);
}

/** 400 naming `field` unless the deployment belongs to this API. */
async function requireOwnDeployment(tx: Tx, restApiId: string, deploymentId: string, field: string) {
  const deployment = await tx.deployment.findFirst({ where: { id: deploymentId, restApiId } });
  if (!deployment) throw invalid([{ field, message: `Deployment ${deploymentId} does not exist in this API` }]);
  return deployment;
}

export async function listStages(db: Db, restApiId: string): Promise<TStage[]> {
  await requireApi(db, restApiId);
  const rows = await db.stage.findMany({ where: { restApiId }, orderBy: { name: "asc" } });
  return rows.map((r) => toStage(r));
}

export async function getStage(db: Db, restApiId: string, stageName: string): Promise<TStage> {
  return toStage(await requireStage(db, restApiId, stageName));
}

export async function createStage(db: Db, restApiId: string, input: z.output<typeof ZCreateStage>, changedBy: string): Promise<TStage> {
  return db.$transaction((tx) => createStageInTransaction(tx, restApiId, input, changedBy));
}

/** createStage inside the caller's transaction (the AWS CreateStage sets cache and canary in the same one). */
export async function createStageInTransaction(tx: Tx, restApiId: string, input: z.output<typeof ZCreateStage>, changedBy: string): Promise<TStage> {
  await requireApi(tx, restApiId);
  if (await tx.stage.findUnique({ where: { restApiId_name: { restApiId, name: input.stageName } } })) {
    throw invalid([{ field: "stageName", message: `Stage ${input.stageName} already exists` }]);
  }
  await requireOwnDeployment(tx, restApiId, input.deploymentId, "deploymentId");
  const row = await tx.stage.create({
    data: { restApiId, name: input.stageName, deploymentId: input.deploymentId, description: input.description, variables: input.variables },
  });
  await recordStageHistory(tx, { restApiId, stageName: row.name, deploymentId: row.deploymentId, reason: "create", changedBy });
  await notifyGateway(tx, { kind: "stage", restApiId, stageName: row.name });
  return toStage(row);
}

/**
 * Edits a stage. Pointing `deploymentId` at an older deployment is a
 * rollback; `canarySettings: null` removes the canary; a canary without a
 * deploymentId keeps its current one, or starts from the stage's.
 */
export async function updateStage(db: Db, restApiId: string, stageName: string, input: z.output<typeof ZUpdateStage>, changedBy: string): Promise<TStage> {
  return db.$transaction((tx) => updateStageInTransaction(tx, restApiId, stageName, input, changedBy));
}

/** updateStage inside the caller's transaction (AWS CreateDeployment / CreateStage set cache settings in the same one). */
export async function updateStageInTransaction(tx: Tx, restApiId: string, stageName: string, input: z.output<typeof ZUpdateStage>, changedBy: string): Promise<TStage> {
  const row = await requireStage(tx, restApiId, stageName);
  const what = `Stage ${stageName}`;
  expectVersion(what, row.version, input.version);
  await validateStageThrottles(tx, input.methodSettings as Record<string, Record<string, unknown>> | undefined);
  let reason: StageChangeReason | null = null;
  if (input.deploymentId !== undefined && input.deploymentId !== row.deploymentId) {
    const target = await requireOwnDeployment(tx, restApiId, input.deploymentId, "deploymentId");
    const current = await tx.deployment.findUniqueOrThrow({ where: { id: row.deploymentId } });
    reason = target.createdAt < current.createdAt ? "rollback" : "update";
  }
  const deploymentId = input.deploymentId ?? row.deploymentId;
  const resized = input.cacheClusterSize !== undefined && input.cacheClusterSize !== row.cacheClusterSize;
  if (resized || (input.cacheClusterEnabled === true && !row.cacheClusterEnabled)) checkCacheClusterSize(input.cacheClusterSize ?? row.cacheClusterSize);
  // Turning the cache on or off, or resizing it, starts from an empty cache (as AWS's new cluster does).
  const cacheChanged =
    (input.cacheClusterEnabled !== undefined && input.cacheClusterEnabled !== row.cacheClusterEnabled) ||
    resized;
  let canary: Prisma.StageUncheckedUpdateManyInput = {};
  if (input.canarySettings === null) {
    canary = { canaryDeploymentId: null, canaryPercent: null, canaryVariables: Prisma.DbNull };
  } else if (input.canarySettings) {
    const canaryDeploymentId = input.canarySettings.deploymentId ?? row.canaryDeploymentId ?? deploymentId;
    await requireOwnDeployment(tx, restApiId, canaryDeploymentId, "canarySettings.deploymentId");
    canary = {
      canaryDeploymentId,
      canaryPercent: input.canarySettings.percentTraffic,
      canaryVariables: input.canarySettings.stageVariableOverrides,
    };
  }
  const result = await tx.stage.updateMany({
    where: { id: row.id, version: input.version },
    data: {
      deploymentId,
      description: input.description,
      variables: input.variables,
      // Keys in AWS's form (`~1items/GET`): an old-form key (`items/GET`) is rewritten, so stored data converges.
      methodSettings: input.methodSettings ? normalizeMethodSettings(input.methodSettings) : undefined,
      cacheClusterEnabled: input.cacheClusterEnabled,
      cacheClusterSize: input.cacheClusterSize,
      accessLogFormat: input.accessLogSettings === undefined ? undefined : (input.accessLogSettings?.format ?? null),
      ...canary,
      version: { increment: 1 },
    },
  });
  expectUpdated(what, result);
  if (reason) await recordStageHistory(tx, { restApiId, stageName, deploymentId, reason, changedBy });
  await notifyGateway(tx, { kind: "stage", restApiId, stageName });
  if (cacheChanged) await notifyGateway(tx, { kind: "flush-cache", restApiId, stageName, flushId: randomUUID() });
  return toStage(await tx.stage.findUniqueOrThrow({ where: { id: row.id } }));
}

/** The canary's deployment becomes the stage's, its overrides merge into the variables, and the canary is removed. */
export async function promoteCanary(db: Db, restApiId: string, stageName: string, version: number | undefined, changedBy: string): Promise<TStage> {
  return db.$transaction(async (tx) => {
    const row = await requireStage(tx, restApiId, stageName);
    const what = `Stage ${stageName}`;
    if (version !== undefined) expectVersion(what, row.version, version);
    if (!row.canaryDeploymentId) {
      throw new AppError("bad-request", `Stage ${stageName} has no canary to promote.`, [{ field: "canarySettings", message: "No canary is set" }]);
    }
    const result = await tx.stage.updateMany({
      where: { id: row.id, version: row.version },
      data: {
        deploymentId: row.canaryDeploymentId,
        variables: { ...stringMap(row.variables), ...stringMap(row.canaryVariables) },
        canaryDeploymentId: null,
        canaryPercent: null,
        canaryVariables: Prisma.DbNull,
        version: { increment: 1 },
      },
    });
    expectUpdated(what, result);
    if (row.canaryDeploymentId !== row.deploymentId) {
      await recordStageHistory(tx, { restApiId, stageName, deploymentId: row.canaryDeploymentId, reason: "promote", changedBy });
    }
    await notifyGateway(tx, { kind: "stage", restApiId, stageName });
    return toStage(await tx.stage.findUniqueOrThrow({ where: { id: row.id } }));
  });
}

/** Deletes the stage (and its history); the gateway stops serving it. Its deployments stay. */
export async function deleteStage(db: Db, restApiId: string, stageName: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireStage(tx, restApiId, stageName);
    await tx.stageHistory.deleteMany({ where: { restApiId, stageName } });
    await tx.stage.delete({ where: { id: row.id } });
    await notifyGateway(tx, { kind: "stage", restApiId, stageName });
  });
}

/** Deployments this stage has pointed at, newest first (rollbacks and promotions included). */
export async function listStageDeployments(db: Db, restApiId: string, stageName: string): Promise<TStageDeployment[]> {
  return stageHistory(db, await requireStage(db, restApiId, stageName));
}

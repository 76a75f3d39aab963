import type { z } from "zod";
import type { Db } from "../db";
import type { TDeployment, TDeploymentWithSnapshot, ZCreateDeployment } from "../schemas/management";
import { AppError } from "../errors";
import { deployInTransaction } from "./deploy";
import { DEPLOYMENT_INCLUDE, toDeployment } from "./present";
import { requireApi } from "./restapis";
import { randomId } from "../ids";
import { compileSnapshot } from "./compile-snapshot";
import { notFound, type Tx } from "./shared";

/** Deployments (`/restapis/{id}/deployments`): immutable snapshots of an API. */

export async function listDeployments(db: Db, restApiId: string): Promise<TDeployment[]> {
  await requireApi(db, restApiId);
  const rows = await db.deployment.findMany({ where: { restApiId }, orderBy: { createdAt: "desc" }, include: DEPLOYMENT_INCLUDE });
  return rows.map(toDeployment);
}

export async function getDeployment(db: Db, restApiId: string, deploymentId: string): Promise<TDeploymentWithSnapshot> {
  const row = await db.deployment.findFirst({ where: { id: deploymentId, restApiId }, include: DEPLOYMENT_INCLUDE });
  if (!row) {
    await requireApi(db, restApiId);
    throw notFound(`Deployment ${deploymentId} does not exist in REST API ${restApiId}.`);
  }
  return { ...toDeployment(row), snapshot: row.snapshot };
}

/**
 * Deploys the API to a stage in one transaction: compile (400 deploy-invalid
 * listing every problem, nothing stored), store, point the stage (or its
 * canary), notify the gateway.
 */
export async function createDeployment(
  db: Db,
  restApiId: string,
  input: z.output<typeof ZCreateDeployment>,
  createdBy: string,
  /** Stage settings applied in the same transaction (AWS CreateDeployment's cacheClusterEnabled / cacheClusterSize). */
  stageSettings?: (tx: Tx, stageName: string) => Promise<void>,
): Promise<TDeployment> {
  return db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    const { deployment } = await deployInTransaction(tx, {
      restApiId,
      stageName: input.stageName,
      description: input.description,
      stageDescription: input.stageDescription,
      variables: input.variables,
      canarySettings: input.canarySettings,
      createdBy,
    });
    if (stageSettings) await stageSettings(tx, input.stageName);
    return toDeployment(await tx.deployment.findUniqueOrThrow({ where: { id: deployment.id }, include: DEPLOYMENT_INCLUDE }));
  });
}

/**
 * A deployment that no stage serves yet (AWS CreateDeployment without a stageName: a stage is pointed at it later).
 * Compiled without stage variables, so every `stageVariables.x` is accepted; the stage that serves it supplies them.
 */
export async function createStagelessDeployment(db: Db, restApiId: string, description: string, createdBy: string): Promise<TDeployment> {
  return db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    const snapshot = await compileSnapshot(tx, restApiId);
    const row = await tx.deployment.create({ data: { id: randomId(10), restApiId, description, createdBy, snapshot }, include: DEPLOYMENT_INCLUDE });
    return toDeployment(row);
  });
}

/** A deployment's description (AWS UpdateDeployment's only writable field). */
export async function updateDeploymentDescription(db: Db, restApiId: string, deploymentId: string, description: string): Promise<TDeployment> {
  return db.$transaction(async (tx) => {
    const row = await tx.deployment.findFirst({ where: { id: deploymentId, restApiId } });
    if (!row) {
      await requireApi(tx, restApiId);
      throw notFound(`Deployment ${deploymentId} does not exist in REST API ${restApiId}.`);
    }
    return toDeployment(await tx.deployment.update({ where: { id: deploymentId }, data: { description }, include: DEPLOYMENT_INCLUDE }));
  });
}

/** Deletes a deployment no stage serves (directly or as its canary); otherwise 400 naming the stages. */
export async function deleteDeployment(db: Db, restApiId: string, deploymentId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Blocks stages from being pointed at it until we are done (their foreign key check waits for this lock).
    await tx.$queryRaw`SELECT "id" FROM "Deployment" WHERE "id" = ${deploymentId} FOR UPDATE`;
    const row = await tx.deployment.findFirst({ where: { id: deploymentId, restApiId }, include: DEPLOYMENT_INCLUDE });
    if (!row) {
      await requireApi(tx, restApiId);
      throw notFound(`Deployment ${deploymentId} does not exist in REST API ${restApiId}.`);
    }
    const uses = [...row.stages.map((s) => `stage ${s.name}`), ...row.canaryStages.map((s) => `the canary of stage ${s.name}`)];
    if (uses.length > 0) {
      throw new AppError(
        "bad-request",
        `Deployment ${deploymentId} is in use by ${uses.join(" and ")}. Point ${uses.length > 1 ? "them" : "it"} at another deployment (or delete the stage) first.`,
        [{ field: "deploymentId", message: `In use by ${uses.join(", ")}` }],
      );
    }
    await tx.deployment.delete({ where: { id: deploymentId } });
  });
}

import type { Db } from "../../lib/db";
import { randomId } from "../../lib/ids";
import { compileSnapshot } from "../../lib/services/compile-snapshot";
import { DEPLOY_CHANNEL } from "../../lib/snapshot";

/**
 * Deployment rows without going through deployApi: a deployment no stage
 * points at yet (to become a canary), and a stage's canary settings written
 * directly, announced with the same NOTIFY a deploy sends.
 */

/** Compiles the API as it is now into a new Deployment row; the stage is left alone. */
export async function createDeployment(db: Db, restApiId: string, description = ""): Promise<string> {
  return db.$transaction(async (tx) => {
    const snapshot = await compileSnapshot(tx, restApiId);
    const deployment = await tx.deployment.create({ data: { id: randomId(10), restApiId, description, snapshot } });
    return deployment.id;
  });
}

export interface CanarySpec {
  deploymentId: string;
  percentTraffic: number;
  stageVariableOverrides?: Record<string, string>;
}

/** Sets (or with null removes) a stage's canary and tells the gateway, in one transaction. */
export async function setStageCanary(db: Db, restApiId: string, stageName: string, canary: CanarySpec | null): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.stage.update({
      where: { restApiId_name: { restApiId, name: stageName } },
      data: canary
        ? { canaryDeploymentId: canary.deploymentId, canaryPercent: canary.percentTraffic, canaryVariables: canary.stageVariableOverrides ?? {} }
        : { canaryDeploymentId: null, canaryPercent: null, canaryVariables: undefined },
    });
    await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ kind: "stage", restApiId, stageName })})`;
  });
}

/** Sets a stage's variables directly and tells the gateway. */
export async function setStageVariables(db: Db, restApiId: string, stageName: string, variables: Record<string, string>): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.stage.update({ where: { restApiId_name: { restApiId, name: stageName } }, data: { variables } });
    await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ kind: "stage", restApiId, stageName })})`;
  });
}

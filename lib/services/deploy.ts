import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { randomId } from "../ids";
import { DEPLOY_CHANNEL, type TDeployNotice } from "../snapshot";
import { compileSnapshot } from "./compile-snapshot";
import { recordStageHistory } from "./stage-history";
import { invalid, stringMap } from "./shared";

type Tx = Prisma.TransactionClient;

export async function notifyGateway(tx: Tx, notice: TDeployNotice): Promise<void> {
  // Delivered when the transaction commits, never for a rolled-back deploy.
  await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify(notice)})`;
}

export interface DeployInput {
  restApiId: string;
  stageName: string;
  description?: string;
  stageDescription?: string;
  /** Replace the stage's variables (a new stage starts with these). */
  variables?: Record<string, string>;
  /** Deploy as the canary of an existing stage: its deploymentId stays, the canary gets the new deployment. */
  canarySettings?: { percentTraffic: number; stageVariableOverrides?: Record<string, string> };
  createdBy?: string;
}

/** Creates an immutable deployment and points the stage at it, in one transaction. */
export function deployApi(db: Db, input: DeployInput) {
  return db.$transaction((tx) => deployInTransaction(tx, input));
}

/**
 * Compiles the edit tables (every problem listed, nothing stored on failure),
 * stores the deployment, creates or points the stage (or sets its canary),
 * records the stage's history and notifies the gateway, all in `tx`.
 */
export async function deployInTransaction(tx: Tx, input: DeployInput) {
  const { restApiId, stageName } = input;
  const existing = await tx.stage.findUnique({ where: { restApiId_name: { restApiId, name: stageName } } });
  if (input.canarySettings && !existing) {
    throw invalid([{ field: "stageName", message: `A canary needs an existing stage; deploy to ${stageName} without canarySettings first` }]);
  }
  const overrides = input.canarySettings?.stageVariableOverrides ?? {};
  const baseVariables = input.variables ?? (existing ? stringMap(existing.variables) : {});
  const stageVariables = input.canarySettings ? { ...stringMap(existing!.variables), ...overrides } : baseVariables;
  const snapshot = await compileSnapshot(tx, restApiId, { stageVariables });
  const deployment = await tx.deployment.create({
    data: { id: randomId(10), restApiId, description: input.description ?? "", createdBy: input.createdBy ?? "", snapshot },
  });
  let stage;
  if (input.canarySettings) {
    stage = await tx.stage.update({
      where: { id: existing!.id },
      data: {
        canaryDeploymentId: deployment.id,
        canaryPercent: input.canarySettings.percentTraffic,
        canaryVariables: overrides,
        ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
        version: { increment: 1 },
      },
    });
  } else {
    stage = existing
      ? await tx.stage.update({
          where: { id: existing.id },
          data: {
            deploymentId: deployment.id,
            ...(input.variables ? { variables: input.variables } : {}),
            ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
            version: { increment: 1 },
          },
        })
      : await tx.stage.create({
          data: { restApiId, name: stageName, deploymentId: deployment.id, description: input.stageDescription ?? "", variables: baseVariables },
        });
    await recordStageHistory(tx, { restApiId, stageName, deploymentId: deployment.id, reason: "deploy", changedBy: input.createdBy ?? "" });
  }
  await notifyGateway(tx, { kind: "stage", restApiId, stageName });
  return { deployment, stage };
}

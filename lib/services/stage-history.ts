import type { Db } from "../db";
import type { TStageDeployment } from "../schemas/management";
import { DEPLOYMENT_INCLUDE, toDeployment } from "./present";
import { iso, type Tx } from "./shared";

/** Which deployments a stage has served, recorded whenever its deploymentId changes. */

export type StageChangeReason = TStageDeployment["reason"];

export async function recordStageHistory(
  tx: Tx,
  entry: { restApiId: string; stageName: string; deploymentId: string; reason: StageChangeReason; changedBy: string },
): Promise<void> {
  await tx.stageHistory.create({ data: entry });
}

/** Newest first. The newest entry is the stage's current deployment. */
export async function stageHistory(db: Db | Tx, stage: { restApiId: string; name: string; deploymentId: string; updatedAt: Date }): Promise<TStageDeployment[]> {
  const rows = await db.stageHistory.findMany({
    where: { restApiId: stage.restApiId, stageName: stage.name },
    orderBy: { id: "desc" },
    include: { deployment: { include: DEPLOYMENT_INCLUDE } },
  });
  const items: TStageDeployment[] = rows.map((row, i) => ({
    ...toDeployment(row.deployment),
    activatedDate: iso(row.createdAt),
    activatedBy: row.changedBy,
    reason: row.reason as StageChangeReason,
    current: i === 0 && row.deploymentId === stage.deploymentId,
  }));
  if (items[0]?.current) return items;
  // A stage older than its history (made before history was recorded): show what it serves now.
  const current = await db.deployment.findUniqueOrThrow({ where: { id: stage.deploymentId }, include: DEPLOYMENT_INCLUDE });
  return [{ ...toDeployment(current), activatedDate: iso(stage.updatedAt), activatedBy: current.createdBy, reason: "deploy", current: true }, ...items];
}

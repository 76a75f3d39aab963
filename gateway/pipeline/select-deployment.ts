import type { PipelineStage } from "./context";

/**
 * Chooses the deployment that serves the request: the stage's canary with
 * probability `percentTraffic / 100` (its variables are the stage's with the
 * canary's overrides laid over), otherwise the stage's own deployment.
 * `random` is injectable for tests.
 */
export function selectDeploymentStage(random: () => number = Math.random): PipelineStage {
  return (ctx) => {
    const stage = ctx.stage!;
    const canary = stage.canary;
    if (canary && canary.percentTraffic > 0 && random() * 100 < canary.percentTraffic) {
      ctx.deployment = { ...canary.deployment, variables: canary.variables, isCanary: true };
    } else {
      ctx.deployment = { ...stage.deployment, variables: stage.variables, isCanary: false };
    }
  };
}

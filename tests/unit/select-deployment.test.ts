import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../gateway/pipeline/context";
import { selectDeploymentStage } from "../../gateway/pipeline/select-deployment";
import { RouteTable } from "../../gateway/routing/route-table";
import type { ServedDeployment, ServedStage } from "../../gateway/snapshot-store";

const deployment = (deploymentId: string): ServedDeployment => ({
  deploymentId,
  snapshot: { formatVersion: 2, restApiId: "abcdefghij", apiName: "t", binaryMediaTypes: [], resources: [], models: {}, gatewayResponses: {}, apiKeySource: "HEADER", authorizers: {} },
  routes: new RouteTable([]),
});

const stage = (percentTraffic?: number): ServedStage => ({
  restApiId: "abcdefghij",
  stageName: "prod",
  deployment: deployment("base000000"),
  variables: { a: "1", b: "stage" },
  methodSettings: {},
  cache: { enabled: false, size: "0.5" },
  accessLogFormat: null,
  canary: percentTraffic === undefined ? undefined : { deployment: deployment("canary0000"), percentTraffic, variables: { a: "1", b: "canary" } },
});

const select = (s: ServedStage, random: number) => {
  const ctx = { stage: s } as RequestContext;
  selectDeploymentStage(() => random)(ctx);
  return ctx.deployment!;
};

describe("selectDeploymentStage", () => {
  it("serves the stage's deployment and variables without a canary", () => {
    expect(select(stage(), 0)).toMatchObject({ deploymentId: "base000000", variables: { b: "stage" }, isCanary: false });
  });

  it("sends a request to the canary when the draw falls under percentTraffic", () => {
    expect(select(stage(25), 0.2499)).toMatchObject({ deploymentId: "canary0000", variables: { a: "1", b: "canary" }, isCanary: true });
    expect(select(stage(25), 0.25).isCanary).toBe(false);
  });

  it("never sends to a 0% canary and always to a 100% one", () => {
    expect(select(stage(0), 0).isCanary).toBe(false);
    expect(select(stage(100), 0.9999).isCanary).toBe(true);
  });

  it("splits about percentTraffic of requests with Math.random", () => {
    const s = stage(30);
    const step = selectDeploymentStage();
    let canary = 0;
    for (let i = 0; i < 20_000; i++) {
      const ctx = { stage: s } as RequestContext;
      step(ctx);
      if (ctx.deployment!.isCanary) canary++;
    }
    expect(canary / 20_000).toBeGreaterThan(0.27);
    expect(canary / 20_000).toBeLessThan(0.33);
  });
});

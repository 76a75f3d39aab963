import type { Db } from "../db";
import { AppError } from "../errors";
import { invokeUrl } from "../config";

export interface ApiSummary {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  stages: Array<{ name: string; deploymentId: string; invokeUrl: string; updatedAt: string }>;
}

export interface ApiDetail extends ApiSummary {
  resources: Array<{ id: string; path: string; methods: Array<{ httpMethod: string; integrationType: string | null; uri: string }> }>;
}

/** Where the console tells users to call the gateway. */
export function consoleGatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GATEHOUSE_PUBLIC_GATEWAY_URL ?? `http://localhost:${env.GATEWAY_PORT ?? 8080}`).replace(/\/$/, "");
}

function stagesOf(apiId: string, stages: Array<{ name: string; deploymentId: string; updatedAt: Date }>, gatewayUrl: string) {
  return stages
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({ name: s.name, deploymentId: s.deploymentId, invokeUrl: invokeUrl(gatewayUrl, apiId, s.name), updatedAt: s.updatedAt.toISOString() }));
}

export async function listApis(db: Db, gatewayUrl = consoleGatewayUrl()): Promise<ApiSummary[]> {
  const apis = await db.restApi.findMany({ orderBy: { createdAt: "asc" }, include: { stages: true } });
  return apis.map((api) => ({
    id: api.id,
    name: api.name,
    description: api.description,
    createdAt: api.createdAt.toISOString(),
    stages: stagesOf(api.id, api.stages, gatewayUrl),
  }));
}

export async function getApi(db: Db, restApiId: string, gatewayUrl = consoleGatewayUrl()): Promise<ApiDetail> {
  const api = await db.restApi.findUnique({
    where: { id: restApiId },
    include: { stages: true, resources: { orderBy: { path: "asc" }, include: { methods: { include: { integration: true } } } } },
  });
  if (!api) throw new AppError("not-found", `REST API ${restApiId} does not exist.`);
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    createdAt: api.createdAt.toISOString(),
    stages: stagesOf(api.id, api.stages, gatewayUrl),
    resources: api.resources.map((r) => ({
      id: r.id,
      path: r.path,
      methods: r.methods
        .sort((a, b) => a.httpMethod.localeCompare(b.httpMethod))
        .map((m) => ({ httpMethod: m.httpMethod, integrationType: m.integration?.type ?? null, uri: m.integration?.uri ?? "" })),
    })),
  };
}

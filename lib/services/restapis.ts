import type { z } from "zod";
import type { Db } from "../db";
import type { TRestApi, ZCreateRestApi, ZUpdateRestApi } from "../schemas/management";
import { AppError } from "../errors";
import { invokeUrl } from "../config";
import { randomId } from "../ids";
import { copyApiTree } from "./clone-restapi";
import { notifyGateway } from "./deploy";
import { toRestApi } from "./present";
import { expectUpdated, expectVersion, invalid, notFound, type Tx } from "./shared";

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

/** The console's APIs list (server components). */
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

/** The console's API page (server components). */
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

// ---------- management API (/api/v1/restapis) ----------

const WITH_ROOT = { resources: { where: { parentId: null }, select: { id: true } } } as const;

function present(row: Parameters<typeof toRestApi>[0] & { resources: Array<{ id: string }> }): TRestApi {
  return toRestApi(row, row.resources[0]?.id ?? "");
}

/** 404 unless the API exists; for services working inside one API. */
export async function requireApi(tx: Tx | Db, restApiId: string) {
  const api = await tx.restApi.findUnique({ where: { id: restApiId } });
  if (!api) throw notFound(`REST API ${restApiId} does not exist.`);
  return api;
}

export async function listRestApis(db: Db): Promise<TRestApi[]> {
  const rows = await db.restApi.findMany({ orderBy: { createdAt: "asc" }, include: WITH_ROOT });
  return rows.map(present);
}

export async function getRestApi(db: Db, restApiId: string): Promise<TRestApi> {
  const row = await db.restApi.findUnique({ where: { id: restApiId }, include: WITH_ROOT });
  if (!row) throw notFound(`REST API ${restApiId} does not exist.`);
  return present(row);
}

/** A new API with its root resource "/", or with `cloneFrom`, a deep copy of another API's resources and methods. */
export async function createRestApi(db: Db, input: z.output<typeof ZCreateRestApi>): Promise<TRestApi> {
  return db.$transaction(async (tx) => {
    if (input.cloneFrom && !(await tx.restApi.findUnique({ where: { id: input.cloneFrom } }))) {
      throw invalid([{ field: "cloneFrom", message: `REST API ${input.cloneFrom} does not exist` }]);
    }
    const id = randomId(10);
    await tx.restApi.create({
      data: { id, name: input.name, description: input.description, binaryMediaTypes: input.binaryMediaTypes, apiKeySource: input.apiKeySource },
    });
    if (input.cloneFrom) await copyApiTree(tx, input.cloneFrom, id);
    else await tx.resource.create({ data: { id: randomId(10), restApiId: id, parentId: null, pathPart: "", path: "/" } });
    return present(await tx.restApi.findUniqueOrThrow({ where: { id }, include: WITH_ROOT }));
  });
}

export async function updateRestApi(db: Db, restApiId: string, input: z.output<typeof ZUpdateRestApi>): Promise<TRestApi> {
  return db.$transaction(async (tx) => {
    const row = await requireApi(tx, restApiId);
    expectVersion(`REST API ${row.name}`, row.version, input.version);
    const result = await tx.restApi.updateMany({
      where: { id: restApiId, version: input.version },
      data: {
        name: input.name,
        description: input.description,
        binaryMediaTypes: input.binaryMediaTypes,
        apiKeySource: input.apiKeySource,
        version: { increment: 1 },
      },
    });
    expectUpdated(`REST API ${row.name}`, result);
    return present(await tx.restApi.findUniqueOrThrow({ where: { id: restApiId }, include: WITH_ROOT }));
  });
}

/** Deletes the API with everything in it; its stages stop being served. */
export async function deleteRestApi(db: Db, restApiId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    const stages = await tx.stage.findMany({ where: { restApiId }, select: { name: true } });
    // Stages first: they restrict deleting their deployments.
    await tx.stage.deleteMany({ where: { restApiId } });
    await tx.restApi.delete({ where: { id: restApiId } });
    for (const stage of stages) await notifyGateway(tx, { kind: "stage", restApiId, stageName: stage.name });
  });
}

import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { AppError, type FieldProblem } from "../errors";
import { parseFunctionInvocationUri } from "../arn";
import { randomId } from "../ids";
import {
  DEPLOY_CHANNEL,
  ZDeploymentSnapshot,
  type TDeployedIntegration,
  type TDeployedMethod,
  type TDeploymentSnapshot,
  type TDeployNotice,
} from "../snapshot";

type Tx = Prisma.TransactionClient;

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Compiles the API's edit tables into a snapshot, listing every problem found. */
export async function compileSnapshot(tx: Tx, restApiId: string): Promise<TDeploymentSnapshot> {
  const api = await tx.restApi.findUnique({
    where: { id: restApiId },
    include: {
      resources: {
        orderBy: { path: "asc" },
        include: { methods: { include: { integration: { include: { responses: true } } } } },
      },
    },
  });
  if (!api) throw new AppError("not-found", `REST API ${restApiId} does not exist.`);
  const problems: FieldProblem[] = [];
  const resources = api.resources.map((resource) => {
    const methods: Record<string, TDeployedMethod> = {};
    for (const method of resource.methods) {
      const where = `${method.httpMethod} ${resource.path}`;
      const integration = method.integration;
      if (!integration) {
        problems.push({ field: where, message: "No integration defined for method" });
        continue;
      }
      let deployed: TDeployedIntegration | null = null;
      if (integration.type === "AWS_PROXY") {
        const parsed = parseFunctionInvocationUri(integration.uri);
        if (!parsed) problems.push({ field: `${where} integration.uri`, message: "Not a function invocation ARN" });
        else
          deployed = {
            type: "AWS_PROXY",
            uri: integration.uri,
            functionName: parsed.functionName,
            qualifier: parsed.qualifier,
            timeoutMs: integration.timeoutMs,
          };
      } else if (integration.type === "HTTP_PROXY") {
        deployed = { type: "HTTP_PROXY", httpMethod: integration.httpMethod, uri: integration.uri, timeoutMs: integration.timeoutMs };
      } else if (integration.type === "MOCK") {
        deployed = {
          type: "MOCK",
          timeoutMs: integration.timeoutMs,
          requestTemplates: stringRecord(integration.requestTemplates),
          responses: integration.responses.map((r) => ({
            statusCode: r.statusCode,
            selectionPattern: r.selectionPattern,
            responseTemplates: stringRecord(r.responseTemplates),
            responseParameters: stringRecord(r.responseParameters),
          })),
        };
      } else {
        problems.push({ field: `${where} integration.type`, message: `Integration type ${integration.type} cannot be deployed yet` });
      }
      if (deployed) {
        methods[method.httpMethod] = {
          httpMethod: method.httpMethod as TDeployedMethod["httpMethod"],
          authorizationType: method.authorizationType,
          apiKeyRequired: method.apiKeyRequired,
          integration: deployed,
        };
      }
    }
    return { id: resource.id, path: resource.path, methods };
  });
  if (problems.length > 0) throw new AppError("deploy-invalid", "The API cannot be deployed", problems);
  return ZDeploymentSnapshot.parse({
    formatVersion: 1,
    restApiId: api.id,
    apiName: api.name,
    binaryMediaTypes: api.binaryMediaTypes,
    resources,
  });
}

export async function notifyGateway(tx: Tx, notice: TDeployNotice): Promise<void> {
  // Delivered when the transaction commits, never for a rolled-back deploy.
  await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify(notice)})`;
}

export interface DeployInput {
  restApiId: string;
  stageName: string;
  description?: string;
  stageDescription?: string;
  createdBy?: string;
}

/** Creates an immutable deployment and points the stage at it, in one transaction. */
export function deployApi(db: Db, input: DeployInput) {
  return db.$transaction((tx) => deployInTransaction(tx, input));
}

export async function deployInTransaction(tx: Tx, input: DeployInput) {
    const snapshot = await compileSnapshot(tx, input.restApiId);
    const deployment = await tx.deployment.create({
      data: {
        id: randomId(10),
        restApiId: input.restApiId,
        description: input.description ?? "",
        createdBy: input.createdBy ?? "",
        snapshot,
      },
    });
    const stage = await tx.stage.upsert({
      where: { restApiId_name: { restApiId: input.restApiId, name: input.stageName } },
      create: {
        restApiId: input.restApiId,
        name: input.stageName,
        deploymentId: deployment.id,
        description: input.stageDescription ?? "",
      },
      update: { deploymentId: deployment.id, version: { increment: 1 } },
    });
    await notifyGateway(tx, { kind: "stage", restApiId: input.restApiId, stageName: input.stageName });
    return { deployment, stage };
}

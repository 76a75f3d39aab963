import { ZCreateDeployment, type TDeployment } from "../../schemas/management";
import { AppError } from "../../errors";
import { ZDeploymentSnapshot } from "../../snapshot";
import { actorName } from "../../services/permissions";
import {
  createDeployment,
  createStagelessDeployment,
  deleteDeployment,
  getDeployment,
  listDeployments,
  updateDeploymentDescription,
} from "../../services/deployments";
import { requireStage, updateStageInTransaction } from "../../services/stages";
import { stageUpdateInput } from "./stage-input";
import type { Operation } from "../operation";
import { badRequestException } from "../errors";
import { epochSeconds, optionalString, page, parseWith, readPatchOperations, unsupportedPatch } from "./shapes";

/** Deployments as AWS shapes them: `{id, description, createdDate}` (`apiSummary` only with `embed=apisummary`). */
export function awsDeployment(d: TDeployment) {
  return { id: d.id, description: d.description || undefined, createdDate: epochSeconds(d.createdDate) };
}

/** `embed=apisummary`: resource path → verb → `{authorizationType, apiKeyRequired}`, from the deployment's snapshot. */
function apiSummary(snapshot: unknown): Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> | undefined {
  const parsed = ZDeploymentSnapshot.safeParse(snapshot);
  if (!parsed.success) return undefined;
  const out: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> = {};
  for (const resource of parsed.data.resources) {
    const methods = Object.entries(resource.methods);
    if (methods.length === 0) continue;
    out[resource.path] = Object.fromEntries(
      methods.map(([verb, m]) => [verb, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }]),
    );
  }
  return out;
}

type Body = Record<string, unknown>;

/** AWS's `canarySettings` of CreateDeployment: `{percentTraffic, stageVariableOverrides, useStageCache}`. */
function canaryInput(raw: unknown) {
  if (raw === undefined || raw === null) return undefined;
  const c = raw as Body;
  return { percentTraffic: c.percentTraffic ?? 0, stageVariableOverrides: c.stageVariableOverrides ?? {} };
}

export const deploymentsOperations: Operation[] = [
  {
    name: "CreateDeployment",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/deployments",
    permission: "edit",
    async handler({ db, params, body, principal }) {
      const raw = (body ?? {}) as Body;
      const restApiId = params.restapi_id;
      const stageName = optionalString(raw, "stageName");
      if (raw.tracingEnabled === true) throw badRequestException("tracingEnabled: X-Ray tracing is not available in Gatehouse.");
      if (!stageName) {
        // No stage: AWS stores the deployment alone; a stage (CreateStage / UpdateStage /deploymentId) serves it later.
        if (raw.cacheClusterEnabled !== undefined || raw.cacheClusterSize !== undefined || raw.canarySettings !== undefined) {
          throw badRequestException("stageName is required with cacheClusterEnabled, cacheClusterSize or canarySettings.");
        }
        const d = await createStagelessDeployment(db, restApiId, optionalString(raw, "description") ?? "", actorName(principal));
        return { status: 201, body: awsDeployment(d) };
      }
      const input = parseWith(ZCreateDeployment, {
        stageName,
        stageDescription: raw.stageDescription,
        description: raw.description ?? "",
        variables: raw.variables,
        canarySettings: canaryInput(raw.canarySettings),
      });
      const cache = {
        cacheClusterEnabled: typeof raw.cacheClusterEnabled === "boolean" ? raw.cacheClusterEnabled : undefined,
        cacheClusterSize: optionalString(raw, "cacheClusterSize"),
      };
      const wantsCache = cache.cacheClusterEnabled !== undefined || cache.cacheClusterSize !== undefined;
      const d = await createDeployment(
        db,
        restApiId,
        input,
        actorName(principal),
        wantsCache
          ? async (tx, name) => {
              // Same transaction as the deploy: a refused cache size leaves no deployment behind.
              const stage = await requireStage(tx, restApiId, name);
              await updateStageInTransaction(
                tx,
                restApiId,
                name,
                stageUpdateInput({ version: stage.version, ...cache }),
                actorName(principal),
              );
            }
          : undefined,
      );
      return { status: 201, body: awsDeployment(d) };
    },
  },
  {
    name: "GetDeployments",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/deployments",
    permission: "read",
    async handler({ db, params, query }) {
      return { body: page((await listDeployments(db, params.restapi_id)).map(awsDeployment), query) };
    },
  },
  {
    name: "GetDeployment",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/deployments/{deployment_id}",
    permission: "read",
    async handler({ db, params, query }) {
      const d = await getDeployment(db, params.restapi_id, params.deployment_id);
      const embed = query.getAll("embed").flatMap((e) => e.split(","));
      return { body: embed.includes("apisummary") ? { ...awsDeployment(d), apiSummary: apiSummary(d.snapshot) } : awsDeployment(d) };
    },
  },
  {
    name: "UpdateDeployment",
    service: "apigateway",
    method: "PATCH",
    path: "/restapis/{restapi_id}/deployments/{deployment_id}",
    permission: "edit",
    async handler({ db, params, body }) {
      const ops = readPatchOperations(body);
      let description: string | undefined;
      for (const op of ops) {
        if (op.path !== "/description" || (op.op !== "replace" && op.op !== "add" && op.op !== "remove")) throw unsupportedPatch(op);
        description = op.op === "remove" ? "" : (op.value ?? "");
      }
      if (description !== undefined && description.length > 1024)
        throw badRequestException("Invalid patch value for path /description: at most 1024 characters.");
      const d =
        description === undefined
          ? await getDeployment(db, params.restapi_id, params.deployment_id)
          : await updateDeploymentDescription(db, params.restapi_id, params.deployment_id, description);
      return { body: awsDeployment(d) };
    },
  },
  {
    name: "DeleteDeployment",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/deployments/{deployment_id}",
    permission: "edit",
    async handler({ db, params }) {
      try {
        await deleteDeployment(db, params.restapi_id, params.deployment_id);
      } catch (err) {
        // AWS's wording, with ours (which stages) after it.
        if (err instanceof AppError && err.code === "bad-request") {
          throw badRequestException(`Active stages pointing to this deployment must be moved or deleted. ${err.message}`);
        }
        throw err;
      }
      return { status: 202 };
    },
  },
];

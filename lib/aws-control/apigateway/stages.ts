import { AppError } from "../../errors";
import { ZCreateStage } from "../../schemas/management";
import { actorName } from "../../services/permissions";
import { flushStageCache } from "../../services/stage-cache";
import { createStageInTransaction, deleteStage, getStage, listStages, updateStage, updateStageInTransaction } from "../../services/stages";
import type { Operation } from "../operation";
import { conflictException } from "../errors";
import { optionalString, parseWith, readPatchOperations } from "./shapes";
import { awsStage, refuseTracing, stagePatchToUpdate, stageUpdateInput } from "./stage-input";
import { refuseTags } from "./unsupported-fields";

type Body = Record<string, unknown>;

/** The services' optimistic-lock conflict (lib/services/shared.ts), as opposed to a taken name. */
const isStaleVersion = (err: unknown) => err instanceof AppError && err.code === "conflict" && /changed by someone else/.test(err.message);

export const stagesOperations: Operation[] = [
  {
    name: "CreateStage",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/stages",
    permission: "edit",
    async handler({ db, params, body, principal }) {
      const raw = (body ?? {}) as Body;
      const restApiId = params.restapi_id;
      refuseTracing(raw.tracingEnabled, "tracingEnabled");
      refuseTags(raw, "stages");
      const input = parseWith(ZCreateStage, {
        stageName: raw.stageName,
        deploymentId: raw.deploymentId,
        description: raw.description ?? "",
        variables: raw.variables ?? {},
      });
      const canary = raw.canarySettings as Body | undefined;
      const extra: Body = {
        cacheClusterEnabled: typeof raw.cacheClusterEnabled === "boolean" ? raw.cacheClusterEnabled : undefined,
        cacheClusterSize: optionalString(raw, "cacheClusterSize"),
        canarySettings: canary
          ? {
              deploymentId: canary.deploymentId,
              percentTraffic: canary.percentTraffic ?? 0,
              stageVariableOverrides: canary.stageVariableOverrides ?? {},
            }
          : undefined,
      };
      const needsUpdate = Object.values(extra).some((v) => v !== undefined);
      // Checked before anything is written, so a bad cache size or canary leaves no stage behind.
      if (needsUpdate) stageUpdateInput({ version: 1, ...extra });
      const stage = await db.$transaction(async (tx) => {
        if (await tx.stage.findUnique({ where: { restApiId_name: { restApiId, name: input.stageName } } })) {
          throw conflictException("Stage already exists");
        }
        const created = await createStageInTransaction(tx, restApiId, input, actorName(principal));
        if (!needsUpdate) return created;
        return updateStageInTransaction(
          tx,
          restApiId,
          input.stageName,
          stageUpdateInput({ version: created.version, ...extra }),
          actorName(principal),
        );
      });
      return { status: 201, body: awsStage(stage) };
    },
  },
  {
    name: "GetStages",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/stages",
    permission: "read",
    async handler({ db, params, query }) {
      const deploymentId = query.get("deploymentId");
      const stages = (await listStages(db, params.restapi_id)).filter((s) => !deploymentId || s.deploymentId === deploymentId);
      // AWS answers every stage at once: `{item: [...]}`, no paging.
      return { body: { item: stages.map(awsStage) } };
    },
  },
  {
    name: "GetStage",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/stages/{stage_name}",
    permission: "read",
    async handler({ db, params }) {
      return { body: awsStage(await getStage(db, params.restapi_id, params.stage_name)) };
    },
  },
  {
    name: "UpdateStage",
    service: "apigateway",
    method: "PATCH",
    path: "/restapis/{restapi_id}/stages/{stage_name}",
    permission: "edit",
    async handler({ db, params, body, principal }) {
      const ops = readPatchOperations(body);
      // Patch operations are relative to the stage as it is, so a write that lost the race is redone on the
      // fresh stage rather than refused: Terraform applies several aws_api_gateway_method_settings of one stage at once.
      for (let attempt = 1; ; attempt++) {
        const current = await getStage(db, params.restapi_id, params.stage_name);
        // Every operation is checked before the one write; a failing path leaves the stage as it was.
        const update = stagePatchToUpdate(current, ops);
        try {
          return { body: awsStage(await updateStage(db, params.restapi_id, params.stage_name, update, actorName(principal))) };
        } catch (err) {
          if (attempt >= 20 || !isStaleVersion(err)) throw err;
        }
      }
    },
  },
  {
    name: "DeleteStage",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/stages/{stage_name}",
    permission: "edit",
    async handler({ db, params }) {
      await deleteStage(db, params.restapi_id, params.stage_name);
      return { status: 202 };
    },
  },
  {
    name: "FlushStageCache",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/stages/{stage_name}/cache/data",
    permission: "edit",
    async handler({ db, params }) {
      await flushStageCache(db, params.restapi_id, params.stage_name);
      return { status: 202 };
    },
  },
];

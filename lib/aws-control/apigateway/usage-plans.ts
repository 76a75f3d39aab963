import { ZCreateUsagePlan, ZUpdateUsagePlan, type TUsagePlan } from "../../schemas/api-keys";
import { createUsagePlan, deleteUsagePlan, getUsagePlan, listUsagePlans, updateUsagePlan } from "../../services/usage-plans";
import { badRequestException } from "../errors";
import type { Operation } from "../operation";
import { awsNotFound, USAGE_PLAN_NOT_FOUND } from "./keys-common";
import { page, parseWith, readPatchOperations } from "./shapes";
import { applyUsagePlanPatch, fullThrottle } from "./usage-plan-patch";
import { usagePlanKeysOperations } from "./usage-plan-keys";
import { refuseTags } from "./unsupported-fields";

/** AWS's UsagePlan resource (`/usageplans`) over lib/services/usage-plans.ts; keys and usage are in usage-plan-keys.ts. */

/** A UsagePlan as AWS shapes it: apiStages carry apiId/stage, absent throttle and quota are left out. */
export function awsUsagePlan(plan: TUsagePlan) {
  return {
    id: plan.id,
    name: plan.name,
    ...(plan.description ? { description: plan.description } : {}),
    apiStages: plan.apiStages.map((s) => ({
      apiId: s.restApiId,
      stage: s.stageName,
      ...(Object.keys(s.throttle).length > 0 ? { throttle: s.throttle } : {}),
    })),
    ...(plan.throttle ? { throttle: { burstLimit: plan.throttle.burstLimit, rateLimit: plan.throttle.rateLimit } } : {}),
    ...(plan.quota ? { quota: { limit: plan.quota.limit, offset: plan.quota.offset, period: plan.quota.period } } : {}),
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** AWS's partial ThrottleSettings as ours (a missing limit is 0, as AWS shows it). */
function throttleIn(v: unknown, field: string) {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw badRequestException(`Invalid request: ${field} must be an object`);
  return fullThrottle({ rateLimit: v.rateLimit as number | undefined, burstLimit: v.burstLimit as number | undefined });
}

function apiStagesIn(v: unknown) {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequestException("Invalid request: apiStages must be a list");
  return v.map((s: unknown, i) => {
    if (!isObj(s)) throw badRequestException(`Invalid request: apiStages.${i} must be an object`);
    const throttle = isObj(s.throttle) ? Object.fromEntries(Object.entries(s.throttle).map(([k, t]) => [k, throttleIn(t, `apiStages.${i}.throttle.${k}`)])) : {};
    return { restApiId: s.apiId, stageName: s.stage, throttle };
  });
}

export const usagePlansOperations: Operation[] = [
  {
    name: "CreateUsagePlan",
    service: "apigateway",
    method: "POST",
    path: "/usageplans",
    permission: "edit",
    async handler({ db, body }) {
      const raw = isObj(body) ? body : {};
      refuseTags(raw, "usage plans");
      const quota = isObj(raw.quota) ? { ...raw.quota, offset: raw.quota.offset ?? 0 } : undefined;
      const input = parseWith(ZCreateUsagePlan, {
        name: raw.name,
        description: raw.description,
        apiStages: apiStagesIn(raw.apiStages),
        throttle: throttleIn(raw.throttle, "throttle"),
        quota,
      });
      return { status: 201, body: awsUsagePlan(await createUsagePlan(db, input)) };
    },
  },
  {
    name: "GetUsagePlans",
    service: "apigateway",
    method: "GET",
    path: "/usageplans",
    permission: "read",
    async handler({ db, query }) {
      const keyId = query.get("keyId") ?? undefined;
      return { body: page((await listUsagePlans(db, { keyId })).map(awsUsagePlan), query) };
    },
  },
  {
    name: "GetUsagePlan",
    service: "apigateway",
    method: "GET",
    path: "/usageplans/{usageplan_id}",
    permission: "read",
    async handler({ db, params }) {
      return { body: awsUsagePlan(await awsNotFound(USAGE_PLAN_NOT_FOUND, () => getUsagePlan(db, params.usageplan_id))) };
    },
  },
  {
    name: "UpdateUsagePlan",
    service: "apigateway",
    method: "PATCH",
    path: "/usageplans/{usageplan_id}",
    permission: "edit",
    async handler({ db, params, body }) {
      const ops = readPatchOperations(body);
      const current = await awsNotFound(USAGE_PLAN_NOT_FOUND, () => getUsagePlan(db, params.usageplan_id));
      const input = parseWith(ZUpdateUsagePlan, { version: current.version, ...applyUsagePlanPatch(current, ops) });
      return { body: awsUsagePlan(await updateUsagePlan(db, current.id, input)) };
    },
  },
  {
    name: "DeleteUsagePlan",
    service: "apigateway",
    method: "DELETE",
    path: "/usageplans/{usageplan_id}",
    permission: "edit",
    async handler({ db, params }) {
      await awsNotFound(USAGE_PLAN_NOT_FOUND, () => deleteUsagePlan(db, params.usageplan_id));
      return { status: 202 };
    },
  },
  ...usagePlanKeysOperations,
];

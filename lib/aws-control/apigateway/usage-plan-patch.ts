import type { TApiStage, TThrottle, TUsagePlan } from "../../schemas/api-keys";
import { badRequestException } from "../errors";
import { pathSegments, unsupportedPatch, type PatchOperation } from "./shapes";

/**
 * UpdateUsagePlan's patchOperations applied to a copy of the plan; the result
 * is the service's ZUpdateUsagePlan input (only the fields touched), saved by
 * one updateUsagePlan call, so a failing operation leaves the plan as it was.
 *
 * Paths (AWS's): /name, /description, /throttle/{rateLimit|burstLimit},
 * remove /throttle, /quota/{limit|period|offset}, remove /quota,
 * add|remove /apiStages with value `apiId:stage`, and
 * /apiStages/{apiId:stage}/throttle/{resourcePath}/{METHOD}/{rateLimit|burstLimit}
 * (the resource path JSON-pointer escaped, `~1pets`, or not: Terraform sends
 * `/apiStages/a:prod/throttle//pets/GET/rateLimit`), remove of
 * /apiStages/{apiId:stage}/throttle[/{resourcePath}/{METHOD}].
 */

interface PartialThrottle {
  rateLimit?: number;
  burstLimit?: number;
}

interface Draft {
  name?: string;
  description?: string;
  throttle?: PartialThrottle | null;
  quota?: { limit?: number; period?: string; offset?: number } | null;
  apiStages?: TApiStage[];
}

function number(op: PatchOperation): number {
  const n = op.value === undefined || op.value.trim() === "" ? NaN : Number(op.value);
  if (!Number.isFinite(n)) throw badRequestException(`Invalid value '${op.value ?? ""}' for path ${op.path}: expected a number`);
  return n;
}

const stageId = (s: { restApiId: string; stageName: string }) => `${s.restApiId}:${s.stageName}`;

function parseStageId(value: string | undefined, op: PatchOperation): { restApiId: string; stageName: string } {
  const m = /^([^:]+):(.+)$/.exec(value ?? "");
  if (!m) throw badRequestException(`Invalid API stage '${value ?? ""}' for path ${op.path}: expected apiId:stage`);
  return { restApiId: m[1], stageName: m[2] };
}

/** Fills a throttle given only in part, as AWS shows the missing limit: 0. */
export const fullThrottle = (t: PartialThrottle): TThrottle => ({ rateLimit: t.rateLimit ?? 0, burstLimit: t.burstLimit ?? 0 });

function applyStageOp(draft: Draft, plan: TUsagePlan, op: PatchOperation, segs: string[]) {
  const stages = (draft.apiStages ??= plan.apiStages.map((s) => ({ ...s, throttle: { ...s.throttle } })));
  if (segs.length === 1) {
    const target = parseStageId(op.value, op);
    const at = stages.findIndex((s) => stageId(s) === stageId(target));
    if (op.op === "add") {
      if (at >= 0) throw badRequestException(`API stage ${stageId(target)} is already in this usage plan.`);
      stages.push({ ...target, throttle: {} });
    } else if (op.op === "remove") {
      if (at < 0) throw badRequestException(`API stage ${stageId(target)} is not in this usage plan.`);
      stages.splice(at, 1);
    } else throw unsupportedPatch(op);
    return;
  }
  const stage = stages.find((s) => stageId(s) === segs[1]);
  if (!stage) throw badRequestException(`Invalid patch path '${op.path}': API stage ${segs[1]} is not in this usage plan.`);
  if (segs[2] !== "throttle") throw unsupportedPatch(op);
  if (segs.length === 3) {
    if (op.op !== "remove") throw unsupportedPatch(op);
    stage.throttle = {};
    return;
  }
  const last = segs.at(-1)!;
  const limitField = last === "rateLimit" || last === "burstLimit" ? last : null;
  const keyParts = segs.slice(3, limitField ? -1 : undefined);
  const joined = keyParts.join("/");
  const key = joined.startsWith("/") ? joined : `/${joined}`;
  if (keyParts.length === 0) throw unsupportedPatch(op);
  if (op.op === "remove") {
    if (limitField || !(key in stage.throttle)) throw unsupportedPatch(op);
    delete stage.throttle[key];
    return;
  }
  if ((op.op !== "replace" && op.op !== "add") || !limitField) throw unsupportedPatch(op);
  stage.throttle[key] = fullThrottle({ ...stage.throttle[key], [limitField]: number(op) });
}

/** The plan's new field values after `ops`; BadRequestException naming the first failing path. */
export function applyUsagePlanPatch(plan: TUsagePlan, ops: PatchOperation[]) {
  const draft: Draft = {};
  for (const op of ops) {
    const segs = pathSegments(op.path);
    const setting = op.op === "replace" || op.op === "add";
    const removing = op.op === "remove";
    if (op.path === "/name" && setting) draft.name = op.value ?? "";
    else if (op.path === "/description" && (setting || removing)) draft.description = removing ? "" : (op.value ?? "");
    else if (op.path === "/productCode" && removing) continue; // Gatehouse has no Marketplace product codes: nothing to remove.
    else if (op.path === "/throttle" && removing) draft.throttle = null;
    else if (segs[0] === "throttle" && segs.length === 2 && setting && (segs[1] === "rateLimit" || segs[1] === "burstLimit")) {
      const base = draft.throttle !== undefined ? draft.throttle : plan.throttle;
      draft.throttle = { ...base, [segs[1]]: number(op) };
    } else if (op.path === "/quota" && removing) draft.quota = null;
    else if (segs[0] === "quota" && segs.length === 2 && setting && ["limit", "period", "offset"].includes(segs[1])) {
      const base = draft.quota !== undefined ? draft.quota : plan.quota;
      draft.quota = { ...base, [segs[1]]: segs[1] === "period" ? (op.value ?? "").toUpperCase() : number(op) };
    } else if (segs[0] === "apiStages") applyStageOp(draft, plan, op, segs);
    else throw unsupportedPatch(op);
  }
  if (draft.quota && (draft.quota.limit === undefined || !draft.quota.period)) {
    throw badRequestException("Invalid quota: a quota needs both /quota/limit and /quota/period.");
  }
  return {
    ...(draft.name !== undefined ? { name: draft.name } : {}),
    ...(draft.description !== undefined ? { description: draft.description } : {}),
    ...(draft.throttle !== undefined ? { throttle: draft.throttle && fullThrottle(draft.throttle) } : {}),
    ...(draft.quota !== undefined ? { quota: draft.quota && { ...draft.quota, offset: draft.quota.offset ?? 0 } } : {}),
    ...(draft.apiStages !== undefined ? { apiStages: draft.apiStages } : {}),
  };
}

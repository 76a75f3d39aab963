import type { Db } from "../../db";
import { AppError } from "../../errors";
import { ZAddUsagePlanKey, ZUsageQuery, type TUsage, type TUsagePlanKey } from "../../schemas/api-keys";
import { getApiKey } from "../../services/api-keys";
import { can, type Principal } from "../../services/permissions";
import { getUsage, updateUsage } from "../../services/usage";
import { addUsagePlanKey, getUsagePlan, getUsagePlanKey, listUsagePlanKeys, removeUsagePlanKey } from "../../services/usage-plans";
import { badRequestException, notFoundException } from "../errors";
import type { Operation } from "../operation";
import { API_KEY_NOT_FOUND, awsNotFound, USAGE_PLAN_NOT_FOUND } from "./keys-common";
import { page, parseWith, readPatchOperations, unsupportedPatch } from "./shapes";

/** AWS's UsagePlanKey (`/usageplans/{id}/keys`), GetUsage and UpdateUsage over lib/services/usage-plans.ts and usage.ts. */

/**
 * A UsagePlanKey as AWS shapes it. AWS includes the key's value; here only
 * for principals the API key service lets see values (edit and above).
 */
async function awsUsagePlanKey(db: Db, key: TUsagePlanKey, principal: Principal) {
  const value = can(principal.role, "edit") ? (await getApiKey(db, key.id, { includeValue: true, principal })).value : undefined;
  return { id: key.id, type: key.type, ...(value !== undefined ? { value } : {}), name: key.name };
}

const requirePlan = (db: Db, id: string) => awsNotFound(USAGE_PLAN_NOT_FOUND, () => getUsagePlan(db, id));

/** AWS's Usage: the per-key series are under `values` on the wire (the SDK's `items`). */
const awsUsage = (usage: TUsage) => ({ usagePlanId: usage.usagePlanId, startDate: usage.startDate, endDate: usage.endDate, values: usage.items });

const today = () => new Date().toISOString().slice(0, 10);

export const usagePlanKeysOperations: Operation[] = [
  {
    name: "CreateUsagePlanKey",
    service: "apigateway",
    method: "POST",
    path: "/usageplans/{usageplan_id}/keys",
    permission: "edit",
    async handler({ db, params, body, principal }) {
      const raw = (body ?? {}) as Record<string, unknown>;
      if (raw.keyType !== undefined && raw.keyType !== "API_KEY") throw badRequestException(`Invalid key type '${String(raw.keyType)}': only API_KEY is supported.`);
      const input = parseWith(ZAddUsagePlanKey, { keyId: raw.keyId, keyType: raw.keyType });
      await requirePlan(db, params.usageplan_id);
      let key: TUsagePlanKey;
      try {
        key = await addUsagePlanKey(db, params.usageplan_id, input);
      } catch (err) {
        // The service reports an unknown keyId as a field problem; AWS as a missing key.
        if (err instanceof AppError && err.problems.some((p) => p.field === "keyId")) throw notFoundException(API_KEY_NOT_FOUND);
        throw err;
      }
      return { status: 201, body: await awsUsagePlanKey(db, key, principal) };
    },
  },
  {
    name: "GetUsagePlanKeys",
    service: "apigateway",
    method: "GET",
    path: "/usageplans/{usageplan_id}/keys",
    permission: "read",
    async handler({ db, params, query, principal }) {
      await requirePlan(db, params.usageplan_id);
      const nameQuery = query.get("name");
      const keys = (await listUsagePlanKeys(db, params.usageplan_id)).filter((k) => !nameQuery || k.name.startsWith(nameQuery));
      const result = page(keys, query);
      return { body: { ...result, item: await Promise.all(result.item.map((k) => awsUsagePlanKey(db, k, principal))) } };
    },
  },
  {
    name: "GetUsagePlanKey",
    service: "apigateway",
    method: "GET",
    path: "/usageplans/{usageplan_id}/keys/{key_id}",
    permission: "read",
    async handler({ db, params, principal }) {
      await requirePlan(db, params.usageplan_id);
      const key = await awsNotFound(API_KEY_NOT_FOUND, () => getUsagePlanKey(db, params.usageplan_id, params.key_id));
      return { body: await awsUsagePlanKey(db, key, principal) };
    },
  },
  {
    name: "DeleteUsagePlanKey",
    service: "apigateway",
    method: "DELETE",
    path: "/usageplans/{usageplan_id}/keys/{key_id}",
    permission: "edit",
    async handler({ db, params }) {
      await requirePlan(db, params.usageplan_id);
      await awsNotFound(API_KEY_NOT_FOUND, () => removeUsagePlanKey(db, params.usageplan_id, params.key_id));
      return { status: 202 };
    },
  },
  {
    name: "GetUsage",
    service: "apigateway",
    method: "GET",
    path: "/usageplans/{usageplan_id}/usage",
    permission: "read",
    async handler({ db, params, query }) {
      await requirePlan(db, params.usageplan_id);
      const input = parseWith(ZUsageQuery, { startDate: query.get("startDate") ?? undefined, endDate: query.get("endDate") ?? undefined, keyId: query.get("keyId") ?? undefined });
      return { body: awsUsage(await getUsage(db, params.usageplan_id, input)) };
    },
  },
  {
    // AWS's UpdateUsage: `replace /remaining` sets what is left of the key's quota in the current period.
    name: "UpdateUsage",
    service: "apigateway",
    method: "PATCH",
    path: "/usageplans/{usageplan_id}/keys/{key_id}/usage",
    permission: "admin",
    async handler({ db, params, body }) {
      const ops = readPatchOperations(body);
      await requirePlan(db, params.usageplan_id);
      let remaining: number | undefined;
      for (const op of ops) {
        if (op.op !== "replace" || op.path !== "/remaining") throw unsupportedPatch(op);
        remaining = Number(op.value);
        if (!Number.isInteger(remaining) || remaining < 0) throw badRequestException(`Invalid value '${op.value ?? ""}' for path /remaining: expected a whole number 0 or more`);
      }
      if (remaining !== undefined) await awsNotFound(API_KEY_NOT_FOUND, () => updateUsage(db, params.usageplan_id, params.key_id, { remaining }));
      const day = today();
      return { body: awsUsage(await getUsage(db, params.usageplan_id, { startDate: day, endDate: day, keyId: params.key_id })) };
    },
  },
];

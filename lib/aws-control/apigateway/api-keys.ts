import { AppError } from "../../errors";
import { ZCreateApiKey, ZUpdateApiKey, type TApiKey } from "../../schemas/api-keys";
import { createApiKey, deleteApiKey, getApiKey, listApiKeys, updateApiKey } from "../../services/api-keys";
import { conflictException, badRequestException } from "../errors";
import type { Operation } from "../operation";
import { importApiKeysOperation } from "./api-keys-import";
import { API_KEY_NOT_FOUND, awsNotFound } from "./keys-common";
import { epochSeconds, page, parseWith, patchBool, readPatchOperations, unsupportedPatch } from "./shapes";
import { refuseTags } from "./unsupported-fields";

/** AWS's ApiKey resource (`/apikeys`) over lib/services/api-keys.ts. */

/** An ApiKey as AWS shapes it; `value` only when the service revealed it (creation, includeValue). */
export function awsApiKey(key: TApiKey) {
  return {
    id: key.id,
    ...(key.value !== undefined ? { value: key.value } : {}),
    name: key.name,
    ...(key.customerId ? { customerId: key.customerId } : {}),
    ...(key.description ? { description: key.description } : {}),
    enabled: key.enabled,
    createdDate: epochSeconds(key.createdAt),
    lastUpdatedDate: epochSeconds(key.updatedAt),
    // Stage keys are AWS's pre-usage-plan mechanism; Gatehouse ties keys to stages through usage plans only.
    stageKeys: [] as string[],
  };
}

/** The service's 409 for a taken value, with AWS's message. */
async function withAwsConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict" && err.problems.some((p) => p.field === "value")) throw conflictException("API Key already exists");
    throw err;
  }
}

function refuseStageKeys(raw: Record<string, unknown>) {
  if (Array.isArray(raw.stageKeys) && raw.stageKeys.length > 0) {
    throw badRequestException("stageKeys are not supported by Gatehouse: add the key to a usage plan that covers the stage instead.");
  }
}

/** CreateApiKey's body as the service's input. AWS's `enabled` defaults to false, so ours does here too. */
export function createInput(raw: Record<string, unknown>) {
  refuseStageKeys(raw);
  refuseTags(raw, "API keys");
  return parseWith(ZCreateApiKey, {
    name: raw.name,
    description: raw.description,
    enabled: raw.enabled ?? false,
    customerId: raw.customerId,
    // Terraform sends `value: ""` when none is configured; AWS generates one then, as for an absent value.
    value: raw.value === "" ? undefined : raw.value,
  });
}

const truthy = (v: string | null) => v === "true";

export const apiKeysOperations: Operation[] = [
  importApiKeysOperation,
  {
    name: "CreateApiKey",
    service: "apigateway",
    method: "POST",
    path: "/apikeys",
    permission: "edit",
    async handler({ db, body, principal }) {
      const input = createInput((body ?? {}) as Record<string, unknown>);
      return { status: 201, body: awsApiKey(await withAwsConflict(() => createApiKey(db, input, principal))) };
    },
  },
  {
    name: "GetApiKeys",
    service: "apigateway",
    method: "GET",
    path: "/apikeys",
    permission: "read",
    async handler({ db, query, principal }) {
      const nameQuery = query.get("name");
      const customerId = query.get("customerId");
      const keys = (await listApiKeys(db)).filter((k) => (!nameQuery || k.name.startsWith(nameQuery)) && (!customerId || k.customerId === customerId));
      const result = page(keys, query);
      // Values are read one key at a time through the service, which decides who may see them.
      const items = truthy(query.get("includeValues")) ? await Promise.all(result.item.map((k) => getApiKey(db, k.id, { includeValue: true, principal }))) : result.item;
      return { body: { ...result, item: items.map(awsApiKey) } };
    },
  },
  {
    name: "GetApiKey",
    service: "apigateway",
    method: "GET",
    path: "/apikeys/{api_key}",
    permission: "read",
    async handler({ db, params, query, principal }) {
      const key = await awsNotFound(API_KEY_NOT_FOUND, () => getApiKey(db, params.api_key, { includeValue: truthy(query.get("includeValue")), principal }));
      return { body: awsApiKey(key) };
    },
  },
  {
    name: "UpdateApiKey",
    service: "apigateway",
    method: "PATCH",
    path: "/apikeys/{api_key}",
    permission: "edit",
    async handler({ db, params, body }) {
      const ops = readPatchOperations(body);
      const current = await awsNotFound(API_KEY_NOT_FOUND, () => getApiKey(db, params.api_key));
      const changes: { name?: string; description?: string; enabled?: boolean; customerId?: string | null } = {};
      for (const op of ops) {
        const removing = op.op === "remove";
        if (op.op !== "replace" && !removing) throw unsupportedPatch(op);
        if (op.path === "/name" && !removing) changes.name = op.value ?? "";
        else if (op.path === "/description") changes.description = removing ? "" : (op.value ?? "");
        else if (op.path === "/enabled" && !removing) changes.enabled = patchBool(op);
        else if (op.path === "/customerId") changes.customerId = removing || !op.value ? null : op.value;
        else throw unsupportedPatch(op);
      }
      const input = parseWith(ZUpdateApiKey, { version: current.version, ...changes });
      return { body: awsApiKey(await awsNotFound(API_KEY_NOT_FOUND, () => updateApiKey(db, params.api_key, input))) };
    },
  },
  {
    name: "DeleteApiKey",
    service: "apigateway",
    method: "DELETE",
    path: "/apikeys/{api_key}",
    permission: "edit",
    async handler({ db, params }) {
      await awsNotFound(API_KEY_NOT_FOUND, () => deleteApiKey(db, params.api_key));
      return { status: 202 };
    },
  },
];

import * as k from "../schemas/api-keys";
import type { RouteDoc } from "./paths";

const K = "/apikeys/{apiKeyId}";
const P = "/usageplans/{usagePlanId}";
const PK = `${P}/keys/{keyId}`;
const date = (description: string) => ({ description, schema: { type: "string", format: "date" } });

/** API keys and usage plans, with their zod contracts (lib/schemas/api-keys.ts, registered in document.ts). */
const API_KEY_ROUTES_WITH_SCHEMAS: RouteDoc[] = [
  { method: "get", path: "/apikeys", summary: "List API keys (prefix only, never values)", permission: "read", status: 200, response: k.ZApiKeyListOut },
  {
    method: "post",
    path: "/apikeys",
    summary: "Create an API key: generated (40 characters) or imported `value` (20–128); the value is returned this once (409 for a value already in use)",
    permission: "edit",
    body: k.ZCreateApiKey,
    status: 201,
    response: k.ZApiKeyOut,
  },
  {
    method: "get",
    path: K,
    summary: "Get an API key; ?includeValue=true adds its value (admins and owners, others 403)",
    permission: "read",
    query: { includeValue: { description: "true: include the key's value (admins and owners)", schema: { type: "string", enum: ["true", "false"] } } },
    status: 200,
    response: k.ZApiKeyOut,
  },
  { method: "patch", path: K, summary: "Rename, describe, enable or disable a key (the gateway applies it within a second)", permission: "edit", body: k.ZUpdateApiKey, status: 200, response: k.ZApiKeyOut },
  { method: "delete", path: K, summary: "Delete an API key", permission: "edit", status: 204 },

  {
    method: "get",
    path: "/usageplans",
    summary: "List usage plans",
    permission: "read",
    query: { keyId: { description: "Only the plans this API key is in", schema: { type: "string" } } },
    status: 200,
    response: k.ZUsagePlanListOut,
  },
  { method: "post", path: "/usageplans", summary: "Create a usage plan: API stages (400 naming a missing stage), throttle, quota", permission: "edit", body: k.ZCreateUsagePlan, status: 201, response: k.ZUsagePlanOut },
  { method: "get", path: P, summary: "Get a usage plan", permission: "read", status: 200, response: k.ZUsagePlanOut },
  { method: "patch", path: P, summary: "Update a usage plan (apiStages replaces the list; null removes throttle or quota)", permission: "edit", body: k.ZUpdateUsagePlan, status: 200, response: k.ZUsagePlanOut },
  { method: "delete", path: P, summary: "Delete a usage plan", permission: "edit", status: 204 },
  { method: "get", path: `${P}/keys`, summary: "The API keys in a usage plan", permission: "read", status: 200, response: k.ZUsagePlanKeyListOut },
  {
    method: "post",
    path: `${P}/keys`,
    summary: "Add an API key to the plan (409 if it is in another plan sharing an API stage: one plan per key per stage)",
    permission: "edit",
    body: k.ZAddUsagePlanKey,
    status: 201,
    response: k.ZUsagePlanKeyOut,
  },
  { method: "get", path: PK, summary: "One key of the plan", permission: "read", status: 200, response: k.ZUsagePlanKeyOut },
  { method: "delete", path: PK, summary: "Remove an API key from the plan", permission: "edit", status: 204 },
  { method: "get", path: `${PK}/usage`, summary: "The key's quota in the current period: used, limit, remaining", permission: "read", status: 200, response: k.ZKeyUsageOut },
  {
    method: "patch",
    path: `${PK}/usage`,
    summary: 'Reset or extend the key\'s quota for the current period: {"reset": true}, {"extendBy": n} or {"remaining": n} (AWS UpdateUsage)',
    permission: "admin",
    body: k.ZUpdateUsage,
    status: 200,
    response: k.ZKeyUsageOut,
  },
  {
    method: "get",
    path: `${P}/usage`,
    summary: "AWS GetUsage: per key, [used, remaining] per UTC day from startDate to endDate",
    permission: "read",
    query: { startDate: date("First day, YYYY-MM-DD"), endDate: date("Last day, YYYY-MM-DD"), keyId: { description: "Only this key", schema: { type: "string" } } },
    status: 200,
    response: k.ZUsageOut,
  },
];

export const API_KEY_ROUTES: RouteDoc[] = API_KEY_ROUTES_WITH_SCHEMAS;

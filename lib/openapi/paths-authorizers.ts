import { z } from "zod";
import * as auth from "../schemas/authorizers";
import type { RouteDoc } from "./paths";

/** Authorizers: their management routes (see paths.ts for the format). */

const R = "/restapis/{restApiId}";

export const ZAuthorizerOut = z.object({
  id: z.string(),
  name: z.string(),
  type: auth.ZAuthorizerType,
  authorizerUri: z.string(),
  identitySource: z.string(),
  identityValidationExpression: z.string().nullable(),
  authorizerResultTtlInSeconds: z.number().int(),
  issuer: z.string().nullable(),
  audiences: z.array(z.string()),
  jwksUri: z.string().nullable(),
  jwtSecret: z.string().nullable().describe("Masked when set; the secret is write-only"),
  createdDate: z.string(),
  version: z.number().int(),
});
export const ZAuthorizerListOut = z.object({ items: z.array(ZAuthorizerOut) });
export const ZAuthorizerTestOut = z.object({
  clientStatus: z.number().int().describe("200 when the request would pass, else 401 / 403 / 500"),
  principalId: z.string().nullable(),
  policy: z.unknown(),
  context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  usageIdentifierKey: z.string().nullable(),
  claims: z.record(z.string(), z.string()).nullable(),
  latency: z.number().describe("Milliseconds"),
  log: z.array(z.string()),
  error: z.object({ type: z.string(), message: z.string().nullable() }).optional(),
});

/** With their zod contracts (lib/schemas/authorizers.ts and the Out schemas above, registered in document.ts). */
const AUTHORIZER_ROUTES_WITH_SCHEMAS: RouteDoc[] = [
  { method: "get", path: `${R}/authorizers`, summary: "List the API's authorizers (JWT secrets masked)", permission: "read", status: 200, response: ZAuthorizerListOut },
  {
    method: "post",
    path: `${R}/authorizers`,
    summary: "Create a TOKEN, REQUEST (function) or JWT authorizer (400 listing every problem, 409 for a taken name)",
    permission: "edit",
    body: auth.ZCreateAuthorizer,
    status: 201,
    response: ZAuthorizerOut,
  },
  { method: "get", path: `${R}/authorizers/{authorizerId}`, summary: "Get an authorizer", permission: "read", status: 200, response: ZAuthorizerOut },
  { method: "patch", path: `${R}/authorizers/{authorizerId}`, summary: "Update an authorizer (a new JWKS URL replaces the secret and vice versa)", permission: "edit", body: auth.ZUpdateAuthorizer, status: 200, response: ZAuthorizerOut },
  { method: "delete", path: `${R}/authorizers/{authorizerId}`, summary: "Delete an authorizer (409 while a method uses it)", permission: "edit", status: 204 },
  {
    method: "post",
    path: `${R}/authorizers/{authorizerId}/test`,
    summary: "Test the saved authorizer on the gateway with sample headers, query and stage variables (AWS TestInvokeAuthorizer)",
    permission: "test",
    body: auth.ZTestAuthorizer,
    status: 200,
    response: ZAuthorizerTestOut,
  },
];

export const AUTHORIZER_ROUTES: RouteDoc[] = AUTHORIZER_ROUTES_WITH_SCHEMAS;

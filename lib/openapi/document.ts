import { z } from "zod";
import * as req from "../schemas/management";
import * as fnReq from "../schemas/functions";
import * as remoteReq from "../schemas/remote-functions";
import * as apiKeyReq from "../schemas/api-keys";
import * as authorizerReq from "../schemas/authorizers";
import * as accessKeyReq from "../schemas/access-keys";
import * as corsReq from "../schemas/cors";
import * as logsReq from "../schemas/logs";
import * as metricsReq from "../schemas/metrics";
import * as trafficReq from "../schemas/traffic";
import * as testerReq from "../schemas/tester";
import * as ioReq from "../schemas/openapi-io";
import * as authorizerRes from "./paths-authorizers";
import { PERMISSIONS } from "../services/permissions";
import * as res from "./responses";
import { ROUTES, type RouteDoc } from "./paths";

/** The management API's OpenAPI 3.1 document, generated from the zod schemas and the route table. */

const PARAMS: Record<string, string> = {
  restApiId: "REST API id",
  resourceId: "Resource id (for POST: the parent of the new resource)",
  httpMethod: "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY",
  statusCode: "HTTP status code, 100–599",
  deploymentId: "Deployment id",
  stageName: "Stage name",
  userId: "User id",
  tokenId: "Token id",
  functionName: "Function name (1–64 letters, digits, - or _)",
  historyId: "Tester history entry id",
  collectionId: "Test collection id",
  itemId: "Saved request id in a collection",
};

type JsonObject = Record<string, unknown>;

/** Named components: the request schemas by their contract names (without the Z), the responses likewise. */
function components(): { requests: Map<z.ZodType, string>; responses: Map<z.ZodType, string>; schemas: Record<string, JsonObject> } {
  const requests = new Map<z.ZodType, string>();
  const responses = new Map<z.ZodType, string>();
  const add = (map: Map<z.ZodType, string>, mod: Record<string, unknown>, suffix: string) => {
    for (const [name, value] of Object.entries(mod)) {
      if (value instanceof z.ZodType && /^Z[A-Z]/.test(name) && !map.has(value)) map.set(value, `${name.slice(1)}${suffix}`);
    }
  };
  add(requests, req, "");
  add(requests, fnReq, "");
  add(requests, remoteReq, "");
  for (const mod of [apiKeyReq, authorizerReq, accessKeyReq, corsReq, trafficReq, logsReq, metricsReq, testerReq, ioReq]) add(requests, mod, "");
  add(responses, res, "");
  // Response schemas that live with their area's contract (some are both a body and a response).
  for (const mod of [apiKeyReq, authorizerReq, accessKeyReq, corsReq, trafficReq, authorizerRes, logsReq, metricsReq, testerReq, ioReq]) add(responses, mod, "");
  const schemas: Record<string, JsonObject> = {};
  for (const [map, io] of [
    [requests, "input"],
    [responses, "output"],
  ] as const) {
    const registry = z.registry<{ id: string }>();
    for (const [schema, id] of map) registry.add(schema, { id });
    const generated = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" }).schemas;
    for (const [id, schema] of Object.entries(generated)) {
      const { $schema: _s, $id: _i, ...rest } = schema as JsonObject;
      void _s;
      void _i;
      schemas[id] = rest;
    }
  }
  return { requests, responses, schemas };
}

function schemaRef(schema: z.ZodType, named: Map<z.ZodType, string>): JsonObject {
  const id = named.get(schema);
  if (!id) throw new Error("Every body and response in lib/openapi/paths.ts must be a schema exported from lib/schemas/*.ts (registered in document.ts) or lib/openapi/responses.ts");
  return { $ref: `#/components/schemas/${id}` };
}

const ERROR = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ERROR } } });

function operation(route: RouteDoc, c: ReturnType<typeof components>): JsonObject {
  const pathParams = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    description: PARAMS[m[1]] ?? m[1],
    schema: { type: "string" },
  }));
  const queryParams = Object.entries(route.query ?? {}).map(([name, q]) => ({ name, in: "query", required: false, description: q.description, schema: q.schema }));
  const ok = route.response
    ? { description: "OK", content: { "application/json": { schema: schemaRef(route.response, c.responses) } } }
    : { description: route.status === 204 ? "Done" : "OK" };
  const responses: JsonObject = { [String(route.status)]: ok };
  if (route.alsoOk) responses["200"] = { ...ok, description: "Replaced" };
  if (route.permission !== "public") {
    if (route.body || pathParams.length > 0 || route.query) responses["400"] = errorResponse("Invalid request (validation-failed, with a problem per field) or refused");
    responses["401"] = errorResponse("No valid session or token");
    responses["403"] = errorResponse(`Your role cannot do this (needs: ${PERMISSIONS[route.permission].join(", ")})`);
    if (pathParams.length > 0) responses["404"] = errorResponse("Not found");
    if (route.method === "patch" || route.method === "post" || route.method === "put") responses["409"] = errorResponse("Stale version: someone else saved first");
  }
  return {
    summary: route.summary,
    operationId: `${route.method}${route.path.replace(/\{([a-z])([A-Za-z]*)\}/g, (_m, a: string, b: string) => `By${a.toUpperCase()}${b}`).replace(/[^A-Za-z]+([a-z]?)/g, (_m, a: string) => a.toUpperCase())}`,
    ...(route.permission === "public" ? { security: [] } : { "x-gatehouse-roles": PERMISSIONS[route.permission] }),
    parameters: [...pathParams, ...queryParams],
    ...(route.body ? { requestBody: { required: route.method !== "post" || !route.path.endsWith("/promote"), content: { "application/json": { schema: schemaRef(route.body, c.requests) } } } } : {}),
    responses,
  };
}

export function openApiDocument(): JsonObject {
  const c = components();
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of ROUTES) {
    (paths[route.path] ??= {})[route.method] = operation(route, c);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse management API",
      version: "1",
      description:
        "Everything the console does. Shapes follow Amazon API Gateway's REST control plane, except: collections are { items: [...] }, " +
        "updates are partial JSON bodies (not JSON Patch) and editable objects carry a version (send back the one you read; a stale one answers 409). " +
        "Authenticate with the console session cookie or Authorization: Bearer gh_… (a personal access token).",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: c.schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Personal access token gh_…, created in the console (or GATEHOUSE_BOOTSTRAP_TOKEN)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's session" },
      },
    },
  };
}

import type { z } from "zod";
import * as req from "../schemas/management";
import * as fn from "../schemas/functions";
import * as remote from "../schemas/remote-functions";
import type { Permission } from "../services/permissions";
import * as res from "./responses";
import { ACCESS_KEY_ROUTES } from "./paths-access-keys";
import { API_KEY_ROUTES } from "./paths-api-keys";
import { AUTHORIZER_ROUTES } from "./paths-authorizers";
import { LOG_ROUTES } from "./paths-logs";
import { METRICS_ROUTES } from "./paths-metrics";
import { CACHE_ROUTES } from "./paths-cache";
import { TRAFFIC_ROUTES } from "./paths-traffic";
import { TESTER_ROUTES } from "./paths-tester";
import { IO_ROUTES } from "./paths-io";
import { FUNCTION_PERMISSION_ROUTES } from "./paths-function-permissions";

/**
 * Every management route, as a table: the OpenAPI document is generated from
 * it (lib/openapi/document.ts) and a test checks it against the route files
 * in app/api/v1. Paths are relative to /api/v1; {param} names are the route
 * folders' [param] names.
 */

export type HttpVerb = "get" | "post" | "put" | "patch" | "delete";

export interface RouteDoc {
  method: HttpVerb;
  path: string;
  summary: string;
  /** The role permission the route requires; "public" needs no sign-in. */
  permission: Permission | "public";
  body?: z.ZodType;
  query?: Record<string, { description: string; schema: object }>;
  /** Success status and its body (none for 204). */
  status: 200 | 201 | 204;
  response?: z.ZodType;
  /** Also answers 200 with the same body (PUT replacing an existing object). */
  alsoOk?: boolean;
}

const R = "/restapis/{restApiId}";
const RES = `${R}/resources/{resourceId}`;
const M = `${RES}/methods/{httpMethod}`;
const S = `${R}/stages/{stageName}`;
const F = "/functions/{functionName}";
const RF = "/remote-functions/{remoteFunctionId}";

const CORE_ROUTES: RouteDoc[] = [
  { method: "get", path: "/openapi.json", summary: "This OpenAPI document", permission: "public", status: 200 },
  {
    method: "post",
    path: "/auth/token",
    summary: "Sign in with `{email, password, name}` and create a personal access token (`gatehouse login`): 201 `{token, secret}`, 401 wrong credentials, 429 after 10 failures in 15 minutes",
    permission: "public",
    status: 201,
  },
  { method: "get", path: "/me", summary: "Who you are: user, role, session or token", permission: "self", status: 200, response: res.ZMeOut },

  { method: "get", path: "/restapis", summary: "List REST APIs", permission: "read", status: 200, response: res.ZRestApiListOut },
  { method: "post", path: "/restapis", summary: "Create a REST API (with its root resource), or clone one with cloneFrom", permission: "edit", body: req.ZCreateRestApi, status: 201, response: res.ZRestApiOut },
  { method: "get", path: R, summary: "Get a REST API", permission: "read", status: 200, response: res.ZRestApiOut },
  { method: "patch", path: R, summary: "Update a REST API", permission: "edit", body: req.ZUpdateRestApi, status: 200, response: res.ZRestApiOut },
  { method: "delete", path: R, summary: "Delete a REST API with its resources, deployments and stages", permission: "edit", status: 204 },
  {
    method: "get",
    path: `${R}/metrics`,
    summary: "Requests per minute by status class",
    permission: "read",
    query: { minutes: { description: "Window in minutes (5–1440, default 60)", schema: { type: "integer", minimum: 5, maximum: 1440 } } },
    status: 200,
    response: res.ZRequestSeriesOut,
  },

  { method: "get", path: `${R}/resources`, summary: "List resources, with their methods embedded", permission: "read", status: 200, response: res.ZResourceListOut },
  { method: "post", path: RES, summary: "Create a child resource of {resourceId} (AWS: POST …/resources/{parentId})", permission: "edit", body: req.ZCreateResource, status: 201, response: res.ZResourceOut },
  { method: "get", path: RES, summary: "Get a resource", permission: "read", status: 200, response: res.ZResourceOut },
  { method: "patch", path: RES, summary: "Rename a resource's path part (the paths below follow)", permission: "edit", body: req.ZUpdateResource, status: 200, response: res.ZResourceOut },
  { method: "delete", path: RES, summary: "Delete a resource and its subtree (not the root)", permission: "edit", status: 204 },

  { method: "put", path: M, summary: "Create a method (a second one of the same verb is refused)", permission: "edit", body: req.ZPutMethod, status: 201, response: res.ZMethodOut },
  { method: "get", path: M, summary: "Get a method with its integration and responses", permission: "read", status: 200, response: res.ZMethodOut },
  { method: "patch", path: M, summary: "Update a method", permission: "edit", body: req.ZUpdateMethod, status: 200, response: res.ZMethodOut },
  { method: "delete", path: M, summary: "Delete a method with its integration and responses", permission: "edit", status: 204 },

  { method: "put", path: `${M}/integration`, summary: "Create or replace the method's integration", permission: "edit", body: req.ZPutIntegration, status: 201, alsoOk: true, response: res.ZIntegrationOut },
  { method: "get", path: `${M}/integration`, summary: "Get the method's integration", permission: "read", status: 200, response: res.ZIntegrationOut },
  { method: "patch", path: `${M}/integration`, summary: "Update the method's integration", permission: "edit", body: req.ZUpdateIntegration, status: 200, response: res.ZIntegrationOut },
  { method: "delete", path: `${M}/integration`, summary: "Delete the method's integration", permission: "edit", status: 204 },

  { method: "put", path: `${M}/integration/responses/{statusCode}`, summary: "Create or replace an integration response", permission: "edit", body: req.ZPutIntegrationResponse, status: 201, alsoOk: true, response: res.ZIntegrationResponseOut },
  { method: "get", path: `${M}/integration/responses/{statusCode}`, summary: "Get an integration response", permission: "read", status: 200, response: res.ZIntegrationResponseOut },
  { method: "delete", path: `${M}/integration/responses/{statusCode}`, summary: "Delete an integration response", permission: "edit", status: 204 },

  { method: "put", path: `${M}/responses/{statusCode}`, summary: "Create or replace a method response", permission: "edit", body: req.ZPutMethodResponse, status: 201, alsoOk: true, response: res.ZMethodResponseOut },
  { method: "get", path: `${M}/responses/{statusCode}`, summary: "Get a method response", permission: "read", status: 200, response: res.ZMethodResponseOut },
  { method: "delete", path: `${M}/responses/{statusCode}`, summary: "Delete a method response", permission: "edit", status: 204 },

  { method: "get", path: `${R}/models`, summary: "List the API's models, by name", permission: "read", status: 200, response: res.ZModelListOut },
  {
    method: "post",
    path: `${R}/models`,
    summary: "Create a model: a draft-04 JSON Schema, which may $ref other models of the API (400 naming schema when invalid; 409 for a taken name)",
    permission: "edit",
    body: req.ZCreateModel,
    status: 201,
    response: res.ZModelOut,
  },
  { method: "get", path: `${R}/models/{modelName}`, summary: "Get a model", permission: "read", status: 200, response: res.ZModelOut },
  { method: "patch", path: `${R}/models/{modelName}`, summary: "Update a model's description, content type or schema", permission: "edit", body: req.ZUpdateModel, status: 200, response: res.ZModelOut },
  { method: "delete", path: `${R}/models/{modelName}`, summary: "Delete a model (409 while a method, method response or model references it)", permission: "edit", status: 204 },
  { method: "get", path: `${R}/models/{modelName}/default_template`, summary: "A mapping template generated from the model's schema", permission: "read", status: 200, response: res.ZModelTemplateOut },

  { method: "get", path: `${R}/requestvalidators`, summary: "List the API's request validators", permission: "read", status: 200, response: res.ZRequestValidatorListOut },
  { method: "post", path: `${R}/requestvalidators`, summary: "Create a request validator (409 for a taken name)", permission: "edit", body: req.ZCreateRequestValidator, status: 201, response: res.ZRequestValidatorOut },
  { method: "get", path: `${R}/requestvalidators/{validatorId}`, summary: "Get a request validator", permission: "read", status: 200, response: res.ZRequestValidatorOut },
  { method: "patch", path: `${R}/requestvalidators/{validatorId}`, summary: "Update a request validator", permission: "edit", body: req.ZUpdateRequestValidator, status: 200, response: res.ZRequestValidatorOut },
  { method: "delete", path: `${R}/requestvalidators/{validatorId}`, summary: "Delete a request validator (409 while a method uses it)", permission: "edit", status: 204 },

  { method: "get", path: `${R}/gatewayresponses`, summary: "Every gateway response type: the API's customizations and the defaults", permission: "read", status: 200, response: res.ZGatewayResponseListOut },
  { method: "get", path: `${R}/gatewayresponses/{responseType}`, summary: "Get one gateway response (the default when not customized; 404 for an unknown type)", permission: "read", status: 200, response: res.ZGatewayResponseOut },
  {
    method: "put",
    path: `${R}/gatewayresponses/{responseType}`,
    summary: "Customize a gateway response: status, gatewayresponse.header.* parameters, body templates (REQUEST_TOO_LARGE cannot be customized)",
    permission: "edit",
    body: req.ZPutGatewayResponse,
    status: 201,
    alsoOk: true,
    response: res.ZGatewayResponseOut,
  },
  { method: "delete", path: `${R}/gatewayresponses/{responseType}`, summary: "Reset a gateway response to its default", permission: "edit", status: 204 },

  {
    method: "post",
    path: `${R}/template-preview`,
    summary: "Render a mapping template (VTL) against a sample request: output or runtime error; 400 naming template with Line L, column C on a syntax error",
    permission: "test",
    body: req.ZTemplatePreview,
    status: 200,
    response: res.ZTemplatePreviewOut,
  },

  { method: "get", path: `${R}/deployments`, summary: "List deployments, newest first", permission: "read", status: 200, response: res.ZDeploymentListOut },
  {
    method: "post",
    path: `${R}/deployments`,
    summary: "Deploy to a stage, or with canarySettings to an existing stage's canary (400 deploy-invalid lists every problem; nothing is deployed)",
    permission: "edit",
    body: req.ZCreateDeployment,
    status: 201,
    response: res.ZDeploymentOut,
  },
  { method: "get", path: `${R}/deployments/{deploymentId}`, summary: "Get a deployment with its snapshot", permission: "read", status: 200, response: res.ZDeploymentWithSnapshotOut },
  { method: "delete", path: `${R}/deployments/{deploymentId}`, summary: "Delete a deployment no stage uses (else 400 naming the stages)", permission: "edit", status: 204 },

  { method: "get", path: `${R}/stages`, summary: "List stages", permission: "read", status: 200, response: res.ZStageListOut },
  { method: "post", path: `${R}/stages`, summary: "Create a stage serving an existing deployment", permission: "edit", body: req.ZCreateStage, status: 201, response: res.ZStageOut },
  { method: "get", path: S, summary: "Get a stage", permission: "read", status: 200, response: res.ZStageOut },
  { method: "patch", path: S, summary: "Update a stage: deploymentId (rollback), variables, method settings, canary; or AWS patchOperations (e.g. /*/*/throttling/rateLimit, /~1items/GET/throttling/burstLimit)", permission: "edit", body: req.ZUpdateStage, status: 200, response: res.ZStageOut },
  { method: "delete", path: S, summary: "Delete a stage", permission: "edit", status: 204 },
  { method: "post", path: `${S}/canary/promote`, summary: "Promote the canary: its deployment and overrides become the stage's", permission: "edit", body: req.ZPromoteCanary, status: 200, response: res.ZStageOut },
  { method: "get", path: `${S}/deployments`, summary: "The stage's history: deployments it pointed at, newest first", permission: "read", status: 200, response: res.ZStageDeploymentListOut },

  { method: "get", path: "/users", summary: "List users", permission: "admin", status: 200, response: res.ZUserListOut },
  { method: "post", path: "/users", summary: "Create a user (a generated password is returned once when none is given)", permission: "admin", body: req.ZCreateUser, status: 201, response: res.ZCreatedUserOut },
  { method: "get", path: "/users/{userId}", summary: "Get a user", permission: "admin", status: 200, response: res.ZUserOut },
  { method: "patch", path: "/users/{userId}", summary: "Change a user's name, role or disabled flag (not the last enabled admin's)", permission: "admin", body: req.ZUpdateUser, status: 200, response: res.ZUserOut },
  { method: "delete", path: "/users/{userId}", summary: "Delete a user (not the last enabled admin)", permission: "admin", status: 204 },
  { method: "post", path: "/users/{userId}/password", summary: "Reset a user's password to a generated one, returned once", permission: "admin", status: 200, response: res.ZPasswordOut },

  {
    method: "get",
    path: "/tokens",
    summary: "Your personal access tokens (admins: ?all=true for everyone's)",
    permission: "self",
    query: { all: { description: "true: every user's tokens (admins only)", schema: { type: "string", enum: ["true", "false"] } } },
    status: 200,
    response: res.ZTokenListOut,
  },
  { method: "post", path: "/tokens", summary: "Create a personal access token with your role (the secret is shown once)", permission: "self", body: req.ZCreateToken, status: 201, response: res.ZCreatedTokenOut },
  { method: "delete", path: "/tokens/{tokenId}", summary: "Revoke a token (yours; admins: anyone's)", permission: "self", status: 204 },

  { method: "get", path: "/functions", summary: "List functions", permission: "read", status: 200, response: res.ZFunctionListOut },
  {
    method: "post",
    path: "/functions",
    summary: "Create a function (default code: a hello handler); 400 lists syntax and type errors as file:line:column, nothing is saved",
    permission: "edit",
    body: fn.ZCreateFunction,
    status: 201,
    response: res.ZFunctionOut,
  },
  { method: "get", path: F, summary: "Get a function's $LATEST: files, settings, environment (secrets masked)", permission: "read", status: 200, response: res.ZFunctionOut },
  {
    method: "patch",
    path: F,
    summary: "Save $LATEST (code, handler, settings, environment; a secret sent back masked keeps its value); 400 with file:line:column and nothing saved on errors",
    permission: "edit",
    body: fn.ZUpdateFunction,
    status: 200,
    response: res.ZFunctionOut,
  },
  { method: "delete", path: F, summary: "Delete a function and its versions (400 naming the methods or stages that use it)", permission: "edit", status: 204 },
  { method: "get", path: `${F}/versions`, summary: "Published versions, newest first", permission: "read", status: 200, response: res.ZFunctionVersionListOut },
  { method: "post", path: `${F}/versions`, summary: "Publish $LATEST as the next immutable version", permission: "edit", body: fn.ZPublishFunction, status: 201, response: res.ZFunctionVersionOut },
  {
    method: "post",
    path: `${F}/invoke`,
    summary: "Test invoke through the gateway's runtime: result, durations, peak memory and the invocation's logs (502 if the gateway is unreachable)",
    permission: "test",
    body: fn.ZInvokeFunction,
    status: 200,
    response: res.ZInvokeResultOut,
  },
  {
    method: "get",
    path: `${F}/logs`,
    summary: "The function's log lines, newest first",
    permission: "read",
    query: {
      requestId: { description: "Only this invocation's lines", schema: { type: "string" } },
      since: { description: "Only lines at or after this ISO 8601 time", schema: { type: "string", format: "date-time" } },
      limit: { description: "At most this many lines (1–1000, default 200)", schema: { type: "integer", minimum: 1, maximum: 1000 } },
    },
    status: 200,
    response: res.ZFunctionLogListOut,
  },

  { method: "get", path: "/remote-functions", summary: "List remote functions (Invoke API endpoints by function ARN; secrets never returned)", permission: "read", status: 200, response: res.ZRemoteFunctionListOut },
  {
    method: "post",
    path: "/remote-functions",
    summary: "Register a function ARN → Lambda Invoke API endpoint and credentials (stored encrypted); 409 if the ARN exists",
    permission: "edit",
    body: remote.ZCreateRemoteFunction,
    status: 201,
    response: res.ZRemoteFunctionOut,
  },
  { method: "get", path: RF, summary: "Get a remote function (accessKeyId and hasSecret, never the secret)", permission: "read", status: 200, response: res.ZRemoteFunctionOut },
  {
    method: "patch",
    path: RF,
    summary: "Change a remote function's endpoint, region or credentials; the gateway picks it up without a redeploy (409 on a stale version)",
    permission: "edit",
    body: remote.ZUpdateRemoteFunction,
    status: 200,
    response: res.ZRemoteFunctionOut,
  },
  { method: "delete", path: RF, summary: "Delete a remote function", permission: "edit", status: 204 },
];

/** Every route: the core table above plus each access-control area's own table. */
export const ROUTES: RouteDoc[] = [...CORE_ROUTES, ...API_KEY_ROUTES, ...AUTHORIZER_ROUTES, ...ACCESS_KEY_ROUTES, ...LOG_ROUTES, ...METRICS_ROUTES, ...CACHE_ROUTES, ...TRAFFIC_ROUTES, ...TESTER_ROUTES, ...IO_ROUTES, ...FUNCTION_PERMISSION_ROUTES];

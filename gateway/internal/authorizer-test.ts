import type http from "node:http";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { isInternalToken } from "../../lib/internal-token";
import { ZDeployedAuthorizer } from "../../lib/snapshot";
import { runAuthorizer, type AuthorizerDeps } from "../auth/authorizer";
import type { RequestContext } from "../pipeline/context";
import { RouteTable } from "../routing/route-table";

export const INTERNAL_AUTHORIZER_TEST_PATH = /^\/_gatehouse\/authorizers\/test$/;

/** What the console sends: the authorizer as it would be deployed, and a sample request. */
export const ZAuthorizerTestRequest = z.object({
  restApiId: z.string(),
  authorizerId: z.string().default("test"),
  authorizer: ZDeployedAuthorizer,
  stageName: z.string().default("test-invoke-stage"),
  httpMethod: z.string().default("GET"),
  /** Request path below the stage (the method ARN's path). */
  path: z.string().default("/"),
  resourcePath: z.string().default("/"),
  headers: z.record(z.string(), z.string()).default({}),
  /** `a=1&b=2`. */
  queryString: z.string().default(""),
  stageVariables: z.record(z.string(), z.string()).default({}),
  pathParameters: z.record(z.string(), z.string()).default({}),
  scopes: z.array(z.string()).default([]),
});

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

/**
 * `POST /_gatehouse/authorizers/test` (console "Test authorizer", AWS's
 * TestInvokeAuthorizer): runs the authorizer against the sample request on
 * the gateway's own function runtime and JWKS cache (never its result cache)
 * and answers `{clientStatus, principalId, policy, context, claims, latency, log}`.
 */
export async function handleInternalAuthorizerTest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer | null,
  deps: AuthorizerDeps & { requestId: string },
): Promise<void> {
  const token = req.headers["x-gatehouse-internal-token"];
  if (!isInternalToken(typeof token === "string" ? token : undefined, deps.secretKey)) return send(res, 401, { message: "Unauthorized" });
  if (req.method !== "POST") return send(res, 405, { message: "Method Not Allowed" });
  let parsed;
  try {
    parsed = ZAuthorizerTestRequest.safeParse(body ? JSON.parse(body.toString("utf8")) : {});
  } catch {
    return send(res, 400, { message: "The body must be JSON" });
  }
  if (!parsed.success) return send(res, 400, { message: `Bad test request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
  const input = parsed.data;
  const resource = { id: "testresrc1", path: input.resourcePath, methods: {} };
  const method = {
    httpMethod: "ANY" as const,
    authorizationType: input.authorizer.type === "JWT" ? "JWT" : "CUSTOM",
    apiKeyRequired: false,
    authorizerId: input.authorizerId,
    authorizationScopes: input.scopes,
    requestParameters: {},
    requestModels: {},
    requestValidator: null,
    methodResponses: [],
    integration: { type: "MOCK" as const, timeoutMs: 29000, requestTemplates: {}, passthroughBehavior: "WHEN_NO_MATCH" as const, contentHandling: null, responses: [] },
  };
  const path = input.path.startsWith("/") ? input.path : `/${input.path}`;
  const ctx: RequestContext = {
    requestId: deps.requestId || randomUUID(),
    extendedRequestId: "TestInvoke00=",
    receivedAt: Date.now(),
    accountId: deps.arn.accountId,
    raw: { httpVersion: "1.1" } as IncomingMessage,
    request: {
      httpMethod: input.httpMethod.toUpperCase(),
      path,
      stagePath: `/${input.stageName}${path}`,
      rawQuery: input.queryString.replace(/^\?/, ""),
      headerPairs: Object.entries(input.headers),
      body: null,
      domainName: "testinvoke.execute-api.localhost",
      sourceIp: "test-invoke-source-ip",
    },
    restApiId: input.restApiId,
    stageName: input.stageName,
    deployment: {
      deploymentId: "test-invoke-deployment",
      snapshot: {
        formatVersion: 4,
        restApiId: input.restApiId,
        apiName: "test",
        binaryMediaTypes: [],
        resources: [],
        models: {},
        gatewayResponses: {},
        apiKeySource: "HEADER",
        authorizers: { [input.authorizerId]: input.authorizer },
      },
      routes: new RouteTable([]),
      variables: input.stageVariables,
      isCanary: false,
    },
    route: { resource, method: method as never, pathParameters: input.pathParameters },
  } as RequestContext;
  const outcome = await runAuthorizer(deps, ctx, input.authorizerId, input.authorizer, { scopes: input.scopes, useCache: false });
  send(res, 200, {
    clientStatus: outcome.status,
    principalId: outcome.principalId ?? null,
    policy: outcome.policy ?? null,
    context: outcome.result?.context ?? null,
    usageIdentifierKey: outcome.result?.usageIdentifierKey ?? null,
    claims: outcome.claims ?? null,
    latency: outcome.latencyMs,
    log: outcome.log,
    ...(outcome.error ? { error: { type: outcome.error.type, message: outcome.error.status >= 500 ? null : outcome.error.message } } : {}),
  });
}

import type { IncomingMessage } from "node:http";
import type { RequestContext, SelectedDeployment } from "../../gateway/pipeline/context";
import { RouteTable, type RouteMatch } from "../../gateway/routing/route-table";
import type { TDeployedMethod, TDeploymentSnapshot } from "../../lib/snapshot";

/** A MOCK method for unit tests; `methodResponses` undefined means "format 1" (no check). */
export function testMethod(over: Partial<TDeployedMethod> = {}): TDeployedMethod {
  return {
    httpMethod: "GET",
    authorizationType: "NONE",
    apiKeyRequired: false,
    authorizerId: null,
    authorizationScopes: [],
    requestParameters: {},
    requestModels: {},
    requestValidator: null,
    integration: { type: "MOCK", requestTemplates: {}, passthroughBehavior: "WHEN_NO_MATCH", contentHandling: null, responses: [], timeoutMs: 29000 },
    ...over,
  };
}

export interface TestContextOptions {
  method?: string;
  path?: string;
  rawQuery?: string;
  headers?: Array<[string, string]>;
  body?: string | null;
  pathParameters?: Record<string, string>;
  routeMethod?: TDeployedMethod;
  variables?: Record<string, string>;
  isCanary?: boolean;
  /** Snapshot format (default 3). */
  formatVersion?: 1 | 2 | 3;
  snapshot?: Partial<Pick<TDeploymentSnapshot, "models" | "gatewayResponses" | "binaryMediaTypes" | "apiKeySource" | "authorizers">>;
}

/** A RequestContext as the pipeline would have filled it up to the integrate stage, for unit tests. */
export function testRequestContext(o: TestContextOptions = {}): RequestContext {
  const method = o.routeMethod ?? testMethod();
  const route: RouteMatch = {
    resource: { id: "res1234567", path: "/items/{id}", methods: { [method.httpMethod]: method } },
    method,
    pathParameters: o.pathParameters ?? {},
  };
  const deployment: SelectedDeployment = {
    deploymentId: "dep1234567",
    snapshot: {
      formatVersion: o.formatVersion ?? 3,
      restApiId: "abcdefghij",
      apiName: "t",
      binaryMediaTypes: [],
      resources: [route.resource],
      models: {},
      gatewayResponses: {},
      apiKeySource: "HEADER",
      authorizers: {},
      ...o.snapshot,
    },
    routes: new RouteTable([route.resource]),
    variables: o.variables ?? {},
    isCanary: o.isCanary ?? false,
  };
  return {
    requestId: "req-1",
    extendedRequestId: "Abc1De2FGhI=",
    receivedAt: Date.UTC(2020, 2, 4, 19, 15, 17),
    accountId: "000000000000",
    raw: { httpVersion: "1.1" } as IncomingMessage,
    request: {
      httpMethod: o.method ?? "GET",
      path: o.path ?? "/items/1",
      stagePath: `/test${o.path ?? "/items/1"}`,
      rawQuery: o.rawQuery ?? "",
      headerPairs: o.headers ?? [],
      body: o.body === undefined || o.body === null ? null : Buffer.from(o.body),
      domainName: "abcdefghij.execute-api.localhost",
      sourceIp: "10.1.2.3",
    },
    restApiId: "abcdefghij",
    stageName: "test",
    deployment,
    route,
  };
}

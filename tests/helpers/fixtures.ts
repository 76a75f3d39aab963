import type { ArnContext } from "../../lib/arn";
import { functionInvocationUri } from "../../lib/arn";
import type { Db } from "../../lib/db";
import { randomId } from "../../lib/ids";
import { DEPLOY_CHANNEL } from "../../lib/snapshot";

/** Small APIs built through the edit tables, as the console would. */

export const ARN: ArnContext = { region: "us-east-1", accountId: "000000000000" };

export type IntegrationSpec =
  | {
      type: "MOCK";
      requestTemplate?: string;
      responses: Array<{ statusCode: string; selectionPattern?: string; body?: string; headers?: Record<string, string> }>;
    }
  | { type: "HTTP_PROXY"; uri: string; httpMethod?: string; timeoutMs?: number }
  | { type: "AWS_PROXY"; functionName: string; timeoutMs?: number };

export async function createRestApi(db: Db, name = "test-api"): Promise<string> {
  const id = randomId(10);
  await db.restApi.create({ data: { id, name } });
  await db.resource.create({ data: { id: randomId(10), restApiId: id, path: "/", pathPart: "" } });
  return id;
}

/** The resource at `path`, creating it and its missing ancestors. */
async function ensureResource(db: Db, restApiId: string, path: string): Promise<string> {
  const existing = await db.resource.findUnique({ where: { restApiId_path: { restApiId, path } } });
  if (existing) return existing.id;
  const parts = path.split("/").filter(Boolean);
  const parentPath = parts.length > 1 ? `/${parts.slice(0, -1).join("/")}` : "/";
  const parentId = await ensureResource(db, restApiId, parentPath);
  const created = await db.resource.create({
    data: { id: randomId(10), restApiId, parentId, path, pathPart: parts.at(-1) ?? "" },
  });
  return created.id;
}

export async function addMethod(db: Db, restApiId: string, path: string, httpMethod: string, spec: IntegrationSpec) {
  const resourceId = await ensureResource(db, restApiId, path);
  const integration =
    spec.type === "MOCK"
      ? {
          type: "MOCK",
          requestTemplates: spec.requestTemplate ? { "application/json": spec.requestTemplate } : {},
          responses: {
            create: spec.responses.map((r) => ({
              statusCode: r.statusCode,
              selectionPattern: r.selectionPattern ?? null,
              responseTemplates: r.body === undefined ? {} : { "application/json": r.body },
              responseParameters: Object.fromEntries(
                Object.entries(r.headers ?? {}).map(([k, v]) => [`method.response.header.${k}`, `'${v}'`]),
              ),
            })),
          },
        }
      : spec.type === "HTTP_PROXY"
        ? { type: "HTTP_PROXY", httpMethod: spec.httpMethod ?? "ANY", uri: spec.uri, timeoutMs: spec.timeoutMs ?? 29_000 }
        : {
            type: "AWS_PROXY",
            httpMethod: "POST",
            uri: functionInvocationUri(ARN, spec.functionName),
            timeoutMs: spec.timeoutMs ?? 29_000,
          };
  // As AWS's console does, each integration response status gets a method response (AWS answers 500 without one).
  const methodResponses = spec.type === "MOCK" ? { create: [...new Set(spec.responses.map((r) => r.statusCode))].map((statusCode) => ({ statusCode })) } : undefined;
  await db.method.create({ data: { resourceId, httpMethod, integration: { create: integration }, methodResponses } });
}

export interface HttpIntegrationSpec {
  type: "HTTP" | "HTTP_PROXY";
  uri: string;
  /** Default ANY. */
  httpMethod?: string;
  timeoutMs?: number;
  /** `integration.request.*` → source. */
  requestParameters?: Record<string, string>;
  passthroughBehavior?: "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";
  responses?: Array<{ statusCode: string; selectionPattern?: string; responseParameters?: Record<string, string> }>;
  /** Method response status codes; default: those of `responses`. */
  methodResponses?: string[];
  /** The method's own `method.request.*` → required. */
  methodRequestParameters?: Record<string, boolean>;
}

/** An HTTP or HTTP_PROXY method with parameter mappings and integration/method responses. */
export async function addHttpMethod(db: Db, restApiId: string, path: string, httpMethod: string, spec: HttpIntegrationSpec) {
  const resourceId = await ensureResource(db, restApiId, path);
  const responses = spec.responses ?? [];
  await db.method.create({
    data: {
      resourceId,
      httpMethod,
      requestParameters: spec.methodRequestParameters ?? {},
      methodResponses: { create: (spec.methodResponses ?? responses.map((r) => r.statusCode)).map((statusCode) => ({ statusCode })) },
      integration: {
        create: {
          type: spec.type,
          httpMethod: spec.httpMethod ?? "ANY",
          uri: spec.uri,
          timeoutMs: spec.timeoutMs ?? 29_000,
          requestParameters: spec.requestParameters ?? {},
          passthroughBehavior: spec.passthroughBehavior ?? "WHEN_NO_MATCH",
          responses: {
            create: responses.map((r) => ({
              statusCode: r.statusCode,
              selectionPattern: r.selectionPattern ?? null,
              responseParameters: r.responseParameters ?? {},
            })),
          },
        },
      },
    },
  });
}

export async function createFunction(db: Db, name: string, code: string, timeoutSeconds = 3): Promise<void> {
  await db.function.create({ data: { name, code, handler: "index.handler", timeoutSeconds } });
}

/** Tells the gateway a function changed, as the console will. */
export async function notifyFunction(db: Db, name: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ kind: "function", name })})`;
}

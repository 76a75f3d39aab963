import type { Db } from "../db";
import type { TCorsChange, TEnableCorsInput, TEnableCorsResult } from "../schemas/cors";
import { requireResource } from "./resources";
import { boolMap, stringMap, type Tx } from "./shared";

/**
 * Enable CORS (the AWS console's action) in one transaction: the OPTIONS MOCK
 * method (request template `{"statusCode": 200}`, method response 200
 * declaring the Access-Control-Allow-* headers, integration response 200
 * mapping them from static values), `Access-Control-Allow-Origin` declared and
 * mapped on every response of the resource's other methods, and (optionally)
 * the headers on DEFAULT_4XX / DEFAULT_5XX. Proxy integrations (AWS_PROXY,
 * HTTP_PROXY) cannot map responses: their backend must send the header, as on
 * AWS. A static mapping carries one value, so several origins cannot be
 * expressed: the first is used (the AWS console asks for one value).
 */

export const ORIGIN = "Access-Control-Allow-Origin";
const PROXY_TYPES = new Set(["AWS_PROXY", "HTTP_PROXY"]);
const MOCK_TEMPLATE = '{"statusCode": 200}';

/** `'value'`: a static mapping value (single quotes inside are not allowed in header values we build). */
export const quoted = (value: string) => `'${value.replace(/'/g, "")}'`;

/** The origin the static mapping carries, and a note when some origins had to be dropped. */
export function originValue(input: Pick<TEnableCorsInput, "allowOrigins">): { origin: string; note?: string } {
  if (input.allowOrigins === "*" || input.allowOrigins.includes("*")) return { origin: "*" };
  const [first, ...rest] = input.allowOrigins;
  if (rest.length === 0) return { origin: first };
  return {
    origin: first,
    note:
      `A static header mapping carries one value, so Access-Control-Allow-Origin is ${first}; ` +
      `${rest.join(", ")} will be refused by browsers. For several origins use '*' or send the header from a proxy backend that echoes the allowed Origin.`,
  };
}

/** Header name → static value for the preflight answer. */
export function preflightHeaders(input: TEnableCorsInput): Record<string, string> {
  const { origin } = originValue(input);
  const methods = [...new Set([...input.allowMethods, "OPTIONS"])];
  const headers: Record<string, string> = {
    "Access-Control-Allow-Headers": input.allowHeaders.join(","),
    "Access-Control-Allow-Methods": methods.join(","),
    [ORIGIN]: origin,
  };
  if (input.exposeHeaders && input.exposeHeaders.length > 0) headers["Access-Control-Expose-Headers"] = input.exposeHeaders.join(",");
  if (input.maxAgeSeconds !== undefined) headers["Access-Control-Max-Age"] = String(input.maxAgeSeconds);
  if (input.allowCredentials) headers["Access-Control-Allow-Credentials"] = "true";
  return headers;
}

/** Headers the resource's other methods' responses carry: the origin (and credentials when allowed, and exposed headers). */
export function actualResponseHeaders(input: TEnableCorsInput): Record<string, string> {
  const all = preflightHeaders(input);
  const keep = [ORIGIN, "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers"];
  return Object.fromEntries(Object.entries(all).filter(([name]) => keep.includes(name)));
}

/** Headers added to DEFAULT_4XX / DEFAULT_5XX. */
export function gatewayResponseHeaders(input: TEnableCorsInput): Record<string, string> {
  const all = preflightHeaders(input);
  const keep = [ORIGIN, "Access-Control-Allow-Headers", "Access-Control-Allow-Credentials"];
  return Object.fromEntries(Object.entries(all).filter(([name]) => keep.includes(name)));
}

/** `method.response.header.X` → declared (false: not required) for each header. */
export const declared = (headers: Record<string, string>) => Object.fromEntries(Object.keys(headers).map((h) => [`method.response.header.${h}`, false]));
/** `method.response.header.X` → `'value'`. */
export const mapped = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, quoted(v)]));
/** `gatewayresponse.header.X` → `'value'`. */
export const gatewayMapped = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([h, v]) => [`gatewayresponse.header.${h}`, quoted(v)]));

/** What happens to one existing non-OPTIONS method (pure, for tests and the result). */
export function planForMethod(method: { httpMethod: string; integrationType: string | null; methodResponseCodes: string[]; integrationResponseCodes: string[] }): {
  action: "map" | "skip";
  detail: string;
} {
  if (!method.integrationType) return { action: "skip", detail: "No integration yet: enable CORS again after adding one." };
  if (PROXY_TYPES.has(method.integrationType)) {
    return { action: "skip", detail: `${method.integrationType} passes the backend's response through: the backend must send Access-Control-Allow-Origin itself (AWS behaves the same).` };
  }
  if (method.methodResponseCodes.length === 0 && method.integrationResponseCodes.length === 0) {
    return { action: "skip", detail: "No method or integration responses to add the header to." };
  }
  return {
    action: "map",
    detail: `Declared in method responses ${method.methodResponseCodes.join(", ") || "(none)"} and mapped in integration responses ${method.integrationResponseCodes.join(", ") || "(none)"}.`,
  };
}

async function upsertOptions(tx: Tx, resourceId: string, path: string, headers: Record<string, string>, changes: TCorsChange[]): Promise<void> {
  let method = await tx.method.findUnique({ where: { resourceId_httpMethod: { resourceId, httpMethod: "OPTIONS" } }, include: { integration: true } });
  const existed = method !== null;
  if (!method) {
    method = { ...(await tx.method.create({ data: { resourceId, httpMethod: "OPTIONS", authorizationType: "NONE", apiKeyRequired: false } })), integration: null };
  } else if (method.authorizationType !== "NONE" || method.apiKeyRequired) {
    // Browsers send preflights without credentials: an authorized OPTIONS method would always fail them.
    await tx.method.update({ where: { id: method.id }, data: { authorizationType: "NONE", authorizerId: null, apiKeyRequired: false, version: { increment: 1 } } });
  }
  const integrationData = {
    type: "MOCK",
    httpMethod: "",
    uri: "",
    requestTemplates: { "application/json": MOCK_TEMPLATE },
    passthroughBehavior: "WHEN_NO_MATCH",
  };
  let integrationId: string;
  if (method.integration) {
    const replaced = method.integration.type !== "MOCK";
    if (replaced) await tx.integrationResponse.deleteMany({ where: { integrationId: method.integration.id } });
    await tx.integration.update({ where: { id: method.integration.id }, data: { ...integrationData, ...(replaced ? { requestParameters: {} } : {}), version: { increment: 1 } } });
    integrationId = method.integration.id;
  } else {
    integrationId = (await tx.integration.create({ data: { methodId: method.id, ...integrationData } })).id;
  }
  const mrKey = { methodId_statusCode: { methodId: method.id, statusCode: "200" } };
  const mr = await tx.methodResponse.findUnique({ where: mrKey });
  if (mr) await tx.methodResponse.update({ where: mrKey, data: { responseParameters: { ...boolMap(mr.responseParameters), ...declared(headers) }, version: { increment: 1 } } });
  else await tx.methodResponse.create({ data: { methodId: method.id, statusCode: "200", responseParameters: declared(headers) } });
  const irKey = { integrationId_statusCode: { integrationId, statusCode: "200" } };
  const ir = await tx.integrationResponse.findUnique({ where: irKey });
  if (ir) {
    await tx.integrationResponse.update({
      where: irKey,
      data: { selectionPattern: null, responseParameters: { ...stringMap(ir.responseParameters), ...mapped(headers) }, version: { increment: 1 } },
    });
  } else {
    await tx.integrationResponse.create({ data: { integrationId, statusCode: "200", responseParameters: mapped(headers), responseTemplates: { "application/json": "" } } });
  }
  changes.push({
    target: `OPTIONS ${path}`,
    action: existed ? "updated" : "created",
    detail: `MOCK integration answering 200 with ${Object.keys(headers).join(", ")}.`,
  });
}

async function addToMethods(tx: Tx, resourceId: string, path: string, headers: Record<string, string>, changes: TCorsChange[], notes: string[]): Promise<void> {
  const methods = await tx.method.findMany({
    where: { resourceId, httpMethod: { not: "OPTIONS" } },
    include: { methodResponses: true, integration: { include: { responses: true } } },
    orderBy: { httpMethod: "asc" },
  });
  for (const m of methods) {
    const plan = planForMethod({
      httpMethod: m.httpMethod,
      integrationType: m.integration?.type ?? null,
      methodResponseCodes: m.methodResponses.map((r) => r.statusCode).sort(),
      integrationResponseCodes: (m.integration?.responses ?? []).map((r) => r.statusCode).sort(),
    });
    const target = `${m.httpMethod} ${path}`;
    if (plan.action === "skip") {
      changes.push({ target, action: "skipped", detail: plan.detail });
      if (m.integration && PROXY_TYPES.has(m.integration.type)) notes.push(`${target}: ${plan.detail}`);
      continue;
    }
    for (const r of m.methodResponses) {
      await tx.methodResponse.update({ where: { id: r.id }, data: { responseParameters: { ...boolMap(r.responseParameters), ...declared(headers) }, version: { increment: 1 } } });
    }
    for (const r of m.integration!.responses) {
      await tx.integrationResponse.update({ where: { id: r.id }, data: { responseParameters: { ...stringMap(r.responseParameters), ...mapped(headers) }, version: { increment: 1 } } });
    }
    changes.push({ target, action: "updated", detail: plan.detail });
  }
}

async function addToGatewayResponses(tx: Tx, restApiId: string, headers: Record<string, string>, changes: TCorsChange[]): Promise<void> {
  for (const responseType of ["DEFAULT_4XX", "DEFAULT_5XX"]) {
    const key = { restApiId_responseType: { restApiId, responseType } };
    const existing = await tx.gatewayResponse.findUnique({ where: key });
    if (existing) {
      await tx.gatewayResponse.update({
        where: key,
        data: { responseParameters: { ...stringMap(existing.responseParameters), ...gatewayMapped(headers) }, version: { increment: 1 } },
      });
    } else {
      await tx.gatewayResponse.create({ data: { restApiId, responseType, responseParameters: gatewayMapped(headers), responseTemplates: {} } });
    }
    changes.push({ target: responseType, action: existing ? "updated" : "created", detail: `Adds ${Object.keys(headers).join(", ")} to every ${responseType === "DEFAULT_4XX" ? "4XX" : "5XX"} gateway response.` });
  }
}

export async function enableCors(db: Db, restApiId: string, resourceId: string, input: TEnableCorsInput): Promise<TEnableCorsResult> {
  const preflight = preflightHeaders(input);
  const { note } = originValue(input);
  return db.$transaction(async (tx) => {
    const resource = await requireResource(tx, restApiId, resourceId);
    const changes: TCorsChange[] = [];
    const notes: string[] = note ? [note] : [];
    await upsertOptions(tx, resource.id, resource.path, preflight, changes);
    await addToMethods(tx, resource.id, resource.path, actualResponseHeaders(input), changes, notes);
    if (input.gatewayResponses) await addToGatewayResponses(tx, restApiId, gatewayResponseHeaders(input), changes);
    await tx.resource.update({ where: { id: resource.id }, data: { version: { increment: 1 } } });
    notes.push("Deploy the API to a stage for the change to reach the gateway.");
    return { resourceId: resource.id, path: resource.path, headers: preflight, changes, notes };
  });
}

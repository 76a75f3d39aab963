import type { z } from "zod";
import type { Db } from "../db";
import type { GatewayResponse } from "../generated/prisma/client";
import type { FieldProblem } from "../errors";
import {
  DEFAULT_GATEWAY_RESPONSE_TEMPLATE,
  GATEWAY_RESPONSE_DEFAULTS,
  GATEWAY_RESPONSE_TYPE_NAMES,
  isGatewayResponseType,
  type GatewayResponseType,
} from "../gateway-responses";
import type { TGatewayResponse, ZPutGatewayResponse } from "../schemas/management";
import type { TDeployedGatewayResponse } from "../snapshot";
import { requireApi } from "./restapis";
import { invalid, notFound, stringMap, throwIfProblems } from "./shared";

/**
 * Gateway responses of an API (`/restapis/{id}/gatewayresponses/{responseType}`):
 * every type is listed, with AWS's defaults where the API has no customization
 * (a row); PUT customizes, DELETE goes back to the default.
 */

const HEADER_KEY = /^gatewayresponse\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const NAME = "[A-Za-z0-9._$-]+";
const VALUE = new RegExp(`^(?:'[^']*'|method\\.request\\.(?:header|querystring|path)\\.${NAME}|stageVariables\\.[A-Za-z0-9_]+|context\\.[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_-]+)*)$`);

/** Problems of a customization's parameters and templates, `prefix` before each field (pure; also used at deploy). */
export function gatewayResponseProblems(
  input: { statusCode?: string | null; responseParameters: Record<string, unknown>; responseTemplates: Record<string, unknown> },
  prefix = "",
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.statusCode != null && !/^[1-5]\d\d$/.test(input.statusCode)) {
    problems.push({ field: `${prefix}statusCode`, message: "A status code is three digits, 100–599" });
  }
  for (const [key, value] of Object.entries(input.responseParameters)) {
    const field = `${prefix}responseParameters["${key}"]`;
    if (!HEADER_KEY.test(key)) problems.push({ field, message: "Keys are gatewayresponse.header.<name>" });
    else if (typeof value !== "string" || !VALUE.test(value)) {
      problems.push({
        field,
        message: "Values are 'static', method.request.{header|querystring|path}.<name>, stageVariables.<name> or context.<name>",
      });
    }
  }
  for (const [contentType, template] of Object.entries(input.responseTemplates)) {
    const field = `${prefix}responseTemplates["${contentType}"]`;
    if (!/^[^\s/]+\/[^\s]+$/.test(contentType)) problems.push({ field, message: "Keys are content types, e.g. application/json" });
    else if (typeof template !== "string") problems.push({ field, message: "Must be a string" });
  }
  return problems;
}

function objectOf(json: unknown): Record<string, unknown> {
  return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
}

/** The snapshot's `gatewayResponses` from the API's rows, each checked (problems at `gatewayResponses["THROTTLED"].…`). */
export function compileGatewayResponses(
  rows: Array<Pick<GatewayResponse, "responseType" | "statusCode" | "responseParameters" | "responseTemplates">>,
): { gatewayResponses: Record<string, TDeployedGatewayResponse>; problems: FieldProblem[] } {
  const gatewayResponses: Record<string, TDeployedGatewayResponse> = {};
  const problems: FieldProblem[] = [];
  for (const row of rows) {
    const at = `gatewayResponses["${row.responseType}"]`;
    if (!isGatewayResponseType(row.responseType)) {
      problems.push({ field: at, message: `${row.responseType} is not a gateway response type` });
      continue;
    }
    if (!GATEWAY_RESPONSE_DEFAULTS[row.responseType].customizable) {
      problems.push({ field: at, message: `${row.responseType} cannot be customized` });
      continue;
    }
    const responseParameters = objectOf(row.responseParameters);
    const responseTemplates = objectOf(row.responseTemplates);
    problems.push(...gatewayResponseProblems({ statusCode: row.statusCode, responseParameters, responseTemplates }, `${at}.`));
    gatewayResponses[row.responseType] = {
      statusCode: row.statusCode,
      responseParameters: stringMap(responseParameters),
      responseTemplates: stringMap(responseTemplates),
    };
  }
  return { gatewayResponses, problems };
}

function defaultOf(type: GatewayResponseType): TGatewayResponse {
  const status = GATEWAY_RESPONSE_DEFAULTS[type].status;
  return {
    responseType: type,
    statusCode: status === null ? null : String(status),
    responseParameters: {},
    responseTemplates: { "application/json": DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
    defaultResponse: true,
    version: null,
  };
}

function toGatewayResponse(row: GatewayResponse): TGatewayResponse {
  const type = row.responseType as GatewayResponseType;
  return {
    responseType: row.responseType,
    statusCode: row.statusCode ?? defaultOf(type).statusCode,
    responseParameters: stringMap(row.responseParameters),
    responseTemplates: stringMap(row.responseTemplates),
    defaultResponse: false,
    version: row.version,
  };
}

/** The path's {responseType}: 404 unless a known type. */
function requireType(raw: string): GatewayResponseType {
  if (!isGatewayResponseType(raw)) throw notFound(`${raw} is not a gateway response type (${GATEWAY_RESPONSE_TYPE_NAMES.join(", ")}).`);
  return raw;
}

export async function listGatewayResponses(db: Db, restApiId: string): Promise<TGatewayResponse[]> {
  await requireApi(db, restApiId);
  const rows = new Map((await db.gatewayResponse.findMany({ where: { restApiId } })).map((r) => [r.responseType, r]));
  return GATEWAY_RESPONSE_TYPE_NAMES.map((type) => {
    const row = rows.get(type);
    return row ? toGatewayResponse(row) : defaultOf(type);
  });
}

export async function getGatewayResponse(db: Db, restApiId: string, responseType: string): Promise<TGatewayResponse> {
  const type = requireType(responseType);
  await requireApi(db, restApiId);
  const row = await db.gatewayResponse.findUnique({ where: { restApiId_responseType: { restApiId, responseType: type } } });
  return row ? toGatewayResponse(row) : defaultOf(type);
}

/** Customizes the type (201 when it was the default, 200 when replacing a customization). */
export async function putGatewayResponse(
  db: Db,
  restApiId: string,
  responseType: string,
  input: z.output<typeof ZPutGatewayResponse>,
): Promise<{ response: TGatewayResponse; created: boolean }> {
  const type = requireType(responseType);
  if (!GATEWAY_RESPONSE_DEFAULTS[type].customizable) {
    throw invalid([{ field: "responseType", message: `${type} cannot be customized` }]);
  }
  throwIfProblems(gatewayResponseProblems(input));
  return db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    const key = { restApiId_responseType: { restApiId, responseType: type } };
    const data = { statusCode: input.statusCode ?? null, responseParameters: input.responseParameters, responseTemplates: input.responseTemplates };
    const existing = await tx.gatewayResponse.findUnique({ where: key });
    const row = existing
      ? await tx.gatewayResponse.update({ where: key, data: { ...data, version: { increment: 1 } } })
      : await tx.gatewayResponse.create({ data: { restApiId, responseType: type, ...data } });
    return { response: toGatewayResponse(row), created: !existing };
  });
}

/** Back to AWS's default for the type (204 also when it was not customized). */
export async function deleteGatewayResponse(db: Db, restApiId: string, responseType: string): Promise<void> {
  const type = requireType(responseType);
  await db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    await tx.gatewayResponse.deleteMany({ where: { restApiId, responseType: type } });
  });
}

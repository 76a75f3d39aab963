/**
 * Lambda proxy integration event, payload format 2.0 (HTTP APIs), built as
 * Amazon API Gateway builds it: lowercased header names, repeated headers and
 * query values comma-joined, cookies in their own list, no multiValue fields.
 */
import { formatRequestTime, isBinaryMediaType, parseQuery, type IncomingRequestFacts } from "./proxy-event-v1";

export interface ProxyEventV2Context {
  accountId: string;
  apiId: string;
  stage: string;
  /** "GET /users/{id}", or "$default". */
  routeKey: string;
  requestId: string;
  requestTimeEpoch: number;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string>;
  /** HTTP APIs treat bodies as binary unless their content type is text; pass the types to base64. */
  binaryMediaTypes?: string[];
}

export interface ProxyEventV2 {
  version: "2.0";
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** Text types HTTP APIs pass as text; everything else is base64 (unless listed types say otherwise). */
const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

export function buildProxyEventV2(req: IncomingRequestFacts, ctx: ProxyEventV2Context): ProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of req.headerPairs) {
    const name = rawName.toLowerCase();
    if (name === "cookie") {
      cookies.push(...value.split(";").map((c) => c.trim()).filter(Boolean));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of parseQuery(req.rawQuery)) query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers["content-type"];
  const binary =
    req.body !== null &&
    (ctx.binaryMediaTypes ? isBinaryMediaType(contentType, ctx.binaryMediaTypes) : !!contentType && !TEXT_TYPE.test(contentType.trim()));
  const event: ProxyEventV2 = {
    version: "2.0",
    routeKey: ctx.routeKey,
    rawPath: req.path,
    rawQueryString: req.rawQuery,
    headers,
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      domainName: req.domainName,
      domainPrefix: req.domainName.split(".")[0],
      http: { method: req.httpMethod, path: req.path, protocol: req.protocol, sourceIp: req.sourceIp, userAgent: headers["user-agent"] ?? "" },
      requestId: ctx.requestId,
      routeKey: ctx.routeKey,
      stage: ctx.stage,
      time: formatRequestTime(ctx.requestTimeEpoch),
      timeEpoch: ctx.requestTimeEpoch,
    },
    isBase64Encoded: binary,
  };
  // Absent parts are left out of a 2.0 event rather than null.
  if (cookies.length) event.cookies = cookies;
  if (Object.keys(query).length) event.queryStringParameters = query;
  if (Object.keys(ctx.pathParameters).length) event.pathParameters = ctx.pathParameters;
  if (Object.keys(ctx.stageVariables).length) event.stageVariables = ctx.stageVariables;
  if (req.body !== null) event.body = binary ? req.body.toString("base64") : req.body.toString("utf8");
  return event;
}

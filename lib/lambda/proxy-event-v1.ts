/**
 * Lambda proxy integration event, payload format 1.0 (REST APIs), built as
 * Amazon API Gateway builds it.
 */

export interface IncomingRequestFacts {
  httpMethod: string;
  /** Raw request path after the stage, e.g. `/users/1`. */
  path: string;
  rawQuery: string;
  /** Header pairs in arrival order, names as the client sent them. */
  headerPairs: Array<[string, string]>;
  body: Buffer | null;
  sourceIp: string;
  protocol: string;
  domainName: string;
}

export interface ProxyEventV1Context {
  accountId: string;
  apiId: string;
  stage: string;
  /** `requestContext.path`: `/{stage}` plus the path as sent; defaults to `/{stage}{path}`. */
  stagePath?: string;
  deploymentId: string;
  resourceId: string;
  resourcePath: string;
  requestId: string;
  extendedRequestId: string;
  requestTimeEpoch: number;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string>;
  binaryMediaTypes: string[];
  /** `requestContext.authorizer`: what the method's authorizer produced (principalId, context keys, `claims` for JWT). */
  authorizer?: Record<string, unknown>;
  /** Identity facts known after authorization: the API key used, the SigV4 caller. */
  identity?: RequestIdentity;
}

/** `requestContext.identity` fields filled by access control (null when not applicable). */
export interface RequestIdentity {
  apiKey?: string;
  apiKeyId?: string;
  accessKey?: string;
  user?: string;
  userArn?: string;
  caller?: string;
}

export interface ProxyEventV1 {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: Record<string, unknown>;
  body: string | null;
  isBase64Encoded: boolean;
}

// Headers API Gateway does not pass to a proxy integration.
const DROPPED_HEADERS = new Set(
  ["connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate", "server", "te", "trailer", "transfer-encoding", "upgrade", "www-authenticate"],
);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

let lastSecond = NaN;
let lastRequestTime = "";

/** "04/Mar/2020:19:15:17 +0000", API Gateway's requestTime (made once per second: every request of that second shares it). */
export function formatRequestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === lastSecond) return lastRequestTime;
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, "0");
  lastSecond = second;
  lastRequestTime = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return lastRequestTime;
}

/** Query values are form-decoded (`+` is a space); `;` also separates pairs. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  };
  return rawQuery
    .split(/[&;]/)
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq < 0 ? [decode(pair), ""] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

function groupPairs(pairs: Array<[string, string]>) {
  if (pairs.length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    single[name] = value; // the last repeated value wins, as on AWS
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

/** Binary media type match as AWS does it: exact or `type/*`, no Accept wildcards. */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: string[]): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return binaryMediaTypes.some((entry) => {
    const e = entry.toLowerCase();
    if (e === "*/*") return true;
    if (e.endsWith("/*")) return type.startsWith(e.slice(0, -1));
    return e === type;
  });
}

export function buildProxyEventV1(req: IncomingRequestFacts, ctx: ProxyEventV1Context): ProxyEventV1 {
  const headerPairs: Array<[string, string]> = [];
  let userAgent: string | null = null;
  let contentType: string | undefined;
  for (const pair of req.headerPairs) {
    const name = pair[0].toLowerCase();
    if (userAgent === null && name === "user-agent") userAgent = pair[1];
    else if (contentType === undefined && name === "content-type") contentType = pair[1];
    if (!DROPPED_HEADERS.has(name)) headerPairs.push(pair);
  }
  const headers = groupPairs(headerPairs);
  const query = groupPairs(parseQuery(req.rawQuery));
  const binary = req.body !== null && isBinaryMediaType(contentType, ctx.binaryMediaTypes);
  const hasParams = Object.keys(ctx.pathParameters).length > 0;
  const hasVariables = Object.keys(ctx.stageVariables).length > 0;
  return {
    resource: ctx.resourcePath,
    path: req.path,
    httpMethod: req.httpMethod,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: hasParams ? ctx.pathParameters : null,
    stageVariables: hasVariables ? ctx.stageVariables : null,
    requestContext: {
      resourceId: ctx.resourceId,
      resourcePath: ctx.resourcePath,
      httpMethod: req.httpMethod,
      extendedRequestId: ctx.extendedRequestId,
      requestTime: formatRequestTime(ctx.requestTimeEpoch),
      path: ctx.stagePath ?? `/${ctx.stage}${req.path}`,
      accountId: ctx.accountId,
      protocol: req.protocol,
      stage: ctx.stage,
      domainPrefix: req.domainName.split(".")[0],
      requestTimeEpoch: ctx.requestTimeEpoch,
      requestId: ctx.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: ctx.identity?.caller ?? null,
        sourceIp: req.sourceIp,
        principalOrgId: null,
        accessKey: ctx.identity?.accessKey ?? null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: ctx.identity?.userArn ?? null,
        userAgent,
        user: ctx.identity?.user ?? null,
        ...(ctx.identity?.apiKey ? { apiKey: ctx.identity.apiKey, apiKeyId: ctx.identity.apiKeyId ?? null } : {}),
      },
      ...(ctx.authorizer ? { authorizer: ctx.authorizer } : {}),
      domainName: req.domainName,
      deploymentId: ctx.deploymentId,
      apiId: ctx.apiId,
    },
    body: req.body === null ? null : binary ? req.body.toString("base64") : req.body.toString("utf8"),
    isBase64Encoded: binary,
  };
}

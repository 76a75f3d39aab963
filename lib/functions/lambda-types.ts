/**
 * Declarations a function's TypeScript sees: the Lambda event and context
 * types (as @types/aws-lambda names them) and the globals the runtime gives
 * (console, fetch, timers, process.env). The type checker (typecheck.ts) and
 * the console's Monaco editor (addExtraLib) load the same text.
 */
export const LAMBDA_TYPES_FILE = "gatehouse-lambda.d.ts";

export const LAMBDA_TYPES = `
declare global {
  interface APIGatewayProxyEvent {
    resource: string;
    path: string;
    httpMethod: string;
    headers: { [name: string]: string | undefined };
    multiValueHeaders: { [name: string]: string[] | undefined };
    queryStringParameters: { [name: string]: string | undefined } | null;
    multiValueQueryStringParameters: { [name: string]: string[] | undefined } | null;
    pathParameters: { [name: string]: string | undefined } | null;
    stageVariables: { [name: string]: string | undefined } | null;
    requestContext: {
      accountId: string;
      apiId: string;
      resourceId: string;
      resourcePath: string;
      httpMethod: string;
      path: string;
      stage: string;
      requestId: string;
      requestTimeEpoch: number;
      protocol: string;
      identity: { sourceIp: string; userAgent: string | null; [key: string]: unknown };
      authorizer?: { [key: string]: unknown } | null;
      [key: string]: unknown;
    };
    body: string | null;
    isBase64Encoded: boolean;
  }

  interface APIGatewayProxyResult {
    statusCode: number;
    headers?: { [name: string]: string | number | boolean };
    multiValueHeaders?: { [name: string]: Array<string | number | boolean> };
    body: string;
    isBase64Encoded?: boolean;
  }

  interface APIGatewayProxyEventV2 {
    version: string;
    routeKey: string;
    rawPath: string;
    rawQueryString: string;
    cookies?: string[];
    headers: { [name: string]: string | undefined };
    queryStringParameters?: { [name: string]: string | undefined };
    pathParameters?: { [name: string]: string | undefined };
    stageVariables?: { [name: string]: string | undefined };
    requestContext: {
      accountId: string;
      apiId: string;
      domainName: string;
      http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
      requestId: string;
      routeKey: string;
      stage: string;
      time: string;
      timeEpoch: number;
      [key: string]: unknown;
    };
    body?: string;
    isBase64Encoded: boolean;
  }

  interface APIGatewayProxyResultV2 {
    statusCode?: number;
    headers?: { [name: string]: string | number | boolean };
    body?: string;
    isBase64Encoded?: boolean;
    cookies?: string[];
  }

  interface APIGatewayTokenAuthorizerEvent {
    type: "TOKEN";
    methodArn: string;
    authorizationToken: string;
  }

  interface APIGatewayAuthorizerResult {
    principalId: string;
    policyDocument: {
      Version: string;
      Statement: Array<{ Action: string | string[]; Effect: "Allow" | "Deny"; Resource: string | string[] }>;
    };
    context?: { [key: string]: string | number | boolean | null | undefined };
    usageIdentifierKey?: string | null;
  }

  interface Context {
    callbackWaitsForEmptyEventLoop: boolean;
    functionName: string;
    functionVersion: string;
    invokedFunctionArn: string;
    memoryLimitInMB: string;
    awsRequestId: string;
    logGroupName: string;
    logStreamName: string;
    getRemainingTimeInMillis(): number;
  }

  type Callback<TResult = unknown> = (error?: Error | string | null, result?: TResult) => void;
  type Handler<TEvent = unknown, TResult = unknown> = (event: TEvent, context: Context, callback: Callback<TResult>) => void | Promise<TResult>;
  type APIGatewayProxyHandler = Handler<APIGatewayProxyEvent, APIGatewayProxyResult>;
  type APIGatewayProxyHandlerV2 = Handler<APIGatewayProxyEventV2, APIGatewayProxyResultV2 | string | object>;

  interface Console {
    log(...data: unknown[]): void;
    info(...data: unknown[]): void;
    warn(...data: unknown[]): void;
    error(...data: unknown[]): void;
    debug(...data: unknown[]): void;
  }
  var console: Console;

  interface FetchHeaders {
    get(name: string): string | null;
    has(name: string): boolean;
    forEach(cb: (value: string, name: string) => void): void;
  }
  interface FetchResponse {
    readonly ok: boolean;
    readonly status: number;
    readonly statusText: string;
    readonly headers: FetchHeaders;
    text(): Promise<string>;
    json(): Promise<any>;
  }
  interface FetchInit {
    method?: string;
    headers?: { [name: string]: string } | Array<[string, string]>;
    body?: string;
    signal?: unknown;
  }
  function fetch(input: string | URL, init?: FetchInit): Promise<FetchResponse>;

  function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
  function clearTimeout(handle: any): void;
  function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
  function clearInterval(handle: any): void;
  function queueMicrotask(callback: () => void): void;
  function structuredClone<T>(value: T): T;

  class URL {
    constructor(url: string, base?: string | URL);
    href: string; origin: string; protocol: string; host: string; hostname: string; port: string;
    pathname: string; search: string; hash: string; readonly searchParams: URLSearchParams;
    toString(): string;
  }
  class URLSearchParams {
    constructor(init?: string | { [key: string]: string } | Array<[string, string]>);
    get(name: string): string | null; getAll(name: string): string[]; has(name: string): boolean;
    set(name: string, value: string): void; append(name: string, value: string): void; delete(name: string): void;
    toString(): string;
  }
  class TextEncoder { encode(input?: string): Uint8Array; }
  class TextDecoder { constructor(label?: string); decode(input?: Uint8Array): string; }
  function atob(data: string): string;
  function btoa(data: string): string;

  var process: { env: { [name: string]: string | undefined } };
  var exports: any;
  var module: { exports: any };
  function require(id: string): any;
}
export {};
`;

/** Builds and reads the ARNs that integrations use to name functions, as AWS spells them. */

export interface ArnContext {
  region: string;
  accountId: string;
}

export function functionArn(ctx: ArnContext, name: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;
}

export function functionInvocationUri(ctx: ArnContext, name: string): string {
  return `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${functionArn(ctx, name)}/invocations`;
}

const INVOCATION_URI =
  /^arn:aws:apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?\/invocations$/;

export interface ParsedFunctionUri {
  region: string;
  accountId: string;
  functionName: string;
  qualifier?: string;
}

export function parseFunctionInvocationUri(uri: string): ParsedFunctionUri | null {
  const m = INVOCATION_URI.exec(uri);
  if (!m) return null;
  return { region: m[2], accountId: m[3], functionName: m[4], qualifier: m[5] };
}

const FUNCTION_ARN = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?$/;

/** `arn:aws:lambda:{region}:{account}:function:{name}[:qualifier]`, or null. */
export function parseFunctionArn(arn: string): ParsedFunctionUri | null {
  const m = FUNCTION_ARN.exec(arn);
  if (!m) return null;
  return { region: m[1], accountId: m[2], functionName: m[3], qualifier: m[4] };
}

/** The function ARN inside an invocation URI (`arn:aws:lambda:…:function:name[:q]`), or null. */
export function functionArnOfInvocationUri(uri: string): string | null {
  const m = /\/2015-03-31\/functions\/(arn:aws:lambda:[^/]+)\/invocations$/.exec(uri);
  return m && parseFunctionInvocationUri(uri) ? m[1] : null;
}

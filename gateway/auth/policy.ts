/**
 * Function (Lambda) authorizer output: validation and IAM-style policy
 * evaluation against the method ARN, as API Gateway does it.
 *
 * - An explicit `Deny` whose Resource matches wins over any `Allow`.
 * - Otherwise an `Allow` whose Resource matches is needed; none → denied.
 * - `Resource` is a string or a list; `*` matches any run of characters
 *   (also across `/` and `:`), `?` exactly one, as IAM does. ARN matching is
 *   case-sensitive; `Effect` and `Action` are compared case-insensitively
 *   (`execute-api:invoke` is accepted, as on AWS), and the action may be
 *   `execute-api:*` or `*`.
 */

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}

export interface AuthorizerOutput {
  principalId: string;
  policyDocument: { Version?: string; Statement: PolicyStatement[] };
  context?: Record<string, string | number | boolean>;
  usageIdentifierKey?: string;
}

export class MalformedAuthorizerOutput extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const stringOrStrings = (v: unknown): v is string | string[] =>
  typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));

/** Checks a function authorizer's result; a MalformedAuthorizerOutput says what is wrong (→ 500 on AWS). */
export function parseAuthorizerOutput(payload: unknown): AuthorizerOutput {
  if (!isObject(payload)) throw new MalformedAuthorizerOutput("the result is not a JSON object");
  const { principalId, policyDocument, context, usageIdentifierKey } = payload;
  if (typeof principalId !== "string" && typeof principalId !== "number") throw new MalformedAuthorizerOutput("principalId is missing");
  if (!isObject(policyDocument)) throw new MalformedAuthorizerOutput("policyDocument is missing or not an object");
  const statements = Array.isArray(policyDocument.Statement) ? policyDocument.Statement : isObject(policyDocument.Statement) ? [policyDocument.Statement] : null;
  if (!statements || statements.length === 0) throw new MalformedAuthorizerOutput("policyDocument.Statement is missing or empty");
  const parsed: PolicyStatement[] = statements.map((s, i) => {
    if (!isObject(s)) throw new MalformedAuthorizerOutput(`Statement[${i}] is not an object`);
    if (typeof s.Effect !== "string" || !/^(allow|deny)$/i.test(s.Effect)) throw new MalformedAuthorizerOutput(`Statement[${i}].Effect must be Allow or Deny`);
    if (!stringOrStrings(s.Action)) throw new MalformedAuthorizerOutput(`Statement[${i}].Action must be a string or a list of strings`);
    if (!stringOrStrings(s.Resource)) throw new MalformedAuthorizerOutput(`Statement[${i}].Resource must be a string or a list of strings`);
    return { Effect: s.Effect, Action: s.Action, Resource: s.Resource };
  });
  let ctx: Record<string, string | number | boolean> | undefined;
  if (context !== undefined && context !== null) {
    if (!isObject(context)) throw new MalformedAuthorizerOutput("context must be an object");
    ctx = {};
    for (const [key, value] of Object.entries(context)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw new MalformedAuthorizerOutput(`context.${key} must be a string, number or boolean (objects and arrays are not allowed)`);
      }
      ctx[key] = value;
    }
  }
  if (usageIdentifierKey !== undefined && usageIdentifierKey !== null && typeof usageIdentifierKey !== "string") {
    throw new MalformedAuthorizerOutput("usageIdentifierKey must be a string");
  }
  return {
    principalId: String(principalId),
    policyDocument: { Version: typeof policyDocument.Version === "string" ? policyDocument.Version : undefined, Statement: parsed },
    ...(ctx ? { context: ctx } : {}),
    ...(typeof usageIdentifierKey === "string" ? { usageIdentifierKey } : {}),
  };
}

const patternCache = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run, `?` one character; everything else literal and case-sensitive. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const key = `${caseInsensitive ? "i" : "s"}:${pattern}`;
  let re = patternCache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
    if (patternCache.size > 5000) patternCache.clear();
    patternCache.set(key, re);
  }
  return re.test(value);
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const coversInvoke = (action: string | string[]) => list(action).some((a) => wildcardMatch(a, "execute-api:Invoke", true));

export type PolicyDecision = "allow" | "explicit-deny" | "implicit-deny";

/** Evaluates a policy for one method ARN: explicit Deny wins, then a matching Allow is needed. */
export function evaluatePolicy(statements: PolicyStatement[], methodArn: string): PolicyDecision {
  let allowed = false;
  for (const s of statements) {
    if (!coversInvoke(s.Action)) continue;
    if (!list(s.Resource).some((r) => wildcardMatch(r, methodArn))) continue;
    if (s.Effect.toLowerCase() === "deny") return "explicit-deny";
    allowed = true;
  }
  return allowed ? "allow" : "implicit-deny";
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{resource path without its leading slash}`. */
export function methodArnFor(region: string, accountId: string, apiId: string, stage: string, verb: string, resourcePath: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${verb}/${resourcePath.replace(/^\//, "")}`;
}

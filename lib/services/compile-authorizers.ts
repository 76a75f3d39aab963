import type { Authorizer } from "../generated/prisma/client";
import type { FieldProblem } from "../errors";
import { parseFunctionInvocationUri } from "../arn";
import type { TDeployedAuthorizer } from "../snapshot";
import { authorizerProblems, splitIdentitySources } from "./authorizer-rules";
import { remoteArnFor } from "./compile-snapshot";

/** One authorizer row as the snapshot carries it (null with problems when it is invalid). */
export function deployedAuthorizer(row: Authorizer, remotes: ReadonlySet<string>): { authorizer: TDeployedAuthorizer | null; problems: FieldProblem[] } {
  const at = `authorizers.${row.name}`;
  const problems = authorizerProblems({
    type: row.type,
    authorizerUri: row.authorizerUri,
    identitySource: row.identitySource,
    identityValidationExpression: row.identityValidationExpression,
    resultTtlSeconds: row.resultTtlSeconds,
    issuer: row.issuer,
    audiences: row.audiences,
    jwksUri: row.jwksUri,
    hasSecret: Boolean(row.jwtSecretEncrypted),
  }).map((p) => ({ field: `${at}.${p.field}`, message: p.message }));
  if (problems.length > 0) return { authorizer: null, problems };
  if (row.type === "JWT") {
    return {
      authorizer: {
        type: "JWT",
        name: row.name,
        issuer: row.issuer!,
        audiences: row.audiences,
        jwksUri: row.jwksUri,
        jwtSecretEncrypted: row.jwtSecretEncrypted,
        identitySource: row.identitySource,
      },
      problems,
    };
  }
  const parsed = parseFunctionInvocationUri(row.authorizerUri)!;
  const remoteFunctionArn = remoteArnFor(remotes, row.authorizerUri);
  const target = {
    name: row.name,
    uri: row.authorizerUri,
    functionName: parsed.functionName,
    ...(parsed.qualifier ? { qualifier: parsed.qualifier } : {}),
    ...(remoteFunctionArn ? { remoteFunctionArn } : {}),
    resultTtlSeconds: row.resultTtlSeconds,
  };
  if (row.type === "TOKEN") {
    return { authorizer: { type: "TOKEN", ...target, identitySource: row.identitySource, identityValidationExpression: row.identityValidationExpression }, problems };
  }
  return { authorizer: { type: "REQUEST", ...target, identitySources: splitIdentitySources(row.identitySource) }, problems };
}

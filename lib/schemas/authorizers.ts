import { z } from "zod";
import { ZVersion } from "./management";

/**
 * Authorizers of a REST API (`/restapis/{id}/authorizers`), AWS's shape:
 * TOKEN / REQUEST call a function (authorizerUri = its invocation ARN),
 * JWT verifies tokens of an OIDC issuer (JWKS URL) or with an HS256 secret.
 * The secret is write-only: responses carry it masked.
 */

export const ZAuthorizerType = z.enum(["TOKEN", "REQUEST", "JWT"]);

const ttl = z.number().int().min(0, "The TTL is 0–3600 seconds").max(3600, "The TTL is 0–3600 seconds");

export const ZCreateAuthorizer = z.object({
  name: z.string().trim().min(1, "Name is required").max(128),
  type: ZAuthorizerType,
  /** TOKEN / REQUEST: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`. */
  authorizerUri: z.string().default(""),
  /**
   * TOKEN and JWT: one header, `method.request.header.Authorization` by default;
   * REQUEST: comma-separated `method.request.{header|querystring|path}.x`, `stageVariables.x`, `context.x`.
   */
  identitySource: z.string().optional(),
  /** TOKEN only: a regular expression the whole token must match, else 401 without calling the function. */
  identityValidationExpression: z.string().max(1024).nullable().optional(),
  /** 0 turns caching off. */
  authorizerResultTtlInSeconds: ttl.default(300),
  /** JWT: the exact `iss`. */
  issuer: z.string().nullable().optional(),
  /** JWT: `aud` (or `client_id`) must be one of these; empty: not checked. */
  audiences: z.array(z.string().min(1)).default([]),
  /** JWT: the issuer's JWKS URL (http or https). */
  jwksUri: z.string().nullable().optional(),
  /** JWT: an HS256 shared secret instead of a JWKS (write-only, stored encrypted). */
  jwtSecret: z.string().nullable().optional(),
});

export const ZUpdateAuthorizer = z.object({
  version: ZVersion,
  name: z.string().trim().min(1, "Name is required").max(128).optional(),
  authorizerUri: z.string().optional(),
  identitySource: z.string().optional(),
  identityValidationExpression: z.string().max(1024).nullable().optional(),
  authorizerResultTtlInSeconds: ttl.optional(),
  issuer: z.string().nullable().optional(),
  audiences: z.array(z.string().min(1)).optional(),
  jwksUri: z.string().nullable().optional(),
  jwtSecret: z.string().nullable().optional(),
});

export interface TAuthorizer {
  id: string;
  name: string;
  type: z.infer<typeof ZAuthorizerType>;
  authorizerUri: string;
  identitySource: string;
  identityValidationExpression: string | null;
  authorizerResultTtlInSeconds: number;
  issuer: string | null;
  audiences: string[];
  jwksUri: string | null;
  /** Masked (`••••••••`) when set, else null: the secret itself is never returned. */
  jwtSecret: string | null;
  createdDate: string;
  version: number;
}

/** A sample request for "Test authorizer" (AWS TestInvokeAuthorizer). */
export const ZTestAuthorizer = z.object({
  headers: z.record(z.string(), z.string()).default({}),
  /** `a=1&b=2`. */
  queryString: z.string().default(""),
  stageVariables: z.record(z.string(), z.string()).default({}),
  pathParameters: z.record(z.string(), z.string()).default({}),
  httpMethod: z.string().regex(/^[A-Za-z]+$/).default("GET"),
  /** Path below the stage, for the method ARN. */
  path: z.string().default("/"),
  /** JWT: scopes the method would require. */
  scopes: z.array(z.string()).default([]),
});

export interface TAuthorizerTestResult {
  /** 200 when the request would be let through, else 401 / 403 / 500. */
  clientStatus: number;
  principalId: string | null;
  policy: unknown;
  context: Record<string, string | number | boolean> | null;
  usageIdentifierKey: string | null;
  claims: Record<string, string> | null;
  /** Milliseconds. */
  latency: number;
  log: string[];
  error?: { type: string; message: string | null };
}

import type { z } from "zod";
import type { Db } from "../db";
import type { Authorizer } from "../generated/prisma/client";
import { AppError } from "../errors";
import { randomId } from "../ids";
import { internalToken } from "../internal-token";
import { encryptSecret } from "../secrets";
import type { TAuthorizer, TAuthorizerTestResult, ZCreateAuthorizer, ZTestAuthorizer, ZUpdateAuthorizer } from "../schemas/authorizers";
import { deployedAuthorizer } from "./compile-authorizers";
import { authorizerProblems } from "./authorizer-rules";
import { internalGatewayUrl } from "./functions-invoke";
import { requireApi } from "./restapis";
import { expectUpdated, expectVersion, invalid, notFound, throwIfProblems, type Tx } from "./shared";

/** Authorizers of an API (`/restapis/{id}/authorizers`); methods name one by id in authorizerId. */

export const MASKED_SECRET = "••••••••";
const DEFAULT_SOURCE = "method.request.header.Authorization";

export function toAuthorizer(row: Authorizer): TAuthorizer {
  return {
    id: row.id,
    name: row.name,
    type: row.type as TAuthorizer["type"],
    authorizerUri: row.authorizerUri,
    identitySource: row.identitySource,
    identityValidationExpression: row.identityValidationExpression,
    authorizerResultTtlInSeconds: row.resultTtlSeconds,
    issuer: row.issuer,
    audiences: row.audiences,
    jwksUri: row.jwksUri,
    jwtSecret: row.jwtSecretEncrypted ? MASKED_SECRET : null,
    createdDate: row.createdAt.toISOString(),
    version: row.version,
  };
}

function secretKey(): string {
  const key = process.env.GATEHOUSE_SECRET_KEY;
  if (!key) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: the JWT secret cannot be stored.");
  return key;
}

export async function requireAuthorizer(tx: Tx | Db, restApiId: string, id: string): Promise<Authorizer> {
  const row = await tx.authorizer.findFirst({ where: { id, restApiId } });
  if (!row) {
    await requireApi(tx, restApiId);
    throw notFound(`Authorizer ${id} does not exist in REST API ${restApiId}.`);
  }
  return row;
}

async function refuseDuplicateName(tx: Tx, restApiId: string, name: string, exceptId?: string) {
  const other = await tx.authorizer.findUnique({ where: { restApiId_name: { restApiId, name } } });
  if (other && other.id !== exceptId) throw new AppError("conflict", `An authorizer named ${name} already exists in this API.`);
}

function secretProblems(secret: string | null | undefined) {
  if (secret && secret.length < 16) return [{ field: "jwtSecret", message: "Use a secret of at least 16 characters (32 random bytes recommended for HS256)" }];
  return [];
}

export async function listAuthorizers(db: Db, restApiId: string): Promise<TAuthorizer[]> {
  await requireApi(db, restApiId);
  return (await db.authorizer.findMany({ where: { restApiId }, orderBy: { name: "asc" } })).map(toAuthorizer);
}

export async function getAuthorizer(db: Db, restApiId: string, id: string): Promise<TAuthorizer> {
  return toAuthorizer(await requireAuthorizer(db, restApiId, id));
}

export async function createAuthorizer(db: Db, restApiId: string, input: z.output<typeof ZCreateAuthorizer>): Promise<TAuthorizer> {
  const fields = {
    type: input.type,
    authorizerUri: input.type === "JWT" ? "" : input.authorizerUri.trim(),
    identitySource: (input.identitySource ?? DEFAULT_SOURCE).trim(),
    identityValidationExpression: input.identityValidationExpression || null,
    resultTtlSeconds: input.type === "JWT" ? 0 : input.authorizerResultTtlInSeconds,
    issuer: input.issuer?.trim() || null,
    audiences: input.audiences,
    jwksUri: input.jwksUri?.trim() || null,
    hasSecret: Boolean(input.jwtSecret),
  };
  throwIfProblems([...authorizerProblems(fields), ...secretProblems(input.jwtSecret)]);
  const jwtSecretEncrypted = input.jwtSecret ? encryptSecret(input.jwtSecret, secretKey()) : null;
  return db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    await refuseDuplicateName(tx, restApiId, input.name);
    const { hasSecret: _hasSecret, ...data } = fields;
    void _hasSecret;
    const row = await tx.authorizer.create({ data: { id: randomId(6), restApiId, name: input.name, ...data, jwtSecretEncrypted } });
    return toAuthorizer(row);
  });
}

export async function updateAuthorizer(db: Db, restApiId: string, id: string, input: z.output<typeof ZUpdateAuthorizer>): Promise<TAuthorizer> {
  return db.$transaction(async (tx) => {
    const row = await requireAuthorizer(tx, restApiId, id);
    const what = `Authorizer ${row.name}`;
    expectVersion(what, row.version, input.version);
    if (input.name !== undefined) await refuseDuplicateName(tx, restApiId, input.name, id);
    // A new JWKS URL replaces the secret and a new secret the JWKS URL, unless both are sent.
    let jwksUri = input.jwksUri !== undefined ? input.jwksUri?.trim() || null : row.jwksUri;
    let secretEncrypted: string | null = row.jwtSecretEncrypted;
    if (input.jwtSecret !== undefined) secretEncrypted = input.jwtSecret ? encryptSecret(input.jwtSecret, secretKey()) : null;
    if (input.jwksUri && input.jwtSecret === undefined) secretEncrypted = null;
    if (input.jwtSecret && input.jwksUri === undefined) jwksUri = null;
    const fields = {
      type: row.type,
      authorizerUri: input.authorizerUri !== undefined ? input.authorizerUri.trim() : row.authorizerUri,
      identitySource: input.identitySource !== undefined ? input.identitySource.trim() : row.identitySource,
      identityValidationExpression: input.identityValidationExpression !== undefined ? input.identityValidationExpression || null : row.identityValidationExpression,
      resultTtlSeconds: input.authorizerResultTtlInSeconds ?? row.resultTtlSeconds,
      issuer: input.issuer !== undefined ? input.issuer?.trim() || null : row.issuer,
      audiences: input.audiences ?? row.audiences,
      jwksUri,
      hasSecret: Boolean(secretEncrypted),
    };
    throwIfProblems([...authorizerProblems(fields), ...secretProblems(input.jwtSecret)]);
    const { hasSecret: _hasSecret, type: _type, ...data } = fields;
    void _hasSecret;
    void _type;
    const result = await tx.authorizer.updateMany({
      where: { id, version: input.version },
      data: { name: input.name, ...data, jwtSecretEncrypted: secretEncrypted, version: { increment: 1 } },
    });
    expectUpdated(what, result);
    return toAuthorizer(await tx.authorizer.findUniqueOrThrow({ where: { id } }));
  });
}

/** Deletes the authorizer; 409 while a method uses it. */
export async function deleteAuthorizer(db: Db, restApiId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireAuthorizer(tx, restApiId, id);
    const users = await tx.method.findMany({ where: { authorizerId: id, resource: { restApiId } }, include: { resource: { select: { path: true } } } });
    if (users.length > 0) {
      const names = users.map((m) => `${m.httpMethod} ${m.resource.path}`).sort();
      throw new AppError("conflict", `Cannot delete authorizer '${row.name}', is used by method ${names.join(", ")}`);
    }
    await tx.authorizer.delete({ where: { id } });
  });
}

/**
 * "Test authorizer" (AWS TestInvokeAuthorizer): the gateway runs the
 * authorizer as saved (not as deployed) against a sample request and
 * answers what the client would get. 502 when the gateway is unreachable.
 */
export async function testAuthorizer(
  db: Db,
  restApiId: string,
  id: string,
  input: z.output<typeof ZTestAuthorizer>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TAuthorizerTestResult> {
  const row = await requireAuthorizer(db, restApiId, id);
  const remotes = new Set((await db.remoteFunction.findMany({ select: { functionArn: true } })).map((r) => r.functionArn));
  const compiled = deployedAuthorizer(row, remotes);
  if (!compiled.authorizer) throw invalid(compiled.problems.map((p) => ({ field: p.field.replace(/^authorizers\.[^.]+\./, ""), message: p.message })));
  const key = env.GATEHOUSE_SECRET_KEY;
  if (!key) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: the console cannot authenticate to the gateway.");
  const base = internalGatewayUrl(env);
  let res: Response;
  try {
    res = await fetch(`${base}/_gatehouse/authorizers/test`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gatehouse-internal-token": internalToken(key) },
      body: JSON.stringify({ restApiId, authorizerId: id, authorizer: compiled.authorizer, ...input, resourcePath: input.path }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new AppError("bad-gateway", `The gateway at ${base} is unreachable (${(err as Error).message}). Is it running?`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!res.ok || !body || typeof body !== "object" || !("clientStatus" in body)) {
    const message = (body as { message?: string } | null)?.message ?? text.slice(0, 200);
    throw new AppError("bad-gateway", `The gateway could not run the test (${res.status}): ${message}`);
  }
  return body as TAuthorizerTestResult;
}

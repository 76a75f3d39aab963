import type { Db } from "../../db";
import { AppError } from "../../errors";
import { ZCreateAuthorizer, ZTestAuthorizer, ZUpdateAuthorizer, type TAuthorizer } from "../../schemas/authorizers";
import { createAuthorizer, deleteAuthorizer, getAuthorizer, listAuthorizers, testAuthorizer, updateAuthorizer } from "../../services/authorizers";
import { badRequestException, notFoundException } from "../errors";
import type { Operation } from "../operation";
import { awsAuthorizer, awsTypeOf, createAuthorizerInput, jwtProvider } from "./authorizer-shapes";
import { page, parseWith, readPatchOperations, unsupportedPatch, type PatchOperation } from "./shapes";

/** AWS's Authorizer resource (`/restapis/{id}/authorizers`) over lib/services/authorizers.ts. */

/** A missing authorizer as AWS words it; a missing API keeps the service's NotFound. */
async function authorizerOr404<T>(db: Db, restApiId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found" && (await db.restApi.count({ where: { id: restApiId } })) > 0) {
      throw notFoundException("Invalid Authorizer identifier specified");
    }
    throw err;
  }
}

function ttl(op: PatchOperation): number {
  const n = Number(op.value);
  if (op.value === undefined || !Number.isInteger(n)) throw badRequestException(`Invalid value '${op.value ?? ""}' for path ${op.path}: expected a whole number of seconds`);
  return n;
}

/** UpdateAuthorizer's patchOperations as the service's ZUpdateAuthorizer fields (without version). */
function updateFields(current: TAuthorizer, ops: PatchOperation[], accountId: string): Record<string, unknown> {
  const awsType = awsTypeOf(current);
  const shown = awsAuthorizer(current, accountId);
  let providers: string[] = "providerARNs" in shown ? [...shown.providerARNs] : [];
  let providersChanged = false;
  let jwksUri: string | undefined;
  const out: Record<string, unknown> = {};
  for (const op of ops) {
    const setting = op.op === "replace" || op.op === "add";
    const removing = op.op === "remove";
    if (op.path === "/name" && setting) out.name = op.value ?? "";
    else if (op.path === "/authorizerUri" && setting) {
      if (current.type === "JWT") jwksUri = op.value ?? "";
      else out.authorizerUri = op.value ?? "";
    } else if (op.path === "/identitySource" && (setting || removing)) out.identitySource = removing ? "" : (op.value ?? "");
    else if (op.path === "/identityValidationExpression" && (setting || removing)) out.identityValidationExpression = removing || !op.value ? null : op.value;
    else if (op.path === "/authorizerResultTtlInSeconds" && setting) out.authorizerResultTtlInSeconds = ttl(op);
    else if (op.path === "/providerARNs" && current.type === "JWT" && op.value) {
      providersChanged = true;
      if (op.op === "replace") providers = [op.value];
      else if (op.op === "add") providers = [...providers.filter((p) => p !== op.value), op.value];
      else if (removing) providers = providers.filter((p) => p !== op.value);
      else throw unsupportedPatch(op);
    } else if (op.path === "/type" && op.op === "replace") {
      if (op.value !== awsType) throw badRequestException(`Gatehouse cannot change an authorizer's type (${awsType} to ${op.value ?? ""}): create a new authorizer instead.`);
    } else if ((op.path === "/authorizerCredentials" || op.path === "/authType") && (setting || removing)) {
      // Gatehouse invokes authorizer functions itself (no IAM role) and keeps no authType: accepted, nothing to store.
    } else throw unsupportedPatch(op);
  }
  if (providersChanged || jwksUri !== undefined) {
    const provider = jwtProvider(awsType, providers, jwksUri ?? current.jwksUri);
    out.issuer = provider.issuer;
    // An HS256 (secret) JWT authorizer stays one unless a JWKS URL is given; a user pool's keys follow its issuer.
    if (awsType === "COGNITO_USER_POOLS" || jwksUri !== undefined || current.jwksUri) out.jwksUri = provider.jwksUri;
  }
  return out;
}

export const authorizersOperations: Operation[] = [
  {
    name: "CreateAuthorizer",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/authorizers",
    permission: "edit",
    async handler({ db, params, body, settings }) {
      const input = parseWith(ZCreateAuthorizer, createAuthorizerInput((body ?? {}) as Record<string, unknown>));
      return { status: 201, body: awsAuthorizer(await createAuthorizer(db, params.restapi_id, input), settings.accountId) };
    },
  },
  {
    name: "GetAuthorizers",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/authorizers",
    permission: "read",
    async handler({ db, params, query, settings }) {
      return { body: page((await listAuthorizers(db, params.restapi_id)).map((a) => awsAuthorizer(a, settings.accountId)), query) };
    },
  },
  {
    name: "GetAuthorizer",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/authorizers/{authorizer_id}",
    permission: "read",
    async handler({ db, params, settings }) {
      const a = await authorizerOr404(db, params.restapi_id, () => getAuthorizer(db, params.restapi_id, params.authorizer_id));
      return { body: awsAuthorizer(a, settings.accountId) };
    },
  },
  {
    name: "UpdateAuthorizer",
    service: "apigateway",
    method: "PATCH",
    path: "/restapis/{restapi_id}/authorizers/{authorizer_id}",
    permission: "edit",
    async handler({ db, params, body, settings }) {
      const ops = readPatchOperations(body);
      const current = await authorizerOr404(db, params.restapi_id, () => getAuthorizer(db, params.restapi_id, params.authorizer_id));
      const input = parseWith(ZUpdateAuthorizer, { version: current.version, ...updateFields(current, ops, settings.accountId) });
      const updated = await authorizerOr404(db, params.restapi_id, () => updateAuthorizer(db, params.restapi_id, params.authorizer_id, input));
      return { body: awsAuthorizer(updated, settings.accountId) };
    },
  },
  {
    name: "DeleteAuthorizer",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/authorizers/{authorizer_id}",
    permission: "edit",
    async handler({ db, params }) {
      await authorizerOr404(db, params.restapi_id, () => deleteAuthorizer(db, params.restapi_id, params.authorizer_id));
      return { status: 202 };
    },
  },
  {
    // The console's "Test authorizer": the gateway runs the saved authorizer against the sample request.
    name: "TestInvokeAuthorizer",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/authorizers/{authorizer_id}",
    permission: "test",
    async handler({ db, params, body }) {
      const raw = (body ?? {}) as Record<string, unknown>;
      const target = typeof raw.pathWithQueryString === "string" && raw.pathWithQueryString ? raw.pathWithQueryString : "/";
      const at = target.indexOf("?");
      const input = parseWith(ZTestAuthorizer, {
        headers: raw.headers ?? {},
        queryString: at < 0 ? "" : target.slice(at + 1),
        stageVariables: raw.stageVariables ?? {},
        path: at < 0 ? target : target.slice(0, at),
      });
      const result = await authorizerOr404(db, params.restapi_id, () => testAuthorizer(db, params.restapi_id, params.authorizer_id, input));
      return {
        body: {
          clientStatus: result.clientStatus,
          log: result.log.join("\n"),
          latency: result.latency,
          ...(result.principalId !== null ? { principalId: result.principalId } : {}),
          ...(result.policy !== null && result.policy !== undefined ? { policy: JSON.stringify(result.policy) } : {}),
          ...(result.claims ? { claims: result.claims } : {}),
        },
      };
    },
  },
];

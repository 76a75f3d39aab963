import {
  BadRequestException,
  ConflictException,
  CreateAuthorizerCommand,
  DeleteAuthorizerCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  NotFoundException,
  TestInvokeAuthorizerCommand,
  UpdateAuthorizerCommand,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { functionInvocationUri } from "../../../lib/arn";
import { startAwsControl, type TestAwsControl, failureOf as failure } from "../../helpers/aws-control";
import { addMethod, ARN, createFunction, createRestApi, notifyFunction } from "../../helpers/fixtures";
import { createStack, type Stack } from "../../helpers/stack";

/** Authorizers through the AWS SDK: CRUD, patches, AWS's errors, Cognito user pools, and TestInvokeAuthorizer on the real gateway. */

const SECRET_KEY = "aws-authorizers-test-secret-0123456789abcdef";
let stack: Stack;
let aws: TestAwsControl;
let apiId: string;
const previous = { key: process.env.GATEHOUSE_SECRET_KEY, url: process.env.GATEHOUSE_INTERNAL_GATEWAY_URL };
const uri = (name: string) => functionInvocationUri(ARN, name);

const AUTH_FN = `
exports.handler = async (event) => {
  if (event.authorizationToken !== "Bearer allow") throw new Error("Unauthorized");
  return { principalId: "alice", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }] } };
};`;

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
  apiId = await createRestApi(stack.prisma, "guarded");
  await createFunction(stack.prisma, "authfn", AUTH_FN);
  const gateway = await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  await notifyFunction(stack.prisma, "authfn");
  // TestInvokeAuthorizer asks the gateway, as the console's test does.
  process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  await aws?.close();
  await stack?.close();
  for (const [name, value] of [
    ["GATEHOUSE_SECRET_KEY", previous.key],
    ["GATEHOUSE_INTERNAL_GATEWAY_URL", previous.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("authorizers over the AWS API", () => {
  it("creates TOKEN, REQUEST and Cognito user pool authorizers, lists, reads, patches and deletes them", async () => {
    const token = await aws.apigateway.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: "tok",
        type: "TOKEN",
        authorizerUri: uri("authfn"),
        identitySource: "method.request.header.Authorization",
        identityValidationExpression: "^Bearer .+$",
        authorizerResultTtlInSeconds: 60,
      }),
    );
    expect(token).toMatchObject({
      name: "tok",
      type: "TOKEN",
      authorizerUri: uri("authfn"),
      identitySource: "method.request.header.Authorization",
      identityValidationExpression: "^Bearer .+$",
      authorizerResultTtlInSeconds: 60,
    });
    const request = await aws.apigateway.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: "req",
        type: "REQUEST",
        authorizerUri: uri("authfn"),
        identitySource: "method.request.header.X-User,method.request.querystring.ticket",
        authorizerResultTtlInSeconds: 0,
      }),
    );
    expect(request).toMatchObject({ type: "REQUEST", identitySource: "method.request.header.X-User,method.request.querystring.ticket", authorizerResultTtlInSeconds: 0 });
    const poolArn = "arn:aws:cognito-idp:eu-west-1:000000000000:userpool/eu-west-1_AbC123";
    const cognito = await aws.apigateway.send(
      new CreateAuthorizerCommand({ restApiId: apiId, name: "pool", type: "COGNITO_USER_POOLS", providerARNs: [poolArn], identitySource: "method.request.header.Authorization" }),
    );
    expect(cognito).toMatchObject({ type: "COGNITO_USER_POOLS", providerARNs: [poolArn], identitySource: "method.request.header.Authorization" });
    // Stored as our JWT authorizer on the pool's issuer, as the console shows it.
    const row = await stack.prisma.authorizer.findUniqueOrThrow({ where: { id: cognito.id } });
    expect(row).toMatchObject({ type: "JWT", issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", jwksUri: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json" });

    const list = await aws.apigateway.send(new GetAuthorizersCommand({ restApiId: apiId }));
    expect(list.items?.map((a) => a.name).sort()).toEqual(["pool", "req", "tok"]);
    expect((await aws.apigateway.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: token.id }))).authorizerUri).toBe(uri("authfn"));

    const patched = await aws.apigateway.send(
      new UpdateAuthorizerCommand({
        restApiId: apiId,
        authorizerId: token.id,
        patchOperations: [
          { op: "replace", path: "/name", value: "tok2" },
          { op: "replace", path: "/authorizerResultTtlInSeconds", value: "120" },
          { op: "remove", path: "/identityValidationExpression" },
          { op: "replace", path: "/identitySource", value: "method.request.header.X-Token" },
        ],
      }),
    );
    expect(patched).toMatchObject({ name: "tok2", authorizerResultTtlInSeconds: 120, identitySource: "method.request.header.X-Token" });
    expect(patched.identityValidationExpression).toBeUndefined();
    const otherPool = "arn:aws:cognito-idp:us-east-2:000000000000:userpool/us-east-2_Zz9";
    const repointed = await aws.apigateway.send(
      new UpdateAuthorizerCommand({
        restApiId: apiId,
        authorizerId: cognito.id,
        patchOperations: [
          // Terraform's order: add the new ARN, then remove the old one.
          { op: "add", path: "/providerARNs", value: otherPool },
          { op: "remove", path: "/providerARNs", value: poolArn },
        ],
      }),
    );
    expect(repointed.providerARNs).toEqual([otherPool]);

    // Errors as AWS's: a bad value names the field, a bad path names the path, nothing is half-applied.
    const badTtl = await failure(
      aws.apigateway.send(
        new UpdateAuthorizerCommand({
          restApiId: apiId,
          authorizerId: token.id,
          patchOperations: [
            { op: "replace", path: "/name", value: "never" },
            { op: "replace", path: "/authorizerResultTtlInSeconds", value: "99999" },
          ],
        }),
      ),
    );
    expect(badTtl).toBeInstanceOf(BadRequestException);
    expect((badTtl as Error).message).toContain("authorizerResultTtlInSeconds");
    const badPath = await failure(aws.apigateway.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: token.id, patchOperations: [{ op: "replace", path: "/nope", value: "x" }] })));
    expect(badPath).toBeInstanceOf(BadRequestException);
    expect((badPath as Error).message).toContain("/nope");
    expect((await aws.apigateway.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: token.id }))).name).toBe("tok2");
    const badUri = await failure(aws.apigateway.send(new CreateAuthorizerCommand({ restApiId: apiId, name: "x", type: "TOKEN", authorizerUri: "not-an-arn" })));
    expect(badUri).toBeInstanceOf(BadRequestException);
    expect((badUri as Error).message).toContain("authorizerUri");
    const dup = await failure(aws.apigateway.send(new CreateAuthorizerCommand({ restApiId: apiId, name: "req", type: "TOKEN", authorizerUri: uri("authfn") })));
    expect(dup).toBeInstanceOf(ConflictException);
    const missing = await failure(aws.apigateway.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: "nope00" })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect((missing as Error).message).toBe("Invalid Authorizer identifier specified");
    expect(await failure(aws.apigateway.send(new GetAuthorizersCommand({ restApiId: "nosuchapi0" })))).toBeInstanceOf(NotFoundException);

    // In use by a method: 409; free again: deleted.
    await addMethod(stack.prisma, apiId, "/guarded", "GET", { type: "MOCK", responses: [{ statusCode: "200" }] });
    await stack.prisma.method.updateMany({ where: { resource: { restApiId: apiId, path: "/guarded" } }, data: { authorizationType: "CUSTOM", authorizerId: request.id } });
    const used = await failure(aws.apigateway.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: request.id })));
    expect(used).toBeInstanceOf(ConflictException);
    await stack.prisma.method.updateMany({ where: { resource: { restApiId: apiId, path: "/guarded" } }, data: { authorizationType: "NONE", authorizerId: null } });
    await aws.apigateway.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: request.id }));
    expect(await failure(aws.apigateway.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: request.id })))).toBeInstanceOf(NotFoundException);
  });

  it("runs TestInvokeAuthorizer on the gateway", async () => {
    const auth = await aws.apigateway.send(
      new CreateAuthorizerCommand({ restApiId: apiId, name: "tester", type: "TOKEN", authorizerUri: uri("authfn"), identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 0 }),
    );
    const allowed = await aws.apigateway.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: auth.id, headers: { Authorization: "Bearer allow" }, pathWithQueryString: "/pets?x=1" }),
    );
    expect(allowed.clientStatus).toBe(200);
    expect(allowed.principalId).toBe("alice");
    expect(JSON.parse(allowed.policy ?? "{}")).toMatchObject({ Statement: [{ Effect: "Allow" }] });
    expect(typeof allowed.log).toBe("string");
    const refused = await aws.apigateway.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: auth.id, headers: { Authorization: "Bearer nope" } }));
    expect(refused.clientStatus).toBe(401);
  });
});

import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateRestApiCommand,
  DeleteGatewayResponseCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  GetModelCommand,
  GetModelsCommand,
  GetModelTemplateCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  NotFoundException,
  PutGatewayResponseCommand,
  UpdateGatewayResponseCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  type GatewayResponseType,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createStack, type Stack } from "../../helpers/stack";
import { startAwsControl, type TestAwsControl, failureOf as fail } from "../../helpers/aws-control";
import { waitFor } from "../../helpers/gateway";
import { ZPutIntegration, ZPutIntegrationResponse, ZPutMethod, ZPutMethodResponse } from "../../../lib/schemas/management";
import { createResource } from "../../../lib/services/resources";
import { putMethod } from "../../../lib/services/methods";
import { putIntegration } from "../../../lib/services/integrations";
import { putMethodResponse } from "../../../lib/services/method-responses";
import { putIntegrationResponse } from "../../../lib/services/integration-responses";

/** Models, request validators and gateway responses through the AWS SDK, and their effect on the real gateway. */

const SECRET_KEY = "aws-models-test-key-0123456789abcdef0123456";
let stack: Stack;
let aws: TestAwsControl;
let apiId: string;
let petsId: string;

const PET = JSON.stringify({ type: "object", required: ["name"], properties: { name: { type: "string" } } });

function postPet(body: unknown) {
  return stack.gateway.request("/v1/pets", {
    apiId,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  const api = await aws.apigateway.send(new CreateRestApiCommand({ name: "models-api" }));
  apiId = api.id!;
  petsId = (await createResource(stack.prisma, apiId, api.rootResourceId!, { pathPart: "pets" })).id;
}, 60_000);

afterAll(async () => {
  await aws?.close();
  await stack?.close();
});

describe("models, request validators and gateway responses over the AWS API", () => {
  let validatorId: string;

  it("creates, reads, updates and templates a model", async () => {
    const made = await aws.apigateway.send(
      new CreateModelCommand({ restApiId: apiId, name: "Pet", contentType: "application/json", schema: PET, description: "a pet" }),
    );
    expect(made).toMatchObject({ name: "Pet", contentType: "application/json", schema: PET, description: "a pet" });
    expect(made.id).toBeTruthy();
    const dup = await fail(
      aws.apigateway.send(new CreateModelCommand({ restApiId: apiId, name: "Pet", contentType: "application/json", schema: PET })),
    );
    expect(dup).toBeInstanceOf(ConflictException);
    const list = await aws.apigateway.send(new GetModelsCommand({ restApiId: apiId }));
    expect(list.items?.map((m) => m.name)).toEqual(["Pet"]);
    expect((await aws.apigateway.send(new GetModelCommand({ restApiId: apiId, modelName: "Pet", flatten: true }))).schema).toBe(PET);
    const template = await aws.apigateway.send(new GetModelTemplateCommand({ restApiId: apiId, modelName: "Pet" }));
    expect(template.value).toContain("name");

    const updated = await aws.apigateway.send(
      new UpdateModelCommand({
        restApiId: apiId,
        modelName: "Pet",
        patchOperations: [{ op: "replace", path: "/description", value: "still a pet" }],
      }),
    );
    expect(updated.description).toBe("still a pet");
    const badPath = await fail(
      aws.apigateway.send(
        new UpdateModelCommand({ restApiId: apiId, modelName: "Pet", patchOperations: [{ op: "replace", path: "/name", value: "Dog" }] }),
      ),
    );
    expect(badPath).toBeInstanceOf(BadRequestException);
    expect((badPath as Error).message).toContain("/name");
    const badSchema = await fail(
      aws.apigateway.send(
        new UpdateModelCommand({
          restApiId: apiId,
          modelName: "Pet",
          patchOperations: [{ op: "replace", path: "/schema", value: "{not json" }],
        }),
      ),
    );
    expect(badSchema).toBeInstanceOf(BadRequestException);
    expect((await aws.apigateway.send(new GetModelCommand({ restApiId: apiId, modelName: "Pet" }))).schema).toBe(PET);
    expect(await fail(aws.apigateway.send(new GetModelCommand({ restApiId: apiId, modelName: "Nope" })))).toBeInstanceOf(NotFoundException);
  });

  it("creates, lists and patches request validators", async () => {
    const v = await aws.apigateway.send(
      new CreateRequestValidatorCommand({ restApiId: apiId, name: "params-only", validateRequestParameters: true }),
    );
    expect(v).toMatchObject({ name: "params-only", validateRequestBody: false, validateRequestParameters: true });
    validatorId = v.id!;
    const patched = await aws.apigateway.send(
      new UpdateRequestValidatorCommand({
        restApiId: apiId,
        requestValidatorId: validatorId,
        patchOperations: [
          { op: "replace", path: "/validateRequestBody", value: "true" },
          { op: "replace", path: "/name", value: "body-and-params" },
        ],
      }),
    );
    expect(patched).toMatchObject({ id: validatorId, name: "body-and-params", validateRequestBody: true, validateRequestParameters: true });
    const bad = await fail(
      aws.apigateway.send(
        new UpdateRequestValidatorCommand({
          restApiId: apiId,
          requestValidatorId: validatorId,
          patchOperations: [
            { op: "replace", path: "/name", value: "renamed-but-not" },
            { op: "replace", path: "/validateRequestBody", value: "maybe" },
          ],
        }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect((bad as Error).message).toContain("/validateRequestBody");
    expect((await aws.apigateway.send(new GetRequestValidatorCommand({ restApiId: apiId, requestValidatorId: validatorId }))).name).toBe(
      "body-and-params",
    );
    const all = await aws.apigateway.send(new GetRequestValidatorsCommand({ restApiId: apiId }));
    expect(all.items?.map((i) => i.id)).toEqual([validatorId]);
  });

  it("customizes gateway responses; the list has every type with defaults", async () => {
    const all = await aws.apigateway.send(new GetGatewayResponsesCommand({ restApiId: apiId, limit: 500 }));
    const types = all.items?.map((r) => r.responseType) ?? [];
    expect(types).toEqual(expect.arrayContaining(["DEFAULT_4XX", "DEFAULT_5XX", "BAD_REQUEST_BODY", "THROTTLED"]));
    expect(all.items?.every((r) => r.defaultResponse === true)).toBe(true);
    const def = await aws.apigateway.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "BAD_REQUEST_BODY" }));
    expect(def).toMatchObject({ responseType: "BAD_REQUEST_BODY", statusCode: "400", defaultResponse: true });

    const put = await aws.apigateway.send(
      new PutGatewayResponseCommand({
        restApiId: apiId,
        responseType: "BAD_REQUEST_BODY",
        statusCode: "422",
        responseParameters: { "gatewayresponse.header.x-why": "'invalid'" },
        responseTemplates: { "application/json": '{"problem": "$context.error.messageString"}' },
      }),
    );
    expect(put).toMatchObject({ responseType: "BAD_REQUEST_BODY", statusCode: "422", defaultResponse: false });
    const patched = await aws.apigateway.send(
      new UpdateGatewayResponseCommand({
        restApiId: apiId,
        responseType: "BAD_REQUEST_BODY",
        patchOperations: [
          { op: "add", path: "/responseParameters/gatewayresponse.header.x-extra", value: "'yes'" },
          { op: "replace", path: "/responseTemplates/application~1json", value: '{"bad": $context.error.messageString}' },
        ],
      }),
    );
    expect(patched.responseParameters).toEqual({ "gatewayresponse.header.x-why": "'invalid'", "gatewayresponse.header.x-extra": "'yes'" });
    expect(patched.responseTemplates).toEqual({ "application/json": '{"bad": $context.error.messageString}' });
    const badPatch = await fail(
      aws.apigateway.send(
        new UpdateGatewayResponseCommand({
          restApiId: apiId,
          responseType: "BAD_REQUEST_BODY",
          patchOperations: [{ op: "replace", path: "/bogus", value: "1" }],
        }),
      ),
    );
    expect(badPatch).toBeInstanceOf(BadRequestException);
    expect((badPatch as Error).message).toContain("/bogus");
    const unknown = await fail(aws.apigateway.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "NOT_A_TYPE" as GatewayResponseType })));
    expect(unknown).toBeInstanceOf(NotFoundException);
  });

  it("the gateway validates with the model and answers with the customized response once deployed", async () => {
    const at = { restApiId: apiId, resourceId: petsId, httpMethod: "POST" as const };
    await putMethod(stack.prisma, at, ZPutMethod.parse({ requestModels: { "application/json": "Pet" }, requestValidatorId: validatorId }));
    await putIntegration(
      stack.prisma,
      at,
      ZPutIntegration.parse({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }),
    );
    await putMethodResponse(stack.prisma, at, "200", ZPutMethodResponse.parse({}));
    await putIntegrationResponse(
      stack.prisma,
      at,
      "200",
      ZPutIntegrationResponse.parse({ responseTemplates: { "application/json": '{"ok": true}' } }),
    );
    await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "v1" }));

    const refused = await waitFor(async () => {
      const res = await postPet({ nick: "no name" });
      return res.status === 422 ? res : undefined;
    }, 15_000);
    expect(refused.headers["x-why"]).toBe("invalid");
    expect(refused.headers["x-extra"]).toBe("yes");
    expect(refused.json()).toEqual({ bad: "Invalid request body" });
    expect((await postPet({ name: "Rex" })).status).toBe(200);

    // In use: neither the model nor the validator can go.
    expect(await fail(aws.apigateway.send(new DeleteModelCommand({ restApiId: apiId, modelName: "Pet" })))).toBeInstanceOf(
      ConflictException,
    );
    expect(
      await fail(aws.apigateway.send(new DeleteRequestValidatorCommand({ restApiId: apiId, requestValidatorId: validatorId }))),
    ).toBeInstanceOf(ConflictException);

    // Back to the default and a looser schema: after a redeploy the same body passes.
    await aws.apigateway.send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: "BAD_REQUEST_BODY" }));
    expect(
      (await aws.apigateway.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "BAD_REQUEST_BODY" }))).defaultResponse,
    ).toBe(true);
    await aws.apigateway.send(
      new UpdateModelCommand({
        restApiId: apiId,
        modelName: "Pet",
        patchOperations: [{ op: "replace", path: "/schema", value: '{"type": "object"}' }],
      }),
    );
    await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "v1" }));
    await waitFor(async () => ((await postPet({ nick: "no name" })).status === 200 ? true : undefined), 15_000);
  });

  it("deletes validators and models no method uses", async () => {
    const v = await aws.apigateway.send(new CreateRequestValidatorCommand({ restApiId: apiId, name: "spare" }));
    await aws.apigateway.send(new DeleteRequestValidatorCommand({ restApiId: apiId, requestValidatorId: v.id }));
    expect(await fail(aws.apigateway.send(new GetRequestValidatorCommand({ restApiId: apiId, requestValidatorId: v.id })))).toBeInstanceOf(
      NotFoundException,
    );
    await aws.apigateway.send(
      new CreateModelCommand({ restApiId: apiId, name: "Spare", contentType: "application/json", schema: '{"type": "string"}' }),
    );
    await aws.apigateway.send(new DeleteModelCommand({ restApiId: apiId, modelName: "Spare" }));
    expect((await aws.apigateway.send(new GetModelsCommand({ restApiId: apiId }))).items?.map((m) => m.name)).toEqual(["Pet"]);
  });
});

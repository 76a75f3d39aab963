import {
  BadRequestException,
  CreateRestApiCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  ImportRestApiCommand,
  NotFoundException,
  PutRestApiCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../../lib/services/deploy";
import { startAwsControl, type TestAwsControl, failureOf as failure } from "../../helpers/aws-control";
import { createStack, type Stack } from "../../helpers/stack";

/** UpdateRestApi, ImportRestApi, PutRestApi and GetExport through the SDK. */

const SECRET_KEY = "aws-restapis-test-key-0123456789abcdef0123";
let stack: Stack;
let aws: TestAwsControl;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
});

afterAll(async () => {
  await aws?.close();
  await stack?.close();
});


const mockOp = (greeting: string) => ({
  responses: { "200": { description: "ok" } },
  "x-amazon-apigateway-integration": {
    type: "mock",
    requestTemplates: { "application/json": '{"statusCode": 200}' },
    responses: { default: { statusCode: "200", responseTemplates: { "application/json": `{"greeting":"${greeting}"}` } } },
  },
});

const petsDoc = {
  openapi: "3.0.1",
  info: { title: "imported-pets", version: "1.0" },
  paths: {
    "/pets": { get: mockOp("pets") },
    "/pets/{id}": { get: { ...mockOp("pet"), parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] } },
  },
};

const text = (body: string) => new TextEncoder().encode(body);
const pathsOf = async (restApiId: string) =>
  ((await aws.apigateway.send(new GetResourcesCommand({ restApiId }))).items ?? []).map((r) => r.path).sort();

describe("UpdateRestApi", () => {
  it("patches name, description, apiKeySource and binary media types, and names an unsupported path", async () => {
    const api = await aws.apigateway.send(new CreateRestApiCommand({ name: "before", binaryMediaTypes: ["image/png"] }));
    const restApiId = api.id!;
    const updated = await aws.apigateway.send(
      new UpdateRestApiCommand({
        restApiId,
        patchOperations: [
          { op: "replace", path: "/name", value: "after" },
          { op: "replace", path: "/description", value: "patched" },
          { op: "replace", path: "/apiKeySource", value: "AUTHORIZER" },
          { op: "add", path: "/binaryMediaTypes/application~1octet-stream" },
          { op: "remove", path: "/binaryMediaTypes/image~1png" },
        ],
      }),
    );
    expect(updated).toMatchObject({
      name: "after",
      description: "patched",
      apiKeySource: "AUTHORIZER",
      binaryMediaTypes: ["application/octet-stream"],
    });
    expect(updated).not.toHaveProperty("version");

    const bad = await failure(
      aws.apigateway.send(
        new UpdateRestApiCommand({
          restApiId,
          patchOperations: [
            { op: "replace", path: "/name", value: "half-applied" },
            { op: "replace", path: "/policy", value: "{}" },
          ],
        }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect(bad.message).toContain("/policy");
    const badSource = await failure(
      aws.apigateway.send(
        new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: "/apiKeySource", value: "QUERY" }] }),
      ),
    );
    expect(badSource.message).toContain("/apiKeySource");
    expect((await aws.apigateway.send(new GetRestApiCommand({ restApiId }))).name).toBe("after");

    const missing = await failure(
      aws.apigateway.send(
        new UpdateRestApiCommand({ restApiId: "nosuchapi0", patchOperations: [{ op: "replace", path: "/name", value: "x" }] }),
      ),
    );
    expect(missing).toBeInstanceOf(NotFoundException);
  });
});

describe("ImportRestApi and PutRestApi", () => {
  it("imports an OpenAPI JSON body, then overwrites and merges it", async () => {
    const imported = await aws.apigateway.send(new ImportRestApiCommand({ body: text(JSON.stringify(petsDoc)) }));
    expect(imported.$metadata.httpStatusCode).toBe(201);
    expect(imported.name).toBe("imported-pets");
    const restApiId = imported.id!;
    expect(await pathsOf(restApiId)).toEqual(["/", "/pets", "/pets/{id}"]);

    const merged = await aws.apigateway.send(
      new PutRestApiCommand({
        restApiId,
        mode: "merge",
        body: text(JSON.stringify({ ...petsDoc, paths: { "/owners": { get: mockOp("owners") } } })),
      }),
    );
    expect(merged.id).toBe(restApiId);
    expect(await pathsOf(restApiId)).toEqual(["/", "/owners", "/pets", "/pets/{id}"]);

    const yaml = [
      "openapi: 3.0.1",
      "info:",
      "  title: overwritten",
      "  version: '2'",
      "paths:",
      "  /stores:",
      "    get:",
      "      responses:",
      "        '200':",
      "          description: ok",
    ].join("\n");
    await aws.apigateway.send(new PutRestApiCommand({ restApiId, mode: "overwrite", body: text(yaml) }));
    expect(await pathsOf(restApiId)).toEqual(["/", "/stores"]);

    const broken = await failure(aws.apigateway.send(new ImportRestApiCommand({ body: text("{ not json") })));
    expect(broken).toBeInstanceOf(BadRequestException);
    const nowhere = await failure(
      aws.apigateway.send(new PutRestApiCommand({ restApiId: "nosuchapi0", mode: "overwrite", body: text(yaml) })),
    );
    expect(nowhere).toBeInstanceOf(NotFoundException);
  });

  it("refuses a document with warnings when failonwarnings is set", async () => {
    const lambdaDoc = {
      ...petsDoc,
      info: { title: "warned", version: "1" },
      paths: {
        "/fn": {
          post: {
            responses: {},
            "x-amazon-apigateway-integration": {
              type: "aws_proxy",
              httpMethod: "POST",
              uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:nowhere/invocations",
            },
          },
        },
      },
    };
    const refused = await failure(
      aws.apigateway.send(new ImportRestApiCommand({ failOnWarnings: true, body: text(JSON.stringify(lambdaDoc)) })),
    );
    expect(refused).toBeInstanceOf(BadRequestException);
    expect(refused.message).toContain("nowhere");
    const accepted = await aws.apigateway.send(new ImportRestApiCommand({ body: text(JSON.stringify(lambdaDoc)) }));
    expect(accepted.warnings?.join(" ")).toContain("nowhere");
  });
});

describe("GetExport", () => {
  it("exports a deployed stage as oas30 JSON or YAML and as swagger", async () => {
    const imported = await aws.apigateway.send(new ImportRestApiCommand({ body: text(JSON.stringify(petsDoc)) }));
    const restApiId = imported.id!;
    await deployApi(stack.prisma, { restApiId, stageName: "prod" });

    const oas = await aws.apigateway.send(
      new GetExportCommand({ restApiId, stageName: "prod", exportType: "oas30", accepts: "application/json" }),
    );
    expect(oas.contentType).toBe("application/json");
    expect(oas.contentDisposition).toMatch(/^attachment; filename=".+\.json"$/);
    const doc = JSON.parse(new TextDecoder().decode(oas.body)) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).toBe("3.0.1");
    expect(Object.keys(doc.paths).sort()).toEqual(["/pets", "/pets/{id}"]);
    expect(doc.paths["/pets"].get).not.toHaveProperty("x-amazon-apigateway-integration");

    const withExt = await aws.apigateway.send(
      new GetExportCommand({
        restApiId,
        stageName: "prod",
        exportType: "oas30",
        accepts: "application/yaml",
        parameters: { extensions: "apigateway" },
      }),
    );
    expect(withExt.contentType).toBe("application/yaml");
    const yamlDoc = parseYaml(new TextDecoder().decode(withExt.body)) as {
      paths: Record<string, Record<string, Record<string, { type: string }>>>;
    };
    expect(yamlDoc.paths["/pets"].get["x-amazon-apigateway-integration"].type).toBe("mock");

    const swagger = await aws.apigateway.send(
      new GetExportCommand({ restApiId, stageName: "prod", exportType: "swagger", parameters: { extensions: "integrations" } }),
    );
    const sw = JSON.parse(new TextDecoder().decode(swagger.body)) as {
      swagger: string;
      paths: Record<string, Record<string, { parameters?: Array<Record<string, unknown>> }>>;
    };
    expect(sw.swagger).toBe("2.0");
    expect(sw.paths["/pets/{id}"].get.parameters).toEqual([{ name: "id", in: "path", required: true, type: "string" }]);
    expect(sw.paths["/pets/{id}"].get).toHaveProperty("x-amazon-apigateway-integration");

    const noStage = await failure(aws.apigateway.send(new GetExportCommand({ restApiId, stageName: "nope", exportType: "oas30" })));
    expect(noStage).toBeInstanceOf(NotFoundException);
    const badType = await failure(aws.apigateway.send(new GetExportCommand({ restApiId, stageName: "prod", exportType: "postman" })));
    expect(badType).toBeInstanceOf(BadRequestException);
  });
});

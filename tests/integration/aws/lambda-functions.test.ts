import { createHash } from "node:crypto";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionConcurrencyCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  InvokeCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type InvokeCommandOutput,
} from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getFunction } from "../../../lib/services/functions";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";
import { setupManagement, type ManagementSetup } from "../management-harness";

/**
 * The Lambda API with the real @aws-sdk/client-lambda against the control
 * plane, the real gateway running the functions, and the console's services
 * and routes seeing the same functions.
 */

const SECRET_KEY = "lambda-api-test-secret-key-0123456789abcdef";
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:";
let setup: ManagementSetup;
let aws: TestAwsControl;
const saved = { secret: process.env.GATEHOUSE_SECRET_KEY, url: process.env.GATEHOUSE_INTERNAL_GATEWAY_URL };

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  const gateway = await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
  aws = await startAwsControl(setup.stack.prisma, SECRET_KEY);
});

afterAll(async () => {
  await aws?.close();
  await setup?.close();
  if (saved.secret === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = saved.secret;
  if (saved.url === undefined) delete process.env.GATEHOUSE_INTERNAL_GATEWAY_URL;
  else process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = saved.url;
});

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");

const ITEMS_HANDLER = `export const handler = async (event) => {
  console.log("listing items for", event.who ?? "nobody");
  return { statusCode: 200, body: JSON.stringify([{ id: 1 }, { id: 2 }]) };
};
`;

const payloadOf = (out: InvokeCommandOutput): unknown => JSON.parse(new TextDecoder().decode(out.Payload));

async function createItems(name: string, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}) {
  const code = zip({ "index.mjs": ITEMS_HANDLER });
  const out = await aws.lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: code }, ...extra }));
  return { code, out };
}

/** Invokes until `check` accepts the answer: the gateway hears of code changes by NOTIFY, within a second or so. */
async function invokeUntil(input: ConstructorParameters<typeof InvokeCommand>[0], check: (out: InvokeCommandOutput) => boolean): Promise<InvokeCommandOutput> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const out = await aws.lambda.send(new InvokeCommand(input));
    if (check(out) || Date.now() > deadline) return out;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

describe("Lambda API: functions", () => {
  it("creates a function from a zip that the console sees, and gets and lists it", async () => {
    const { code, out } = await createItems("items", { Description: "lists items", Timeout: 10, MemorySize: 256, Environment: { Variables: { STAGE: "test" } } });
    expect(out).toMatchObject({
      FunctionName: "items",
      FunctionArn: `${ARN_PREFIX}items`,
      Runtime: "nodejs22.x",
      Role: ROLE,
      Handler: "index.handler",
      CodeSize: code.length,
      CodeSha256: sha256(code),
      Description: "lists items",
      Timeout: 10,
      MemorySize: 256,
      Version: "$LATEST",
      Environment: { Variables: { STAGE: "test" } },
      State: "Active",
      LastUpdateStatus: "Successful",
      PackageType: "Zip",
      Architectures: ["x86_64"],
    });
    expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(out.RevisionId).toMatch(/^[0-9a-f-]{36}$/);

    const console = await getFunction(setup.stack.prisma, "items");
    expect(console).toMatchObject({ language: "javascript", runtime: "nodejs22.x", files: { "index.mjs": ITEMS_HANDLER }, timeoutSeconds: 10, memoryMb: 256 });

    const got = await aws.lambda.send(new GetFunctionCommand({ FunctionName: "items" }));
    expect(got.Configuration).toEqual(expect.objectContaining({ CodeSha256: sha256(code), RevisionId: out.RevisionId, Role: ROLE }));
    expect(got.Code?.RepositoryType).toBe("S3");
    const byArn = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${ARN_PREFIX}items` }));
    expect(byArn.FunctionName).toBe("items");
    const byPartialArn = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "000000000000:function:items" }));
    expect(byPartialArn.FunctionArn).toBe(`${ARN_PREFIX}items`);

    await createItems("items-two");
    const list = await aws.lambda.send(new ListFunctionsCommand({}));
    expect(list.Functions?.map((f) => f.FunctionName)).toEqual(expect.arrayContaining(["items", "items-two"]));
    const first = await aws.lambda.send(new ListFunctionsCommand({ MaxItems: 1 }));
    expect(first.Functions).toHaveLength(1);
    expect(first.NextMarker).toBeTruthy();
    const second = await aws.lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker: first.NextMarker }));
    expect(second.Functions?.[0].FunctionName).not.toBe(first.Functions?.[0].FunctionName);
  });

  it("invokes through the gateway with the log tail, asynchronously, and as a dry run", async () => {
    const out = await aws.lambda.send(new InvokeCommand({ FunctionName: "items", Payload: strToU8(JSON.stringify({ who: "sdk-caller" })), LogType: "Tail" }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(payloadOf(out)).toEqual({ statusCode: 200, body: JSON.stringify([{ id: 1 }, { id: 2 }]) });
    const log = Buffer.from(out.LogResult ?? "", "base64").toString("utf8");
    expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST/);
    expect(log).toContain("listing items for sdk-caller");
    expect(log).toMatch(/END RequestId: /);
    expect(log).toMatch(/REPORT RequestId: .*Memory Size: 256 MB/);

    const event = await aws.lambda.send(new InvokeCommand({ FunctionName: "items", InvocationType: "Event", Payload: strToU8("{}") }));
    expect(event.StatusCode).toBe(202);
    const dry = await aws.lambda.send(new InvokeCommand({ FunctionName: "items", InvocationType: "DryRun" }));
    expect(dry.StatusCode).toBe(204);
  });

  it("reports a function's error as FunctionError Unhandled with the error payload", async () => {
    const code = zip({ "index.js": `exports.handler = async () => { throw new TypeError("no items today"); };\n` });
    await aws.lambda.send(new CreateFunctionCommand({ FunctionName: "broken", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: code } }));
    const out = await aws.lambda.send(new InvokeCommand({ FunctionName: "broken" }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toMatchObject({ errorType: "TypeError", errorMessage: "no items today", trace: expect.any(Array) });
  });

  it("updates code and configuration, publishes versions and invokes a version", async () => {
    const newCode = zip({ "src/app.js": `exports.run = async () => ({ items: 3, stage: process.env.STAGE });\n` });
    const badHandler = await errorOf(aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "items", ZipFile: newCode })));
    expect(badHandler).toBeInstanceOf(InvalidParameterValueException);
    expect(badHandler.message).toContain("index.js, index.mjs or index.cjs");

    await aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "items", Handler: "index.handler", Timeout: 20, Environment: { Variables: { STAGE: "prod" } } }));
    const both = zip({ "index.mjs": ITEMS_HANDLER, "src/app.js": `exports.run = async () => ({ items: 3, stage: process.env.STAGE });\n` });
    const updated = await aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "items", ZipFile: both }));
    expect(updated.CodeSha256).toBe(sha256(both));
    const config = await aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "items", Handler: "src/app.run", Description: "runs app" }));
    expect(config).toMatchObject({ Handler: "src/app.run", Timeout: 20, Description: "runs app", Environment: { Variables: { STAGE: "prod" } }, CodeSha256: sha256(both) });

    const now = await invokeUntil({ FunctionName: "items" }, (o) => JSON.stringify(payloadOf(o)).includes("items"));
    expect(payloadOf(now)).toEqual({ items: 3, stage: "prod" });

    const v1 = await aws.lambda.send(new PublishVersionCommand({ FunctionName: "items", Description: "first" }));
    expect(v1).toMatchObject({ Version: "1", FunctionArn: `${ARN_PREFIX}items:1`, Description: "first", Handler: "src/app.run", CodeSha256: sha256(both) });
    const again = await aws.lambda.send(new PublishVersionCommand({ FunctionName: "items" }));
    expect(again.Version).toBe("1");
    await aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "items", Environment: { Variables: { STAGE: "next" } } }));
    const v2 = await aws.lambda.send(new PublishVersionCommand({ FunctionName: "items" }));
    expect(v2.Version).toBe("2");

    const versions = await aws.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "items" }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(["$LATEST", "1", "2"]);
    const old = await invokeUntil({ FunctionName: "items", Qualifier: "1" }, (o) => o.ExecutedVersion === "1");
    expect(old.ExecutedVersion).toBe("1");
    expect(payloadOf(old)).toEqual({ items: 3, stage: "prod" });
    const one = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "items:1" }));
    expect(one.Version).toBe("1");

    const missing = await errorOf(aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "items", Qualifier: "9" })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe(`Function not found: ${ARN_PREFIX}items:9`);

    await aws.lambda.send(new DeleteFunctionCommand({ FunctionName: "items", Qualifier: "1" }));
    const after = await aws.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "items" }));
    expect(after.Versions?.map((v) => v.Version)).toEqual(["$LATEST", "2"]);
  });

  it("records, shows and removes permissions", async () => {
    const none = await errorOf(aws.lambda.send(new GetPolicyCommand({ FunctionName: "items" })));
    expect(none).toBeInstanceOf(ResourceNotFoundException);
    expect(none.message).toBe("The resource you requested does not exist.");

    const added = await aws.lambda.send(
      new AddPermissionCommand({
        FunctionName: "items",
        StatementId: "apigw-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: "arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/items",
      }),
    );
    expect(JSON.parse(added.Statement ?? "{}")).toEqual({
      Sid: "apigw-invoke",
      Effect: "Allow",
      Principal: { Service: "apigateway.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: `${ARN_PREFIX}items`,
      Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/items" } },
    });
    await aws.lambda.send(new AddPermissionCommand({ FunctionName: "items", StatementId: "account", Action: "lambda:InvokeFunction", Principal: "111122223333" }));
    const duplicate = await errorOf(
      aws.lambda.send(new AddPermissionCommand({ FunctionName: "items", StatementId: "account", Action: "lambda:InvokeFunction", Principal: "111122223333" })),
    );
    expect(duplicate).toBeInstanceOf(ResourceConflictException);
    expect(duplicate.message).toContain("The statement id (account) provided already exists");

    const policy = await aws.lambda.send(new GetPolicyCommand({ FunctionName: "items" }));
    const doc = JSON.parse(policy.Policy ?? "{}") as { Version: string; Id: string; Statement: Array<{ Sid: string; Principal: unknown }> };
    expect(doc.Version).toBe("2012-10-17");
    expect(doc.Id).toBe("default");
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["apigw-invoke", "account"]);
    expect(doc.Statement[1].Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
    expect(policy.RevisionId).toBeTruthy();

    // The console's management API shows the same statements.
    const shown = await setup.api.get("/functions/items/permissions");
    expect(shown.status).toBe(200);
    expect(shown.body.items.map((p: { statementId: string }) => p.statementId)).toEqual(["apigw-invoke", "account"]);
    expect(shown.body.items[0]).toMatchObject({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", qualifier: "" });

    await aws.lambda.send(new RemovePermissionCommand({ FunctionName: "items", StatementId: "apigw-invoke" }));
    const gone = await errorOf(aws.lambda.send(new RemovePermissionCommand({ FunctionName: "items", StatementId: "apigw-invoke" })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe("Statement apigw-invoke is not found in resource policy.");
    const left = await aws.lambda.send(new GetPolicyCommand({ FunctionName: "items" }));
    expect((JSON.parse(left.Policy ?? "{}") as { Statement: Array<{ Sid: string }> }).Statement.map((s) => s.Sid)).toEqual(["account"]);
  });

  it("keeps reserved concurrency (the console's setting) and tags, and answers code signing", async () => {
    await createItems("tagged", { Tags: { team: "core" } });
    expect((await aws.lambda.send(new GetFunctionCommand({ FunctionName: "tagged" }))).Tags).toEqual({ team: "core" });
    const arn = `${ARN_PREFIX}tagged`;
    await aws.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { env: "test" } }));
    expect((await aws.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: "core", env: "test" });
    await aws.lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ["team"] }));
    expect((await aws.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ env: "test" });

    expect((await aws.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: "tagged" }))).ReservedConcurrentExecutions).toBeUndefined();
    await aws.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: "tagged", ReservedConcurrentExecutions: 7 }));
    expect((await getFunction(setup.stack.prisma, "tagged")).reservedConcurrency).toBe(7);
    expect((await aws.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: "tagged" }))).ReservedConcurrentExecutions).toBe(7);
    await aws.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "tagged" }));
    expect((await getFunction(setup.stack.prisma, "tagged")).reservedConcurrency).toBeNull();

    const signing = await aws.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "tagged" }));
    expect(signing.FunctionName).toBe("tagged");

    await aws.lambda.send(new DeleteFunctionCommand({ FunctionName: "tagged" }));
    await createItems("tagged");
    expect((await aws.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({});
  });

  it("answers Lambda's error classes", async () => {
    const duplicate = await errorOf(createItems("items"));
    expect(duplicate).toBeInstanceOf(ResourceConflictException);
    expect(duplicate.message).toBe("Function already exist: items");
    expect(duplicate.$metadata?.httpStatusCode).toBe(409);

    const notZip = await errorOf(
      aws.lambda.send(new CreateFunctionCommand({ FunctionName: "nozip", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: strToU8("plain text") } })),
    );
    expect(notZip).toBeInstanceOf(InvalidParameterValueException);
    expect(notZip.message).toBe("Could not unzip uploaded file. Please check your file, then try to upload again.");

    const noHandler = await errorOf(
      aws.lambda.send(new CreateFunctionCommand({ FunctionName: "nohandler", Runtime: "nodejs20.x", Role: ROLE, Handler: "main.handler", Code: { ZipFile: zip({ "index.js": "" }) } })),
    );
    expect(noHandler).toBeInstanceOf(InvalidParameterValueException);
    expect(noHandler.message).toContain("main.js");

    const python = await errorOf(
      aws.lambda.send(new CreateFunctionCommand({ FunctionName: "py", Runtime: "python3.12", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip({ "index.js": "" }) } })),
    );
    expect(python).toBeInstanceOf(InvalidParameterValueException);

    const missing = await errorOf(aws.lambda.send(new InvokeCommand({ FunctionName: "nope" })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe(`Function not found: ${ARN_PREFIX}nope`);
    expect(missing.$metadata?.httpStatusCode).toBe(404);
  });

  it("deletes a function", async () => {
    await aws.lambda.send(new DeleteFunctionCommand({ FunctionName: "items-two" }));
    const gone = await errorOf(aws.lambda.send(new GetFunctionCommand({ FunctionName: "items-two" })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe(`Function not found: ${ARN_PREFIX}items-two`);
    const again = await errorOf(aws.lambda.send(new DeleteFunctionCommand({ FunctionName: "items-two" })));
    expect(again).toBeInstanceOf(ResourceNotFoundException);
  });
});

import { createHash } from "node:crypto";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  ListTagsCommand,
  PublishVersionCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ZUpdateFunction } from "../../../lib/schemas/functions";
import { getFunction, updateFunction } from "../../../lib/services/functions";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";
import { createStack, type Stack } from "../../helpers/stack";

/**
 * Every Lambda API change is one transaction: the role, tags and uploaded
 * package live in the function's own rows, written with the change or not at
 * all, and go with the function when it is deleted.
 */

const SECRET_KEY = "lambda-tx-test-secret-key-0123456789abcdef";
const ROLE = "arn:aws:iam::000000000000:role/tx-role";
const OTHER_ROLE = "arn:aws:iam::000000000000:role/other-role";
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

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");
const HANDLER = (body: string) => `export const handler = async () => ({ statusCode: 200, body: ${JSON.stringify(body)} });\n`;

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

/** Everything stored for a function: its row and its versions' rows (null when there is no row). */
async function stored(name: string) {
  const row = await stack.prisma.function.findUnique({ where: { name }, include: { versions: { orderBy: { number: "asc" } } } });
  return row && { role: row.role, tags: row.tags, packageSha256: row.packageSha256, packageSize: row.packageSize, version: row.version, versions: row.versions };
}

/** The Lambda API keeps nothing of its own outside the function's rows. */
async function lambdaSettings() {
  return stack.prisma.systemSetting.findMany({ where: { key: { startsWith: "lambda." } } });
}

async function create(name: string, code: Uint8Array, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}) {
  return aws.lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: code }, ...extra }));
}

describe("Lambda API: one transaction per change", () => {
  it("stores role, tags and the zip's hash in the function's row, and publishes in the same transaction", async () => {
    const code = zip({ "index.mjs": HANDLER("one") });
    const out = await create("kept", code, { Tags: { team: "core" }, Publish: true });
    expect(out).toMatchObject({ Version: "1", Role: ROLE, CodeSha256: sha256(code), CodeSize: code.length });
    const row = await stored("kept");
    expect(row).toMatchObject({ role: ROLE, tags: { team: "core" }, packageSha256: sha256(code), packageSize: code.length });
    expect(row?.versions.map((v) => [v.number, v.packageSha256, v.packageSize])).toEqual([[1, sha256(code), code.length]]);
    expect(await lambdaSettings()).toEqual([]);

    // Publishing again with nothing changed answers version 1 rather than an identical version 2.
    expect((await aws.lambda.send(new PublishVersionCommand({ FunctionName: "kept" }))).Version).toBe("1");
    const code2 = zip({ "index.mjs": HANDLER("two") });
    const updated = await aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "kept", ZipFile: code2, Publish: true }));
    expect(updated).toMatchObject({ Version: "2", CodeSha256: sha256(code2) });
    const again = await aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "kept", ZipFile: code2, Publish: true }));
    expect(again.Version).toBe("2");
    const v1 = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "kept", Qualifier: "1" }));
    expect(v1.CodeSha256).toBe(sha256(code));
  });

  it("creates no function and no metadata when one CreateFunction field is invalid", async () => {
    const code = zip({ "index.mjs": HANDLER("never") });
    const badTags = await errorOf(create("half", code, { Tags: { ["k".repeat(200)]: "v" } }));
    expect(badTags).toBeInstanceOf(InvalidParameterValueException);
    expect(badTags.message).toMatch(/^Tags/);
    const badTimeout = await errorOf(create("half", code, { Tags: { team: "core" }, Timeout: 901 }));
    expect(badTimeout).toBeInstanceOf(InvalidParameterValueException);
    expect(badTimeout.message).toContain("Timeout");
    const badCode = await errorOf(create("half", zip({ "index.mjs": "export const handler = (" }), { Tags: { team: "core" }, Publish: true }));
    expect(badCode).toBeInstanceOf(InvalidParameterValueException);

    expect(await stored("half")).toBeNull();
    expect(await stack.prisma.functionVersion.count({ where: { function: { name: "half" } } })).toBe(0);
    expect(await lambdaSettings()).toEqual([]);
    expect(await errorOf(aws.lambda.send(new GetFunctionCommand({ FunctionName: "half" })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it("changes nothing when one UpdateFunctionConfiguration or UpdateFunctionCode field is invalid", async () => {
    const code = zip({ "index.mjs": HANDLER("config") });
    await create("config", code, { Timeout: 5, Description: "before" });
    const before = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "config" }));
    const rowBefore = await stored("config");

    const bad = await errorOf(
      aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "config", Role: OTHER_ROLE, Description: "after", Timeout: 0 })),
    );
    expect(bad).toBeInstanceOf(InvalidParameterValueException);
    expect(bad.message).toContain("Timeout");
    const badCode = await errorOf(aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "config", ZipFile: zip({ "index.mjs": "export const handler = (" }) })));
    expect(badCode).toBeInstanceOf(InvalidParameterValueException);

    expect(await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "config" }))).toMatchObject({
      Role: ROLE,
      Description: "before",
      Timeout: 5,
      CodeSha256: sha256(code),
      RevisionId: before.RevisionId,
    });
    expect(await stored("config")).toEqual(rowBefore);

    // A valid change of role and timeout lands together.
    const ok = await aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "config", Role: OTHER_ROLE, Timeout: 9 }));
    expect(ok).toMatchObject({ Role: OTHER_ROLE, Timeout: 9, CodeSha256: sha256(code) });
    expect(ok.RevisionId).not.toBe(before.RevisionId);
    expect(await stored("config")).toMatchObject({ role: OTHER_ROLE, packageSha256: sha256(code) });
  });

  it("keeps tags whole: an invalid TagResource changes none, and tagging leaves the RevisionId alone", async () => {
    await create("tags", zip({ "index.mjs": HANDLER("tags") }), { Tags: { team: "core" } });
    const arn = "arn:aws:lambda:us-east-1:000000000000:function:tags";
    const before = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "tags" }));

    const tooMany = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    expect(await errorOf(aws.lambda.send(new TagResourceCommand({ Resource: arn, Tags: tooMany })))).toBeInstanceOf(InvalidParameterValueException);
    expect(await errorOf(aws.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { ok: "yes", "aws:reserved": "no" } })))).toBeInstanceOf(
      InvalidParameterValueException,
    );
    expect((await aws.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: "core" });

    // Concurrent tag changes do not lose each other (each merges under the row's lock).
    await Promise.all(Array.from({ length: 8 }, (_, i) => aws.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { [`t${i}`]: String(i) } }))));
    const tags = (await aws.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags ?? {};
    expect(Object.keys(tags).sort()).toEqual(["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "team"]);
    const after = await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "tags" }));
    expect(after.RevisionId).toBe(before.RevisionId);
    expect(after.LastModified).toBe(before.LastModified);
  });

  it("forgets the zip's hash when the console changes the files, not when it saves the same ones", async () => {
    const code = zip({ "index.mjs": HANDLER("console") });
    await create("edited", code);
    const fn = await getFunction(stack.prisma, "edited");
    await updateFunction(stack.prisma, "edited", ZUpdateFunction.parse({ version: fn.version, files: { ...fn.files }, description: "same files" }));
    expect((await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "edited" }))).CodeSha256).toBe(sha256(code));

    const saved = await updateFunction(stack.prisma, "edited", ZUpdateFunction.parse({ version: fn.version + 1, files: { "index.mjs": HANDLER("changed") } }));
    expect(saved.files["index.mjs"]).toContain("changed");
    expect(await stored("edited")).toMatchObject({ packageSha256: null, packageSize: null });
    expect((await aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "edited" }))).CodeSha256).not.toBe(sha256(code));
  });

  it("deletes the function with its role, tags, package and versions", async () => {
    await create("gone", zip({ "index.mjs": HANDLER("gone") }), { Tags: { team: "core" }, Publish: true });
    const id = (await stack.prisma.function.findUniqueOrThrow({ where: { name: "gone" } })).id;
    await aws.lambda.send(new DeleteFunctionCommand({ FunctionName: "gone" }));
    expect(await stored("gone")).toBeNull();
    expect(await stack.prisma.functionVersion.count({ where: { functionId: id } })).toBe(0);
    expect(await lambdaSettings()).toEqual([]);

    // A new function of that name starts with none of it.
    const fresh = await create("gone", zip({ "index.mjs": HANDLER("fresh") }), { Role: OTHER_ROLE });
    expect(fresh.Role).toBe(OTHER_ROLE);
    expect((await aws.lambda.send(new GetFunctionCommand({ FunctionName: "gone" }))).Tags).toBeUndefined();
  });
});

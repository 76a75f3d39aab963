import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor, type GatewayResponse } from "../../helpers/gateway";
import { createStack, type Stack } from "../../helpers/stack";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";

/**
 * Issue 12's "done when", as a new user of AWS would do it with the AWS CLI
 * (Debian's `awscli` package; .ci/run installs it, so this never skips in CI):
 * `aws configure` with a Gatehouse key pair, `lambda create-function` from a
 * zip, `apigateway import-rest-api --body fileb://api.json`,
 * `create-deployment`, then the invoke URL serves the two users.
 */

function awsCliVersion(): string | null {
  try {
    return execFileSync("aws", ["--version"], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] }).trim() || "aws";
  } catch {
    return null;
  }
}

const AWS_CLI = awsCliVersion();
if (!AWS_CLI) console.warn("awscli.test.ts: skipped, `aws` is not installed (apt-get install -y awscli); CI installs it.");

const SECRET_KEY = "aws-cli-test-secret-key-0123456789abcdef";
const FUNCTION_NAME = "users-cli";
const USERS = [
  { id: 1, name: "Ada Lovelace" },
  { id: 2, name: "Grace Hopper" },
];
const HANDLER_CODE = `export const handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(${JSON.stringify(USERS)}),
});
`;

let stack: Stack;
let control: TestAwsControl;
let dir: string;
let apiId: string;
const previousGatewayUrl = process.env.GATEHOUSE_INTERNAL_GATEWAY_URL;
let env: NodeJS.ProcessEnv;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One `aws` call against the control plane; awscli v1 starts slowly, so each call gets a minute. */
function aws(args: string[], withEndpoint = true): Promise<CliResult> {
  const argv = withEndpoint ? ["--endpoint-url", control.endpoint, ...args] : args;
  return new Promise((resolve) => {
    execFile("aws", argv, { env, cwd: dir, timeout: 60_000, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function awsJson<T>(args: string[]): Promise<T> {
  const res = await aws([...args, "--output", "json"]);
  if (res.code !== 0) throw new Error(`aws ${args.join(" ")} exited ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

describe.skipIf(!AWS_CLI)(AWS_CLI ? `the AWS CLI (${AWS_CLI})` : "the AWS CLI (skipped: `aws` is not installed)", () => {
  beforeAll(async () => {
    stack = await createStack(inject("pgServerUrl"));
    control = await startAwsControl(stack.prisma, SECRET_KEY);
    const gateway = await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
    // Lambda's Invoke runs on the gateway, reached as the console reaches it (lib/services/functions-invoke.ts).
    process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-awscli-"));
    // Only our temp files: never the developer's ~/.aws, never instance metadata, never a pager.
    // (The rest of the environment stays: pyenv shims and the like need it.)
    const inherited = { ...process.env };
    for (const name of Object.keys(inherited)) if (name.startsWith("AWS_")) delete inherited[name];
    env = {
      ...inherited,
      AWS_CONFIG_FILE: path.join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PAGER: "",
    };
    // `aws configure` as a user would, with the Gatehouse key pair and any region.
    for (const [key, value] of [
      ["aws_access_key_id", control.credentials.accessKeyId],
      ["aws_secret_access_key", control.credentials.secretAccessKey],
      ["region", "ap-southeast-2"],
      ["output", "json"],
    ]) {
      const res = await aws(["configure", "set", key, value], false);
      if (res.code !== 0) throw new Error(`aws configure set ${key} failed: ${res.stderr}`);
    }
  });

  afterAll(async () => {
    if (previousGatewayUrl === undefined) delete process.env.GATEHOUSE_INTERNAL_GATEWAY_URL;
    else process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = previousGatewayUrl;
    await control?.close();
    await stack?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("lists REST APIs", async () => {
    const list = await awsJson<{ items: unknown[] }>(["apigateway", "get-rest-apis"]);
    expect(Array.isArray(list.items)).toBe(true);
  });

  it("creates a function from a zip, imports an OpenAPI file using it, deploys to dev, and the invoke URL serves the two users", async () => {
    await fs.writeFile(path.join(dir, "function.zip"), zipSync({ "index.mjs": strToU8(HANDLER_CODE) }));
    const fn = await awsJson<{ FunctionName: string; FunctionArn: string; Handler: string }>([
      "lambda",
      "create-function",
      "--function-name",
      FUNCTION_NAME,
      "--runtime",
      "nodejs20.x",
      "--handler",
      "index.handler",
      "--role",
      "arn:aws:iam::000000000000:role/lambda-role",
      "--zip-file",
      "fileb://function.zip",
    ]);
    expect(fn.FunctionName).toBe(FUNCTION_NAME);
    expect(fn.Handler).toBe("index.handler");

    const uri = `arn:aws:apigateway:ap-southeast-2:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    const openapi = {
      openapi: "3.0.1",
      info: { title: "users-cli-api", version: "1.0" },
      paths: {
        "/users": {
          get: {
            responses: { "200": { description: "the users" } },
            "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri },
          },
        },
      },
    };
    await fs.writeFile(path.join(dir, "api.json"), JSON.stringify(openapi, null, 2));
    const api = await awsJson<{ id: string; name: string }>(["apigateway", "import-rest-api", "--body", "fileb://api.json"]);
    expect(api.name).toBe("users-cli-api");

    const resources = await awsJson<{ items: Array<{ path: string; resourceMethods?: Record<string, unknown> }> }>([
      "apigateway",
      "get-resources",
      "--rest-api-id",
      api.id,
    ]);
    expect(resources.items.map((r) => r.path).sort()).toEqual(["/", "/users"]);

    const deployment = await awsJson<{ id: string }>(["apigateway", "create-deployment", "--rest-api-id", api.id, "--stage-name", "dev"]);
    expect(deployment.id).toBeTruthy();

    let last: GatewayResponse | undefined;
    const res = await waitFor(async () => {
      last = await stack.gateway.request("/dev/users", { apiId: api.id });
      return last.status === 200 ? last : undefined;
    }, 15_000).catch((err: Error) => {
      throw new Error(`${err.message}; last answer ${last?.status}: ${last?.text}`);
    });
    expect(res.json()).toEqual(USERS);
    apiId = api.id;
    // The same API and function the console shows.
    expect(await stack.prisma.restApi.findUnique({ where: { id: api.id } })).toMatchObject({ name: "users-cli-api" });
    expect(await stack.prisma.function.findFirst({ where: { name: FUNCTION_NAME } })).not.toBeNull();
  });

  it("invokes the function with a log tail and patches a stage with the CLI's shorthand syntax", async () => {
    const invoked = await awsJson<{ StatusCode: number; LogResult?: string }>([
      "lambda",
      "invoke",
      "--function-name",
      FUNCTION_NAME,
      "--log-type",
      "Tail",
      "out.json",
    ]);
    expect(invoked.StatusCode).toBe(200);
    expect(Buffer.from(invoked.LogResult ?? "", "base64").toString("utf8")).toMatch(
      /^START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: /s,
    );
    const payload = JSON.parse(await fs.readFile(path.join(dir, "out.json"), "utf8")) as { statusCode: number; body: string };
    expect(payload.statusCode).toBe(200);
    expect(JSON.parse(payload.body)).toEqual(USERS);

    const stage = await awsJson<{ variables?: Record<string, string>; description?: string }>([
      "apigateway",
      "update-stage",
      "--rest-api-id",
      apiId,
      "--stage-name",
      "dev",
      "--patch-operations",
      "op=replace,path=/variables/owner,value=cli",
      "op=replace,path=/description,value=patched",
    ]);
    expect(stage.variables).toEqual({ owner: "cli" });
    expect(stage.description).toBe("patched");
  });

  it("reports a missing API as NotFoundException with a non-zero exit", async () => {
    const res = await aws(["apigateway", "get-rest-api", "--rest-api-id", "nosuch"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("NotFoundException");
    expect(res.stderr).toContain("GetRestApi");
  });
});

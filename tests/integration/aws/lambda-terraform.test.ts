import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetPolicyCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getFunction } from "../../../lib/services/functions";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";
import { createStack, type Stack } from "../../helpers/stack";
import { PLUGIN_DIR, providerBlock, runTerraform, terraformAvailable } from "./terraform-harness";

/**
 * Terraform's AWS provider against the Lambda API: aws_lambda_function from a
 * zip and aws_lambda_permission apply, a second plan finds nothing to change
 * (what the provider reads back equals what it wrote), the function runs on
 * the gateway, and destroy removes both. Needs `terraform` and the provider in
 * a local mirror (TF_PLUGIN_DIR, default /opt/tf-plugins); skipped otherwise.
 */

const AVAILABLE = terraformAvailable("lambda-terraform.test.ts");

const SECRET_KEY = "lambda-terraform-secret-key-0123456789abcdef";
let stack: Stack;
let aws: TestAwsControl;
let dir: string;
const saved = { secret: process.env.GATEHOUSE_SECRET_KEY, url: process.env.GATEHOUSE_INTERNAL_GATEWAY_URL };

const terraform = (args: string[]) => runTerraform(dir, args, 240_000);

const config = (endpoint: string, key: { accessKeyId: string; secretAccessKey: string }) => `${providerBlock(endpoint, key, ["lambda"])}
resource "aws_lambda_function" "items" {
  function_name    = "tf-items"
  role             = "arn:aws:iam::000000000000:role/tf-lambda"
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "fn.zip"
  source_code_hash = filebase64sha256("fn.zip")
  timeout          = 5
  memory_size      = 192
  description      = "made by terraform"
  environment {
    variables = { STAGE = "tf" }
  }
  tags = { team = "core" }
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.items.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:000000000000:abc123/*/*"
}
`;

beforeAll(async () => {
  if (!AVAILABLE) return;
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  stack = await createStack(inject("pgServerUrl"));
  const gateway = await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-tf-lambda-"));
  fs.writeFileSync(path.join(dir, "main.tf"), config(aws.endpoint, aws.credentials));
  const handler = `export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ stage: process.env.STAGE }) });\n`;
  fs.writeFileSync(path.join(dir, "fn.zip"), zipSync({ "index.mjs": strToU8(handler) }));
}, 300_000);

afterAll(async () => {
  await aws?.close();
  await stack?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (saved.secret === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = saved.secret;
  if (saved.url === undefined) delete process.env.GATEHOUSE_INTERNAL_GATEWAY_URL;
  else process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = saved.url;
});

describe.skipIf(!AVAILABLE)("Terraform and the Lambda API", () => {
  it("applies a function and a permission, plans no change, and destroys them", { timeout: 900_000 }, async () => {
    const init = await terraform(["init", "-no-color", `-plugin-dir=${PLUGIN_DIR}`]);
    expect(init.code, init.out).toBe(0);
    const apply = await terraform(["apply", "-auto-approve", "-no-color"]);
    expect(apply.code, apply.out).toBe(0);

    const fn = await getFunction(stack.prisma, "tf-items");
    expect(fn).toMatchObject({ description: "made by terraform", timeoutSeconds: 5, memoryMb: 192, handler: "index.handler" });
    const policy = await aws.lambda.send(new GetPolicyCommand({ FunctionName: "tf-items" }));
    expect(policy.Policy).toContain("AllowAPIGateway");
    const out = await aws.lambda.send(new InvokeCommand({ FunctionName: "tf-items" }));
    expect(JSON.parse(new TextDecoder().decode(out.Payload))).toEqual({ statusCode: 200, body: JSON.stringify({ stage: "tf" }) });

    // Exit code 0: no changes; 2 would mean the provider read back something other than it wrote.
    const plan = await terraform(["plan", "-detailed-exitcode", "-no-color"]);
    expect(plan.code, plan.out).toBe(0);

    const destroy = await terraform(["destroy", "-auto-approve", "-no-color"]);
    expect(destroy.code, destroy.out).toBe(0);
    await expect(getFunction(stack.prisma, "tf-items")).rejects.toThrow(/does not exist/);
  });
});

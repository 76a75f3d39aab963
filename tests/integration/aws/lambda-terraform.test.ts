import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetPolicyCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getFunction } from "../../../lib/services/functions";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";
import { createStack, type Stack } from "../../helpers/stack";

/**
 * Terraform's AWS provider against the Lambda API: aws_lambda_function from a
 * zip and aws_lambda_permission apply, a second plan finds nothing to change
 * (what the provider reads back equals what it wrote), the function runs on
 * the gateway, and destroy removes both. Needs `terraform` and the provider in
 * a local mirror (TF_PLUGIN_DIR, default /opt/tf-plugins); skipped otherwise.
 */

const PLUGIN_DIR = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
const PROVIDER_DIR = path.join(PLUGIN_DIR, "registry.terraform.io/hashicorp/aws");

function terraformAvailable(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", timeout: 30_000 });
    return fs.existsSync(PROVIDER_DIR) && fs.readdirSync(PROVIDER_DIR).length > 0;
  } catch {
    return false;
  }
}

const AVAILABLE = process.env.GATEHOUSE_SKIP_TERRAFORM !== "1" && terraformAvailable();
if (!AVAILABLE) console.warn(`lambda-terraform.test.ts: skipped, GATEHOUSE_SKIP_TERRAFORM=1 or terraform or the AWS provider in ${PLUGIN_DIR} is missing.`);

const SECRET_KEY = "lambda-terraform-secret-key-0123456789abcdef";
let stack: Stack;
let aws: TestAwsControl;
let dir: string;
const saved = { secret: process.env.GATEHOUSE_SECRET_KEY, url: process.env.GATEHOUSE_INTERNAL_GATEWAY_URL };

function terraform(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      "terraform",
      args,
      { cwd: dir, timeout: 240_000, maxBuffer: 20 * 1024 * 1024, env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: `${stdout}\n${stderr}` }),
    );
  });
}

const config = (endpoint: string, key: { accessKeyId: string; secretAccessKey: string }) => `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "${key.accessKeyId}"
  secret_key                  = "${key.secretAccessKey}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    lambda = "${endpoint}"
  }
}

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

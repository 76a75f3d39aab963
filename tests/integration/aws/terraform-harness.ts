import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Running Terraform's AWS provider offline against the control plane, for the
 * Terraform tests: the provider comes from a local mirror (TF_PLUGIN_DIR,
 * default /opt/tf-plugins); without terraform or the provider, or with
 * GATEHOUSE_SKIP_TERRAFORM=1 (CI's second pass), the tests skip visibly.
 */
export const PLUGIN_DIR = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";

/** Whether `file`'s Terraform run can happen here; prints why not when it cannot. */
export function terraformAvailable(file: string): boolean {
  if (process.env.GATEHOUSE_SKIP_TERRAFORM === "1") {
    console.warn(`${file}: Terraform run skipped, GATEHOUSE_SKIP_TERRAFORM=1.`);
    return false;
  }
  const providerDir = path.join(PLUGIN_DIR, "registry.terraform.io/hashicorp/aws");
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", timeout: 30_000 });
    if (fs.existsSync(providerDir) && fs.readdirSync(providerDir).length > 0) return true;
  } catch {
    // no terraform binary
  }
  console.warn(`${file}: Terraform run skipped, terraform or the AWS provider in ${PLUGIN_DIR} is missing.`);
  return false;
}

export interface TerraformRun {
  code: number;
  /** stdout and stderr, for assertion messages. */
  out: string;
  stdout: string;
}

/** Runs `terraform args` in `dir` non-interactively; never rejects (the exit code is in the result). */
export function runTerraform(dir: string, args: string[], timeoutMs: number): Promise<TerraformRun> {
  return new Promise((resolve) => {
    execFile(
      "terraform",
      args,
      { cwd: dir, timeout: timeoutMs, maxBuffer: 20 * 1024 * 1024, env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: `${stdout}\n${stderr}`, stdout }),
    );
  });
}

/** The `terraform` and `provider "aws"` blocks pointing the given services at the control plane. */
export const providerBlock = (endpoint: string, key: { accessKeyId: string; secretAccessKey: string }, services: string[]) => `
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
${services.map((s) => `    ${s.padEnd(10)} = "${endpoint}"`).join("\n")}
  }
}
`;

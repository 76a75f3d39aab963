import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/server/processes";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * The `gatehouse` CLI as a new user runs it from a terminal, through the real
 * binary (bin/gatehouse.mjs) against a real `npm start`: login with email and
 * password, deploy a function, import an OpenAPI file that calls it, deploy,
 * call it, tail the access log; then configuration as code: apply twice (the
 * second run changes nothing), diff, drift after a manual change.
 */

const BIN = path.join(PROJECT_ROOT, "bin/gatehouse.mjs");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const PETS_JS = `export const handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ id: event.pathParameters.petId, name: "Rex", type: "dog" }),
});
`;

const PETSTORE_YAML = `openapi: 3.0.1
info:
  title: petstore
  version: "1.0"
paths:
  /pets/{petId}:
    get:
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: A pet
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:pet-lookup/invocations
`;

const GATEHOUSE_YAML = `functions:
  - name: pet-lookup
    file: ./pets.js
apis:
  - name: petstore
    openapi: ./petstore.yaml
    stages:
      - name: prod
        accessLogFormat: JSON
      - name: staging
        variables:
          color: blue
apiKeys:
  - name: partner-key
usagePlans:
  - name: partners
    throttle: { rateLimit: 50, burstLimit: 100 }
    quota: { limit: 10000, period: MONTH }
    apiStages:
      - { api: petstore, stage: prod }
    keys: [partner-key]
`;

describe("gatehouse CLI against a running instance", () => {
  let gatehouse: RunningGatehouse;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let apiId = "";

  const cli = (args: string[], timeoutMs = 60_000): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("error", reject);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  const ok = async (args: string[]): Promise<Run> => {
    const run = await cli(args);
    if (run.code !== 0) throw new Error(`gatehouse ${args.join(" ")} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    return run;
  };

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    work = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-cli-"));
    await fs.writeFile(path.join(work, "pets.js"), PETS_JS);
    await fs.writeFile(path.join(work, "petstore.yaml"), PETSTORE_YAML);
    await fs.writeFile(path.join(work, "gatehouse.yaml"), GATEHOUSE_YAML);
    env = { ...process.env, GATEHOUSE_CONFIG_DIR: path.join(work, "config") };
    delete env.GATEHOUSE_URL;
    delete env.GATEHOUSE_TOKEN;
  });

  afterAll(async () => {
    await gatehouse?.stop();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it("refuses commands before login and reports usage errors with exit code 2", async () => {
    const notLoggedIn = await cli(["apis", "list"]);
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.stderr).toContain("gatehouse login");
    const usage = await cli(["deploy", "petstore"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--stage is required");
  });

  it("logs in with email and password: a token for this machine, stored with mode 600", async () => {
    const wrong = await cli(["login", gatehouse.consoleUrl, "--email", gatehouse.adminEmail, "--password", "wrong-password"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("Wrong email or password");

    const run = await ok(["login", gatehouse.consoleUrl, "--email", gatehouse.adminEmail, "--password", gatehouse.adminPassword, "--json"]);
    expect(JSON.parse(run.stdout)).toMatchObject({ email: gatehouse.adminEmail, role: "admin", tokenCreated: true });
    const file = path.join(work, "config", "credentials.json");
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as { url: string; token: string };
    expect(stored.url).toBe(gatehouse.consoleUrl);
    expect(stored.token).toMatch(/^gh_/);
  });

  it("deploys a function, imports an API that calls it, deploys a stage and serves it", async () => {
    const fn = await ok(["functions", "deploy", "pet-lookup", "--file", "pets.js"]);
    expect(fn.stdout).toContain("Created function pet-lookup (pets.handler)");
    expect((await ok(["functions", "deploy", "pet-lookup", "--file", "pets.js"])).stdout).toContain("up to date");

    const imported = JSON.parse((await ok(["apis", "import", "petstore.yaml", "--json"])).stdout) as { restApi: { id: string; name: string } };
    expect(imported.restApi.name).toBe("petstore");
    apiId = imported.restApi.id;

    const deployed = await ok(["deploy", "petstore", "--stage", "prod", "--description", "first"]);
    expect(deployed.stdout).toContain(`Deployed petstore (${apiId}) to prod`);

    const listed = JSON.parse((await ok(["apis", "list", "--json"])).stdout) as { items: Array<{ id: string; name: string }> };
    expect(listed.items.map((a) => a.name)).toContain("petstore");
    const stages = JSON.parse((await ok(["stages", "list", "petstore", "--json"])).stdout) as { items: Array<{ stageName: string }> };
    expect(stages.items.map((s) => s.stageName)).toEqual(["prod"]);

    // Turn on access logs for prod (through the management API with the stored token), then tail them.
    const { token } = JSON.parse(await fs.readFile(path.join(work, "config", "credentials.json"), "utf8")) as { token: string };
    const stageUrl = `${gatehouse.consoleUrl}/api/v1/restapis/${apiId}/stages/prod`;
    const stage = (await (await fetch(stageUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as { version: number };
    const patched = await fetch(stageUrl, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ version: stage.version, accessLogSettings: { format: "JSON" } }),
    });
    expect(patched.status).toBe(200);

    const tail = cli(["logs", "tail", "--api", "petstore", "--stage", "prod", "--count", "1", "--timeout", "60"], 90_000);
    await new Promise((r) => setTimeout(r, 2500));

    const url = `http://${apiId}.execute-api.localhost:${gatehouse.gatewayPort}/prod/pets/7`;
    let answer: Run | undefined;
    for (let i = 0; i < 20; i++) {
      answer = await cli(["invoke", "GET", url]);
      if (answer.code === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(answer?.code).toBe(0);
    expect(JSON.parse(answer!.stdout)).toEqual({ id: "7", name: "Rex", type: "dog" });

    const tailed = await tail;
    expect(tailed.code).toBe(0);
    expect(tailed.stdout).toContain("/pets/7");
    expect(tailed.stdout).toContain(" 200 GET ");
  });

  it("explains failures with exit code 1", async () => {
    const missing = await cli(["deploy", "no-such-api", "--stage", "prod"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No API with id or name "no-such-api"');
    const functionLogs = await ok(["functions", "logs", "pet-lookup", "--since", "10m", "--json"]);
    expect(JSON.parse(functionLogs.stdout)).toHaveProperty("items");
  });

  it("applies gatehouse.yaml; the second apply changes nothing and diff exits 0", async () => {
    const diffBefore = await cli(["diff", "-f", "gatehouse.yaml"]);
    expect(diffBefore.code).toBe(3);
    expect(diffBefore.stdout).toContain("create stage petstore/staging");

    const first = await ok(["apply", "-f", "gatehouse.yaml", "--yes"]);
    expect(first.stdout).toContain("create apiKey partner-key");
    expect(first.stdout).toContain("create usagePlan partners");
    // The function and the API were already as the file says: apply only marks them as its own (not re-imported).
    expect(first.stdout).toContain("~ update function pet-lookup\n      mark as managed by gatehouse apply");
    expect(first.stdout).toContain("~ update api petstore\n      mark as managed by gatehouse apply");
    expect(first.stdout).not.toContain("import ./petstore.yaml");
    expect(first.stdout).not.toContain("deploy stage petstore/prod");

    const second = await ok(["apply", "-f", "gatehouse.yaml", "--yes"]);
    expect(second.stdout).toContain("No changes");
    const second2 = JSON.parse((await ok(["apply", "-f", "gatehouse.yaml", "--yes", "--json"])).stdout) as { plan: unknown[] };
    expect(second2.plan).toEqual([]);

    const diff = await cli(["diff", "-f", "gatehouse.yaml"]);
    expect(diff.code).toBe(0);

    const stages = JSON.parse((await ok(["stages", "list", "petstore", "--json"])).stdout) as { items: Array<{ stageName: string; variables: Record<string, string> }> };
    expect(stages.items.find((s) => s.stageName === "staging")?.variables).toEqual({ color: "blue" });
  });

  it("diff exits 3 after a manual change, and apply puts it back", async () => {
    await ok(["keys", "disable", "partner-key"]);
    const drift = await cli(["diff", "-f", "gatehouse.yaml", "--json"]);
    expect(drift.code).toBe(3);
    expect(JSON.parse(drift.stdout)).toMatchObject({ drift: true, plan: [{ kind: "apiKey", name: "partner-key", action: "update", changes: ["enable"] }] });

    // A changed OpenAPI file is drift too, and apply re-imports and redeploys.
    await fs.writeFile(path.join(work, "petstore.yaml"), PETSTORE_YAML.replace("/pets/{petId}:", "/animals/{petId}:"));
    const apiDrift = await cli(["diff", "-f", "gatehouse.yaml"]);
    expect(apiDrift.code).toBe(3);
    expect(apiDrift.stdout).toContain("update api petstore");

    const applied = await ok(["apply", "-f", "gatehouse.yaml", "--yes"]);
    expect(applied.stdout).toContain("deployed petstore/prod");
    expect((await cli(["diff", "-f", "gatehouse.yaml"])).code).toBe(0);

    const url = `http://${apiId}.execute-api.localhost:${gatehouse.gatewayPort}/prod/animals/3`;
    let answer: Run | undefined;
    for (let i = 0; i < 20; i++) {
      answer = await cli(["invoke", "GET", url, "--json"]);
      if (answer.code === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(JSON.parse(JSON.parse(answer!.stdout).body)).toMatchObject({ id: "3" });
  });

  it("exports the API as YAML", async () => {
    const run = await ok(["apis", "export", "petstore", "--stage", "prod", "-o", "out.yaml"]);
    expect(run.stdout).toContain("Wrote out.yaml");
    expect(await fs.readFile(path.join(work, "out.yaml"), "utf8")).toContain("/animals/{petId}");
  });
});

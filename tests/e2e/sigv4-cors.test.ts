import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Browser, Page } from "playwright-core";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login, pollUntil } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * As a user would: issue a SigV4 access key on the "Access keys (SigV4)" page
 * (the secret shown once), protect a method with AWS_IAM (through the
 * management API), deploy, and call it with a request signed by the AWS SDK's
 * signer; then Enable CORS on a resource in the console, deploy, preflight.
 */
describe.skipIf(!hasChromium())("SigV4 access keys and Enable CORS in the console", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let apiId = "";
  let accessKeyId = "";
  let secretAccessKey = "";

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
    const base = `${gatehouse.consoleUrl}/api/v1`;
    const created = await page.request.post(`${base}/restapis`, { data: { name: "sigv4-cors-e2e" } });
    const restApi = (await created.json()) as { id: string; rootResourceId: string };
    apiId = restApi.id;
    for (const [pathPart, verb, authorizationType] of [
      ["whoami", "GET", "AWS_IAM"],
      ["pets", "GET", "NONE"],
    ] as const) {
      const resource = (await (await page.request.post(`${base}/restapis/${apiId}/resources/${restApi.rootResourceId}`, { data: { pathPart } })).json()) as { id: string };
      const M = `${base}/restapis/${apiId}/resources/${resource.id}/methods/${verb}`;
      expect((await page.request.put(M, { data: { authorizationType } })).status()).toBe(201);
      expect((await page.request.put(`${M}/integration`, { data: { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } } })).status()).toBe(201);
      expect((await page.request.put(`${M}/responses/200`, { data: {} })).status()).toBe(201);
      const template = pathPart === "whoami" ? '{"accessKey":"$context.identity.accessKey"}' : '{"pets":[]}';
      expect((await page.request.put(`${M}/integration/responses/200`, { data: { responseTemplates: { "application/json": template } } })).status()).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  const deploy = async () => {
    const res = await page.request.post(`${gatehouse.consoleUrl}/api/v1/restapis/${apiId}/deployments`, { data: { stageName: "prod" } });
    expect(res.status(), await res.text()).toBe(201);
  };

  it("creates an access key in the console and shows its secret once", async () => {
    await page.getByRole("link", { name: "Access keys (SigV4)" }).click();
    await page.waitForURL(/\/access-keys$/);
    await hydrated(page);
    await page.getByText("No access keys yet.").waitFor();
    const form = page.getByRole("form", { name: "Create access key" });
    await form.getByLabel("Key name").fill("e2e-signer");
    await form.getByRole("button", { name: "Create access key" }).click();
    const banner = page.getByRole("status").filter({ hasText: "e2e-signer" });
    await banner.waitFor();
    accessKeyId = ((await banner.getByLabel("Access key ID").textContent()) ?? "").trim();
    secretAccessKey = ((await banner.getByLabel("Secret access key").textContent()) ?? "").trim();
    expect(accessKeyId).toMatch(/^GHAK[A-Z0-9]{16}$/);
    expect(secretAccessKey).toHaveLength(40);
    await page.getByRole("table", { name: "Access keys" }).getByRole("row").filter({ hasText: accessKeyId }).waitFor();
    await page.screenshot({ path: "test-results/e2e-access-keys.png", fullPage: true });
    await page.reload();
    await hydrated(page);
    await page.getByRole("table", { name: "Access keys" }).getByRole("row").filter({ hasText: accessKeyId }).waitFor();
    expect(await page.content()).not.toContain(secretAccessKey);
  });

  it("serves an AWS_IAM method to a request signed by the AWS SDK signer, 403 unsigned", async () => {
    await deploy();
    const host = `${apiId}.execute-api.localhost:${gatehouse.gatewayPort}`;
    const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region: "us-east-1", service: "execute-api", sha256: Sha256 });
    const call = async (signed: boolean) => {
      const base = { method: "GET", protocol: "http:", hostname: host.split(":")[0], port: gatehouse.gatewayPort, path: "/prod/whoami", query: {}, headers: { host } };
      const headers = signed ? (await signer.sign(base)).headers : base.headers;
      const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}/prod/whoami`, { method: "GET", headers });
      return { status: res.statusCode, text: await res.body.text() };
    };
    let last = { status: 0, text: "" };
    await pollUntil(async () => {
      last = await call(true);
      return last.status === 200;
    });
    expect(JSON.parse(last.text)).toEqual({ accessKey: accessKeyId });
    const unsigned = await call(false);
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.text)).toEqual({ message: "Missing Authentication Token" });
  });

  it("enables CORS on a resource in the console; after a deploy the preflight answers", async () => {
    await page.goto(`${gatehouse.consoleUrl}/apis/${apiId}`);
    await hydrated(page);
    await page.getByRole("button", { name: "/pets", exact: true }).click();
    const panel = page.getByRole("region", { name: "Resource /pets" });
    await panel.getByRole("button", { name: "Enable CORS" }).click();
    const dialog = page.getByRole("dialog", { name: "Enable CORS on /pets" });
    await dialog.getByLabel("Allowed origins", { exact: false }).fill("https://app.example.com");
    await dialog.getByLabel("Max age in seconds (optional)").fill("600");
    await dialog.getByRole("button", { name: "Enable CORS" }).click();
    const result = dialog.getByRole("status", { name: "CORS result" });
    await result.waitFor();
    expect(await result.textContent()).toContain("OPTIONS /pets");
    await page.screenshot({ path: "test-results/e2e-enable-cors.png", fullPage: true });
    await dialog.getByRole("button", { name: "Done" }).click();
    await panel.getByText("OPTIONS", { exact: true }).waitFor();

    await deploy();
    let preflight: { status: number; headers: Record<string, string | string[] | undefined> } = { status: 0, headers: {} };
    await pollUntil(async () => {
      const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}/prod/pets`, {
        method: "OPTIONS",
        headers: { host: `${apiId}.execute-api.localhost`, origin: "https://app.example.com", "access-control-request-method": "GET" },
      });
      await res.body.text();
      preflight = { status: res.statusCode, headers: res.headers };
      return res.statusCode === 200;
    });
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(preflight.headers["access-control-allow-methods"]).toBe("GET,OPTIONS");
    expect(preflight.headers["access-control-max-age"]).toBe("600");
    const get = await request(`http://127.0.0.1:${gatehouse.gatewayPort}/prod/pets`, { headers: { host: `${apiId}.execute-api.localhost` } });
    await get.body.text();
    expect(get.headers["access-control-allow-origin"]).toBe("https://app.example.com");
  });
});

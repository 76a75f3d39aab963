import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { callGateway, hydrated, login, monacoText, pollUntil, replaceMonacoText, startBackend, watchExternalRequests, type Backend } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * A new user's first API, all through the console: resources, an HTTP proxy
 * and a mock, a deploy, a changed backend and redeploy, a rollback.
 */
describe.skipIf(!hasChromium())("console: build, deploy, change and roll back an API", () => {
  let gatehouse: RunningGatehouse;
  let backend: Backend;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let apiId = "";
  let firstDeployment = "";
  let secondDeployment = "";

  beforeAll(async () => {
    [gatehouse, backend] = await Promise.all([startGatehouse(), startBackend()]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    external = watchExternalRequests(page);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    await gatehouse?.stop();
  });

  const call = (path: string) => callGateway(gatehouse.gatewayPort, apiId, path);
  const backendUrl = (version: string) => `http://127.0.0.1:${backend.port}/${version}/items/{id}`;

  async function createResource(parentPath: string, pathPart: string) {
    await page.getByRole("button", { name: parentPath, exact: true }).click();
    const panel = page.getByRole("region", { name: `Resource ${parentPath}` });
    await panel.getByLabel("Path part").fill(pathPart);
    await panel.getByRole("button", { name: "Create resource" }).click();
    const path = parentPath === "/" ? `/${pathPart}` : `${parentPath}/${pathPart}`;
    await page.getByRole("region", { name: `Resource ${path}` }).waitFor();
    return path;
  }

  async function createMethod(path: string, verb: string) {
    const panel = page.getByRole("region", { name: `Resource ${path}` });
    await panel.getByLabel("HTTP method").selectOption(verb);
    await panel.getByRole("button", { name: "Create method" }).click();
    const method = page.getByRole("region", { name: `Method ${verb} ${path}` });
    await method.waitFor();
    return method;
  }

  async function deploy(description: string, newStage?: string): Promise<string> {
    await page.getByRole("button", { name: "Deploy API" }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy API" });
    if (newStage) {
      await dialog.getByLabel("Stage", { exact: true }).selectOption({ label: "[New stage]" });
      await dialog.getByLabel("Stage name").fill(newStage);
    } else {
      expect(await dialog.getByLabel("Stage", { exact: true }).inputValue()).toBe("test");
    }
    await dialog.getByLabel("Deployment description").fill(description);
    await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
    const status = dialog.getByRole("status");
    await status.waitFor();
    const id = /Deployed (\S+) to stage/.exec((await status.textContent()) ?? "")?.[1];
    expect(id).toBeTruthy();
    return id!;
  }

  it("creates a blank API from the APIs page", async () => {
    await page.getByRole("button", { name: "Create API" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API" });
    await dialog.getByLabel("Name", { exact: true }).fill("items-e2e");
    await dialog.getByLabel("Description").fill("Items, end to end");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/apis\/[a-z0-9]+$/);
    apiId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("heading", { name: "items-e2e" }).waitFor();
    await page.getByRole("region", { name: "Resource /" }).waitFor();
  });

  it("builds /items/{id} (GET, HTTP_PROXY to a local backend) and /items/{proxy+} (ANY, MOCK)", async () => {
    await createResource("/", "items");
    const idPath = await createResource("/items", "{id}");
    const get = await createMethod(idPath, "GET");
    const request = get.getByRole("region", { name: "Integration Request" });
    await request.getByLabel("Integration type").selectOption("HTTP_PROXY");
    await request.getByLabel("HTTP method").selectOption("GET");
    await request.getByLabel("Endpoint URL").fill(backendUrl("v1"));
    await request.getByRole("button", { name: "Create integration" }).click();
    await request.getByRole("button", { name: "Save integration request" }).waitFor();
    expect(await request.getByLabel("Endpoint URL").inputValue()).toBe(backendUrl("v1"));

    // A resource has at most one {param} child: the API says so on the field.
    await page.getByRole("button", { name: "/items", exact: true }).click();
    const items = page.getByRole("region", { name: "Resource /items" });
    await items.getByLabel("Path part").fill("{name}");
    await items.getByRole("button", { name: "Create resource" }).click();
    const fieldError = items.locator(".field-error");
    await fieldError.first().waitFor();
    expect(await fieldError.allTextContents()).toEqual([
      "/items already has a path variable child ({id}); a resource can have only one",
    ]);
    expect(await items.getByLabel("Path part").getAttribute("aria-invalid")).toBe("true");

    // ...and one greedy {proxy+} beside it, which catches what /items/{id} does not.
    const proxyPath = await createResource("/items", "{proxy+}");
    const any = await createMethod(proxyPath, "ANY");
    const mockRequest = any.getByRole("region", { name: "Integration Request" });
    await mockRequest.getByLabel("Integration type").selectOption("MOCK");
    await pollUntil(async () => (await monacoText(mockRequest.getByTestId("template-editor").first())) === '{"statusCode": 200}');
    await mockRequest.getByRole("button", { name: "Create integration" }).click();
    // A new mock gets a default 200 integration response and method response, as on AWS.
    const response = any.getByRole("form", { name: "Integration response 200" });
    await response.waitFor();
    await any.getByRole("form", { name: "Method response 200" }).waitFor();
    await replaceMonacoText(page, response.getByTestId("template-editor").first(), '{"source": "mock"}');
    const saved = page.waitForResponse((r) => r.url().endsWith("/integration/responses/200") && r.request().method() === "PUT");
    await response.getByRole("button", { name: "Save integration response 200" }).click();
    expect((await saved).status()).toBe(200);
    await page.waitForTimeout(300);
    await page.screenshot({ path: "test-results/e2e-method-execution.png", fullPage: true });
  });

  it("deploys to a new stage `test`; the gateway routes /items/42 to the backend and deeper paths to the mock", async () => {
    firstDeployment = await deploy("v1: backend v1", "test");
    await page.screenshot({ path: "test-results/e2e-deploy-dialog.png" });
    await page.getByRole("dialog", { name: "Deploy API" }).getByRole("button", { name: "Done" }).click();

    await pollUntil(async () => (await call("/test/items/42")).status === 200);
    const byId = await call("/test/items/42");
    expect(JSON.parse(byId.text)).toEqual({ backend: true, method: "GET", path: "/v1/items/42" });
    // /items/{proxy+} is the less specific match: it takes only what /items/{id} cannot.
    for (const path of ["/test/items/42/parts", "/test/items/a/b/c"]) {
      const res = await call(path);
      expect({ path, status: res.status, body: res.text }).toEqual({ path, status: 200, body: '{"source": "mock"}' });
    }
    expect([...new Set(backend.requests)]).toEqual(["GET /v1/items/42"]);
  });

  it("changes the backend URL, redeploys, and serves the change within a second", async () => {
    await page.getByRole("button", { name: "GET /items/{id}", exact: true }).click();
    const request = page.getByRole("region", { name: "Method GET /items/{id}" }).getByRole("region", { name: "Integration Request" });
    await request.getByLabel("Endpoint URL").fill(backendUrl("v2"));
    const saved = page.waitForResponse((r) => r.url().endsWith("/methods/GET/integration") && r.request().method() === "PATCH");
    await request.getByRole("button", { name: "Save integration request" }).click();
    expect((await saved).status()).toBe(200);

    secondDeployment = await deploy("v2: backend v2");
    const tookMs = await pollUntil(async () => (await call("/test/items/42")).text.includes("/v2/items/42"), 15_000, 20);
    console.log(`redeploy visible on the gateway after ${tookMs} ms`);
    expect(tookMs).toBeLessThan(1_000);
  });

  it("rolls back on the stage page and serves the old backend again; the diff shows the change", async () => {
    await page.getByRole("dialog", { name: "Deploy API" }).getByRole("link", { name: "Open stage test" }).click();
    await page.waitForURL(new RegExp(`/apis/${apiId}/stages/test$`));
    await page.getByRole("heading", { name: "Stage test" }).waitFor();
    expect(await page.getByTestId("invoke-url").textContent()).toBe(
      `http://${apiId}.execute-api.localhost:${gatehouse.gatewayPort}/test`,
    );
    expect(await page.getByTestId("stage-deployment").textContent()).toBe(secondDeployment);

    // The diff of the two snapshots, in Monaco, loaded from our own bundle.
    const diff = page.getByTestId("snapshot-diff");
    await diff.locator(".monaco-diff-editor").waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="snapshot-diff"] .editor.modified .view-lines')?.textContent?.includes("/v2/items/{id}"),
      undefined,
      { timeout: 20_000 },
    );
    expect(await diff.locator(".editor.original .view-lines").textContent()).toContain("/v1/items/{id}");
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/e2e-stage-page.png", fullPage: true });

    await page.getByRole("button", { name: `Roll back to ${firstDeployment}` }).click();
    await page.getByRole("dialog", { name: `Roll back test to ${firstDeployment}?` }).getByRole("button", { name: "Roll back" }).click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="stage-deployment"]')?.textContent === id,
      firstDeployment,
    );
    await pollUntil(async () => (await call("/test/items/42")).text.includes("/v1/items/42"), 15_000, 20);
    expect(JSON.parse((await call("/test/items/7")).text)).toEqual({ backend: true, method: "GET", path: "/v1/items/7" });
    await page.screenshot({ path: "test-results/e2e-stage-rolled-back.png", fullPage: true });
  });

  it("saves stage variables and method settings, and shows a conflict with Reload when someone else saved first", async () => {
    const variables = page.getByRole("region", { name: "Stage variables" });
    await variables.getByRole("button", { name: "Add stage variable" }).click();
    await variables.getByLabel("Stage variables name 1").fill("backend");
    await variables.getByLabel("Stage variables value 1").fill("v1");
    const savedVariables = page.waitForResponse((r) => r.url().endsWith("/stages/test") && r.request().method() === "PATCH");
    await variables.getByRole("button", { name: "Save variables" }).click();
    expect((await savedVariables).status()).toBe(200);
    const settings = page.getByRole("region", { name: "Method settings" });
    await settings.getByRole("button", { name: "Add method setting" }).click();
    await settings.getByLabel("Metrics enabled 1").check();
    await settings.getByLabel("Throttling burst limit 1").fill("20");
    await settings.getByLabel("Throttling rate limit 1").fill("10");
    const saved = page.waitForResponse((r) => r.url().endsWith("/stages/test") && r.request().method() === "PATCH");
    await settings.getByRole("button", { name: "Save method settings" }).click();
    expect((await saved).status()).toBe(200);
    const stage = await page.evaluate(async (id) => (await fetch(`/api/v1/restapis/${id}/stages/test`)).json(), apiId);
    expect(stage.variables).toEqual({ backend: "v1" });
    expect(stage.methodSettings["*/*"]).toMatchObject({ metricsEnabled: true, throttlingBurstLimit: 20, throttlingRateLimit: 10 });

    // Someone else changes the description while we edit it: ours is not saved over theirs.
    const details = page.getByRole("region", { name: "Stage details" });
    await details.getByLabel("Stage description").fill("mine");
    await page.evaluate(
      async ({ id, version }) =>
        fetch(`/api/v1/restapis/${id}/stages/test`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ version, description: "theirs" }),
        }),
      { id: apiId, version: stage.version as number },
    );
    await details.getByRole("button", { name: "Save description" }).click();
    const conflict = details.getByRole("alert");
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("Changed elsewhere");
    await page.screenshot({ path: "test-results/e2e-conflict.png" });
    await conflict.getByRole("button", { name: "Reload" }).click();
    await page.waitForFunction(
      () => (document.querySelector('[aria-label="Stage details"] input') as HTMLInputElement | null)?.value === "theirs",
    );
    expect(await details.getByRole("alert").count()).toBe(0);
  });

  it("lists the stage with its invoke URL on the APIs page, and nothing left this machine", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "APIs" }).click();
    await page.waitForURL(/\/apis$/);
    await hydrated(page);
    const row = page.locator("tr", { hasText: "items-e2e" });
    await row.getByText(`http://${apiId}.execute-api.localhost:${gatehouse.gatewayPort}/test`).waitFor();
    await page.screenshot({ path: "test-results/e2e-apis.png", fullPage: true });
    expect(external).toEqual([]);
  });
});

import { createHmac } from "node:crypto";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { login, monacoText, pollUntil, replaceMonacoText, startBackend, type Backend } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/** A JWT authorizer (HS256 secret) made in the Authorizers tab, put on a method, deployed and called with and without a token. */
describe.skipIf(!hasChromium())("console: authorizers", () => {
  const SECRET = "e2e-hs256-shared-secret-0123456789";
  const ISS = "https://issuer.e2e.test";
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let apiId = "";
  let backend: Backend;

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  function token(extra: object = {}) {
    const input = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ iss: ISS, sub: "e2e-user", exp: Math.floor(Date.now() / 1000) + 600, ...extra })}`;
    return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
  }
  async function call(path: string, headers: Record<string, string> = {}) {
    // (GET only; the HTTP integration below sends the template's output to the backend with POST.)
    const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}${path}`, { headers: { host: `${apiId}.execute-api.localhost`, ...headers } });
    return { status: res.statusCode, text: await res.body.text() };
  }

  beforeAll(async () => {
    [gatehouse, backend] = await Promise.all([startGatehouse(), startBackend()]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
    await page.getByRole("button", { name: "Create API" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API" });
    await dialog.getByLabel("Name", { exact: true }).fill("secured");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/apis\/[a-z0-9]+$/);
    apiId = new URL(page.url()).pathname.split("/").pop()!;
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
    await backend?.close();
  });

  it("creates a JWT authorizer, protects a MOCK method with it, deploys: 401 without a token, 200 with one", async () => {
    await page.getByRole("link", { name: "Authorizers" }).click();
    const tab = page.getByRole("region", { name: "Authorizers" });
    await tab.getByRole("button", { name: "Create authorizer" }).click();
    const form = page.getByRole("form", { name: "New authorizer" });
    await form.getByLabel("Name").fill("hs-jwt");
    await form.getByLabel("Issuer").fill(ISS);
    await form.getByLabel("Signing keys").selectOption("secret");
    await form.getByLabel("Shared secret").fill(SECRET);
    await form.getByRole("button", { name: "Create authorizer" }).click();
    await tab.getByRole("cell", { name: /hs-jwt/ }).waitFor();
    expect(await tab.textContent()).not.toContain(SECRET);

    // Test authorizer panel.
    await tab.getByRole("button", { name: "Test", exact: true }).click();
    const panel = page.getByRole("region", { name: "Test authorizer" });
    await panel.getByLabel("Token").fill(`Bearer ${token()}`);
    await panel.getByRole("button", { name: "Test", exact: true }).click();
    await panel.getByTestId("authorizer-test-status").waitFor();
    expect(await panel.getByTestId("authorizer-test-status").textContent()).toBe("200");
    expect(await panel.textContent()).toContain("e2e-user");
    await page.screenshot({ path: "test-results/e2e-authorizer-test.png", fullPage: true });

    // A MOCK method on / protected by the authorizer.
    await page.getByRole("link", { name: "Resources" }).click();
    await page.getByRole("button", { name: "/", exact: true }).click();
    const root = page.getByRole("region", { name: "Resource /" });
    await root.getByLabel("HTTP method").selectOption("GET");
    await root.getByRole("button", { name: "Create method" }).click();
    const method = page.getByRole("region", { name: "Method GET /" });
    await method.waitFor();
    const mock = method.getByRole("region", { name: "Integration Request" });
    await mock.getByLabel("Integration type").selectOption("MOCK");
    await pollUntil(async () => (await monacoText(mock.getByTestId("template-editor").first())) === '{"statusCode": 200}');
    await mock.getByRole("button", { name: "Create integration" }).click();
    await method.getByRole("form", { name: "Integration response 200" }).waitFor();
    const requestBox = method.getByRole("region", { name: "Method Request" });
    await pollUntil(async () => (await requestBox.getByLabel("Authorization", { exact: true }).locator("option").allTextContents()).some((t) => t.includes("hs-jwt")));
    await requestBox.getByLabel("Authorization", { exact: true }).selectOption({ label: "hs-jwt (JWT)" });
    await requestBox.getByLabel("Authorization scopes").waitFor();
    const saved = page.waitForResponse((r) => /\/methods\/GET$/.test(r.url()) && r.request().method() === "PATCH");
    await requestBox.getByRole("button", { name: /Save/ }).click();
    expect((await saved).status()).toBe(200);

    await page.getByRole("button", { name: "Deploy API" }).click();
    const deploy = page.getByRole("dialog", { name: "Deploy API" });
    const stage = deploy.getByLabel("Stage", { exact: true });
    if (await stage.count()) await stage.selectOption({ label: "[New stage]" }).catch(() => undefined);
    await deploy.getByLabel("Stage name").fill("test");
    await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
    await deploy.getByRole("status").waitFor();

    await pollUntil(async () => (await call("/test/")).status === 401);
    const without = await call("/test/");
    expect(without.status).toBe(401);
    expect(JSON.parse(without.text)).toEqual({ message: "Unauthorized" });
    expect((await call("/test/", { authorization: `Bearer ${token()}` })).status).toBe(200);
    expect((await call("/test/", { authorization: `Bearer ${token({ iss: "https://other" })}` })).status).toBe(401);
  });
  it("creates a TOKEN function authorizer whose context reaches the backend through a request template", async () => {
    // The authorizer function, through the management API (the Functions page has its own e2e test).
    const code = `exports.handler = async (event) => {
      const policy = (effect) => ({ Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn.replace(/[^/]+$/, "*") }] });
      if (event.authorizationToken === "deny") return { principalId: "nobody", policyDocument: policy("Deny") };
      if (event.authorizationToken !== "letmein") throw new Error("Unauthorized");
      return { principalId: "user-42", policyDocument: policy("Allow"), context: { tenant: "acme", admin: true } };
    };`;
    const created = await page.request.post(`${gatehouse.consoleUrl}/api/v1/functions`, {
      data: { name: "gate-keeper", language: "javascript", files: { "index.js": code } },
    });
    expect(created.status(), await created.text()).toBe(201);

    const leftOpen = page.getByRole("dialog", { name: "Deploy API" });
    if (await leftOpen.count()) await leftOpen.getByRole("button", { name: "Done" }).click();
    await page.getByRole("link", { name: "Authorizers" }).click();
    const tab = page.getByRole("region", { name: "Authorizers" });
    await tab.getByRole("button", { name: "Create authorizer" }).click();
    const form = page.getByRole("form", { name: "New authorizer" });
    await form.getByLabel("Name").fill("gate");
    await form.getByLabel("Type").selectOption("TOKEN");
    await form.getByLabel("Function invocation ARN").fill(
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:gate-keeper/invocations",
    );
    await form.getByLabel("TTL").fill("0");
    await form.getByRole("button", { name: "Create authorizer" }).click();
    await tab.getByRole("cell", { name: /gate\b/ }).first().waitFor();

    // POST /orders → HTTP backend; its request template carries the authorizer's context.
    await page.getByRole("link", { name: "Resources" }).click();
    await page.getByRole("button", { name: "/", exact: true }).click();
    const root = page.getByRole("region", { name: "Resource /" });
    await root.getByLabel("Path part").fill("orders");
    await root.getByRole("button", { name: "Create resource" }).click();
    const orders = page.getByRole("region", { name: "Resource /orders" });
    await orders.waitFor();
    await orders.getByLabel("HTTP method").selectOption("GET");
    await orders.getByRole("button", { name: "Create method" }).click();
    const method = page.getByRole("region", { name: "Method GET /orders" });
    await method.waitFor();
    const integration = method.getByRole("region", { name: "Integration Request" });
    await integration.getByLabel("Integration type").selectOption("HTTP");
    await integration.getByLabel("HTTP method").selectOption("POST");
    await integration.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${backend.port}/orders`);
    await integration.getByRole("button", { name: "Add request template" }).click();
    await replaceMonacoText(page, integration.getByTestId("template-editor").first(), '{"principal": "$context.authorizer.principalId", "tenant": "$context.authorizer.tenant"}');
    await integration.getByRole("button", { name: "Create integration" }).click();
    await method.getByRole("form", { name: "Integration response 200" }).waitFor();

    const requestBox = method.getByRole("region", { name: "Method Request" });
    await pollUntil(async () => (await requestBox.getByLabel("Authorization", { exact: true }).locator("option").allTextContents()).some((t) => t.startsWith("gate (")));
    await requestBox.getByLabel("Authorization", { exact: true }).selectOption({ label: "gate (function, TOKEN)" });
    const saved = page.waitForResponse((r) => /\/methods\/GET$/.test(r.url()) && r.request().method() === "PATCH");
    await requestBox.getByRole("button", { name: /Save/ }).click();
    expect((await saved).status()).toBe(200);

    await page.getByRole("button", { name: "Deploy API" }).click();
    const deploy = page.getByRole("dialog", { name: "Deploy API" });
    await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
    await deploy.getByRole("status").waitFor();
    await deploy.getByRole("button", { name: "Done" }).click();

    await pollUntil(async () => (await call("/test/orders")).status === 401);
    expect((await call("/test/orders", { authorization: "deny" })).status).toBe(403);
    const allowed = await call("/test/orders", { authorization: "letmein" });
    expect(allowed.status, allowed.text).toBe(200);
    expect(JSON.parse(backend.bodies.at(-1)!)).toEqual({ principal: "user-42", tenant: "acme" });
  });
});

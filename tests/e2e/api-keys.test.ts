import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { request } from "undici";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login, pollUntil } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * A new user protects a method with an API key: the API is built through the
 * management API (to save time), the key and the usage plan (rate 2/s, burst
 * 2, quota 100 a day) in the console; then the gateway answers 403 without
 * the key, 200 with it, and 429 to a burst.
 */

async function callWithKey(port: number, apiId: string, path: string, key?: string) {
  const res = await request(`http://127.0.0.1:${port}${path}`, {
    headers: { host: `${apiId}.execute-api.localhost`, ...(key ? { "x-api-key": key } : {}) },
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe.skipIf(!hasChromium())("console: API keys and usage plans", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let apiId = "";
  let keyValue = "";

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);

    const base = `${gatehouse.consoleUrl}/api/v1`;
    const created = await page.request.post(`${base}/restapis`, { data: { name: "keyed-pets" } });
    expect(created.status()).toBe(201);
    const restApi = (await created.json()) as { id: string; rootResourceId: string };
    apiId = restApi.id;
    const resource = await page.request.post(`${base}/restapis/${apiId}/resources/${restApi.rootResourceId}`, { data: { pathPart: "pets" } });
    expect(resource.status()).toBe(201);
    const method = `${base}/restapis/${apiId}/resources/${((await resource.json()) as { id: string }).id}/methods/GET`;
    expect((await page.request.put(method, { data: { apiKeyRequired: true } })).status()).toBe(201);
    const integration = await page.request.put(`${method}/integration`, { data: { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } } });
    expect(integration.status(), await integration.text()).toBe(201);
    expect((await page.request.put(`${method}/responses/200`, { data: {} })).status()).toBe(201);
    const response = await page.request.put(`${method}/integration/responses/200`, { data: { responseTemplates: { "application/json": '{"pets": []}' } } });
    expect(response.status(), await response.text()).toBe(201);
    const deployed = await page.request.post(`${base}/restapis/${apiId}/deployments`, { data: { stageName: "prod" } });
    expect(deployed.status(), await deployed.text()).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  it("creates an API key in the console and shows its value once", async () => {
    await page.getByRole("link", { name: "API keys" }).click();
    await page.waitForURL(/\/api-keys$/);
    await hydrated(page);
    await page.getByRole("button", { name: "Create API key" }).click();
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByLabel("Name").fill("pets-client");
    await form.getByRole("button", { name: "Create key" }).click();
    const value = page.getByRole("status").getByLabel("API key value");
    await value.waitFor();
    keyValue = (await value.textContent()) ?? "";
    expect(keyValue).toMatch(/^[A-Za-z0-9]{40}$/);
    const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: "pets-client" });
    await row.getByText(`${keyValue.slice(0, 4)}…`).waitFor();
    expect(await row.textContent()).not.toContain(keyValue);
    // Admins can reveal it again.
    await row.getByRole("button", { name: "Reveal pets-client" }).click();
    expect(await row.getByLabel("Value of pets-client").textContent()).toBe(keyValue);
  });

  it("creates a usage plan for the deployed stage and adds the key", async () => {
    await page.getByRole("link", { name: "Usage plans" }).click();
    await page.waitForURL(/\/usage-plans$/);
    await hydrated(page);
    await page.getByRole("button", { name: "Create usage plan" }).click();
    const form = page.getByRole("form", { name: "Create usage plan" });
    await form.getByLabel("Plan name").fill("basic");
    await form.getByLabel("Rate (requests per second)").fill("2");
    await form.getByLabel("Burst (requests)").fill("2");
    await form.getByLabel("Enable quota").check();
    await form.getByLabel("Requests per period").fill("100");
    await form.getByRole("button", { name: "Add API stage" }).click();
    await form.getByLabel("API (stage 1)").selectOption(apiId);
    await form.getByLabel("Stage (stage 1)").selectOption("prod");
    await form.getByRole("button", { name: "Create plan" }).click();
    await form.waitFor({ state: "detached" });

    const keysSection = page.getByRole("region", { name: "Keys in this plan" });
    await keysSection.getByLabel("API key to add").selectOption({ label: `pets-client (${keyValue.slice(0, 4)}…)` });
    await keysSection.getByRole("button", { name: "Add key" }).click();
    await keysSection.getByRole("cell", { name: "pets-client", exact: true }).waitFor();
    const plans = page.getByRole("table", { name: "Usage plans" });
    await plans.getByRole("row").filter({ hasText: "2/s, burst 2" }).filter({ hasText: "100 per day" }).waitFor();
  });

  it("the gateway answers 403 without the key, 200 with it, 429 to a burst", async () => {
    const none = await callWithKey(gatehouse.gatewayPort, apiId, "/prod/pets");
    expect(none.status).toBe(403);
    expect(JSON.parse(none.text)).toEqual({ message: "Forbidden" });
    let last = { status: 0, text: "" };
    await pollUntil(async () => {
      last = await callWithKey(gatehouse.gatewayPort, apiId, "/prod/pets", keyValue);
      return last.status === 200;
    }, 15_000, 600);
    expect(JSON.parse(last.text)).toEqual({ pets: [] });
    await new Promise((r) => setTimeout(r, 1100));
    const burst = await Promise.all(Array.from({ length: 8 }, () => callWithKey(gatehouse.gatewayPort, apiId, "/prod/pets", keyValue)));
    const statuses = burst.map((r) => r.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(JSON.parse(burst.find((r) => r.status === 429)!.text)).toEqual({ message: "Too Many Requests" });
  });
});

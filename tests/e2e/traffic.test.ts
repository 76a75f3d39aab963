import type { Browser, Page } from "playwright-core";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login, pollUntil, startBackend, type Backend } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * Issue 8's "Done when", as a new user would, in the console: on a deployed API (built through the
 * management API to save time) set a method throttle of 5 req/s (burst 5) in the stage's Throttling
 * section, fire 50 requests and count the 429s; enable the stage cache with a 60 s TTL keyed on a query
 * parameter (Integration Request's "Cache key parameters" and the stage's Response cache section) and
 * watch the backend's request count stay flat; "Flush stage cache" and see one more backend request.
 */
describe.skipIf(!hasChromium())("throttling and the response cache in the console", () => {
  let gatehouse: RunningGatehouse;
  let backend: Backend;
  let browser: Browser;
  let page: Page;
  let apiId = "";
  let base = "";

  const call = async (path: string) => {
    const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}${path}`, { headers: { host: `${apiId}.execute-api.localhost` } });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const deploy = async () => {
    const res = await page.request.post(`${base}/restapis/${apiId}/deployments`, { data: { stageName: "prod" } });
    expect(res.status(), await res.text()).toBe(201);
  };
  const stage = async () => (await (await page.request.get(`${base}/restapis/${apiId}/stages/prod`)).json()) as { methodSettings: Record<string, Record<string, unknown>> };
  const backendCalls = (q: string) => backend.requests.filter((r) => r === `GET /search?q=${q}`).length;
  const openStage = async () => {
    await page.goto(`${gatehouse.consoleUrl}/apis/${apiId}/stages/prod`);
    await hydrated(page);
    await page.getByRole("heading", { name: "Stage prod" }).waitFor();
  };
  const savedStage = () => page.waitForResponse((r) => r.url().endsWith("/stages/prod") && r.request().method() === "PATCH");

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    backend = await startBackend();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
    base = `${gatehouse.consoleUrl}/api/v1`;
    const restApi = (await (await page.request.post(`${base}/restapis`, { data: { name: "traffic-e2e" } })).json()) as { id: string; rootResourceId: string };
    apiId = restApi.id;
    const methodUrl = async (pathPart: string) => {
      const resource = (await (await page.request.post(`${base}/restapis/${apiId}/resources/${restApi.rootResourceId}`, { data: { pathPart } })).json()) as { id: string };
      return `${base}/restapis/${apiId}/resources/${resource.id}/methods/GET`;
    };
    // GET /limited: MOCK, to be throttled.
    const limited = await methodUrl("limited");
    expect((await page.request.put(limited, { data: { authorizationType: "NONE" } })).status()).toBe(201);
    expect((await page.request.put(`${limited}/integration`, { data: { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } } })).status()).toBe(201);
    expect((await page.request.put(`${limited}/responses/200`, { data: {} })).status()).toBe(201);
    expect((await page.request.put(`${limited}/integration/responses/200`, { data: { responseTemplates: { "application/json": '{"ok":true}' } } })).status()).toBe(201);
    // GET /search?q=…: HTTP_PROXY to the local backend, which counts its requests.
    const search = await methodUrl("search");
    const put = await page.request.put(search, { data: { authorizationType: "NONE", requestParameters: { "method.request.querystring.q": false } } });
    expect(put.status(), await put.text()).toBe(201);
    const integration = await page.request.put(`${search}/integration`, {
      data: { type: "HTTP_PROXY", httpMethod: "GET", uri: `http://127.0.0.1:${backend.port}/search` },
    });
    expect(integration.status(), await integration.text()).toBe(201);
    await deploy();
    await pollUntil(async () => (await call("/prod/limited")).status === 200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    await gatehouse?.stop();
  });

  it("sets a method throttle of 5 req/s (burst 5) in the Throttling section; 50 requests get 429s", async () => {
    await openStage();
    const throttling = page.getByRole("region", { name: "Throttling" });
    await throttling.getByRole("button", { name: "Add override" }).click();
    await throttling.getByLabel("Throttled method 1").fill("~1limited/GET");
    await throttling.getByLabel("Rate 1").fill("5");
    await throttling.getByLabel("Burst 1").fill("5");
    const saved = savedStage();
    await throttling.getByRole("button", { name: "Save throttling" }).click();
    expect((await saved).status()).toBe(200);
    await throttling.getByText("Saved: applies within a second.").waitFor();
    expect((await stage()).methodSettings["~1limited/GET"]).toMatchObject({ throttlingRateLimit: 5, throttlingBurstLimit: 5 });
    await page.screenshot({ path: "test-results/e2e-traffic-throttling.png", fullPage: true });

    // No redeploy: the gateway applies it within a second (a burst of 10 sees a 429 once it does).
    await pollUntil(async () => (await Promise.all(Array.from({ length: 10 }, () => call("/prod/limited")))).some((r) => r.status === 429), 10_000, 200);
    await new Promise((r) => setTimeout(r, 1_200)); // the bucket refills to its burst

    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, () => call("/prod/limited")));
    const elapsedS = (performance.now() - started) / 1000;
    const ok = results.filter((r) => r.status === 200).length;
    const throttled = results.filter((r) => r.status === 429);
    console.log(`50 requests in ${elapsedS.toFixed(2)} s: ${ok} × 200, ${throttled.length} × 429`);
    expect(ok + throttled.length).toBe(50);
    expect(throttled.length).toBeGreaterThan(0);
    expect(JSON.parse(throttled[0].text)).toEqual({ message: "Too Many Requests" });
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(Math.ceil(5 + 5 * elapsedS) + 1);
  });

  it("caches GET /search for 60 s keyed on q: the backend's count stays flat; Flush stage cache adds one", async () => {
    // Integration Request: cache key parameter method.request.querystring.q.
    await page.goto(`${gatehouse.consoleUrl}/apis/${apiId}`);
    await hydrated(page);
    await page.getByRole("button", { name: "GET /search", exact: true }).click();
    const integrationRequest = page.getByRole("region", { name: "Method GET /search" }).getByRole("region", { name: "Integration Request" });
    await integrationRequest.getByLabel("Cache key parameters").fill("method.request.querystring.q");
    const savedIntegration = page.waitForResponse((r) => r.url().endsWith("/methods/GET/integration") && r.request().method() === "PATCH");
    await integrationRequest.getByRole("button", { name: "Save integration request" }).click();
    const integration = await savedIntegration;
    expect(integration.status(), await integration.text()).toBe(200);

    // Stage: Response cache on, default TTL 60 s.
    await openStage();
    const cache = page.getByRole("region", { name: "Response cache" });
    await cache.getByLabel("Enable the stage cache").check();
    await cache.getByLabel("Default cache TTL").fill("60");
    const saved = savedStage();
    await cache.getByRole("button", { name: "Save cache settings" }).click();
    const response = await saved;
    expect(response.status(), await response.text()).toBe(200);
    const settings = (await stage()).methodSettings;
    expect(settings["*/*"]).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 60 });
    // Saving the cache section kept the throttle set in the other section.
    expect(settings["~1limited/GET"]).toMatchObject({ throttlingRateLimit: 5, throttlingBurstLimit: 5 });
    await deploy(); // the cache key parameter is part of the deployment

    // Wait until the deployment and the stage's cache are served: a repeated q stops reaching the backend.
    await pollUntil(async () => {
      const before = backend.requests.length;
      await call("/prod/search?q=warm");
      await call("/prod/search?q=warm");
      return backend.requests.length - before === 0;
    }, 15_000, 100);

    for (let i = 0; i < 10; i++) {
      const res = await call("/prod/search?q=alpha");
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ backend: true, path: "/search?q=alpha" });
    }
    expect(backendCalls("alpha")).toBe(1);
    await call("/prod/search?q=beta");
    await call("/prod/search?q=beta");
    expect(backendCalls("beta")).toBe(1);
    expect(backendCalls("alpha")).toBe(1);

    await cache.getByTestId("cache-hit-ratio").filter({ hasText: "%" }).waitFor();
    await page.screenshot({ path: "test-results/e2e-traffic-cache.png", fullPage: true });

    // Flush stage cache: the next call with the same q reaches the backend once more.
    await cache.getByRole("button", { name: "Flush stage cache" }).click();
    const dialog = page.getByRole("dialog", { name: "Flush the cache of stage prod?" });
    const flushed = page.waitForResponse((r) => r.url().endsWith("/stages/prod/cache/data") && r.request().method() === "DELETE");
    await dialog.getByRole("button", { name: "Flush stage cache" }).click();
    expect((await flushed).status()).toBeLessThan(300);
    await pollUntil(async () => {
      await call("/prod/search?q=alpha");
      return backendCalls("alpha") === 2;
    }, 10_000, 100);
    await call("/prod/search?q=alpha");
    expect(backendCalls("alpha")).toBe(2);
  });
});

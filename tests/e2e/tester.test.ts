import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login, pollUntil, replaceMonacoText } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/** The request tester (issue 11) as testers use it: run a method, read the log, save, re-run as someone else; a viewer cannot. */
describe.skipIf(!hasChromium())("console: request tester", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let admin: Page;
  const password = "tester-password-123";
  let apiKeyValue = "";

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, email, password);
    return page;
  }

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    admin = await browser.newPage();
    admin.setDefaultTimeout(20_000);
    await login(admin, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
    for (const [email, role] of [
      ["tess@example.com", "tester"],
      ["theo@example.com", "tester"],
      ["vera@example.com", "viewer"],
    ]) {
      const res = await admin.request.post(`${gatehouse.consoleUrl}/api/v1/users`, { data: { email, name: email.split("@")[0], role, password } });
      expect(res.status(), await res.text()).toBe(201);
    }
    const key = await admin.request.post(`${gatehouse.consoleUrl}/api/v1/apikeys`, { data: { name: "e2e-key" } });
    expect(key.status()).toBe(201);
    apiKeyValue = ((await key.json()) as { value: string }).value;
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  it("a tester tests GET /users of the demo with a body, reads the execution log, saves it to a collection and copies it as curl", async () => {
    const page = await signedIn("tess@example.com");
    await page.goto(`${gatehouse.consoleUrl}/apis/${gatehouse.demoApiId}`);
    await hydrated(page);
    await page.getByRole("button", { name: "GET /users", exact: true }).click();
    const method = page.getByRole("region", { name: "Method GET /users" });
    await method.getByRole("button", { name: "Test", exact: true }).click();
    const tester = page.getByTestId("method-tester");
    await tester.waitFor();
    await replaceMonacoText(page, tester.getByTestId("tester-body-editor"), '{"hello": "tester"');
    // Invalid JSON is flagged, not blocked.
    await tester.getByTestId("tester-body-problem").waitFor();
    await replaceMonacoText(page, tester.getByTestId("tester-body-editor"), '{"hello": "tester"}');
    await tester.getByTestId("tester-body-problem").waitFor({ state: "detached" });
    await tester.getByRole("button", { name: "Test", exact: true }).click();
    const log = tester.getByTestId("execution-log");
    await log.waitFor({ timeout: 30_000 });
    expect(await tester.getByTestId("response-status").textContent()).toBe("200");
    expect(await tester.getByTestId("response-body").textContent()).toContain("John Doe");
    const logText = (await log.textContent()) ?? "";
    expect(logText).toContain("Method completed with status: 200");
    expect(logText).toContain("hello");
    expect(logText).toContain("authorization, throttling and API keys are skipped");
    await page.screenshot({ path: "test-results/e2e-tester-method.png", fullPage: true });

    await tester.getByRole("button", { name: "Save to collection" }).click();
    await tester.getByLabel("New collection name").fill("smoke");
    await tester.getByRole("button", { name: "Save", exact: true }).click();
    await tester.getByRole("status").filter({ hasText: "Saved to smoke" }).waitFor();

    await tester.getByRole("button", { name: "Copy as curl" }).click();
    const curl = (await tester.getByTestId("tester-curl").textContent()) ?? "";
    expect(curl).toContain("curl -i -X GET");
    expect(curl).toContain(`${gatehouse.demoApiId}.execute-api.localhost:${gatehouse.gatewayPort}/dev/users`);
    expect(curl).toContain(`--data-binary '{"hello": "tester"}'`);

    // The same request to the dev stage, with an API key the server inserts.
    await tester.getByLabel("Run against").selectOption("stage");
    await tester.getByLabel("API key").selectOption({ label: "e2e-key" });
    await tester.getByRole("button", { name: "Send", exact: true }).click();
    await tester.getByTestId("response-timing").waitFor({ timeout: 30_000 });
    expect(await tester.getByTestId("response-status").textContent()).toBe("200");
    expect(await tester.getByTestId("response-body").textContent()).toContain("John Doe");
    expect(await page.content()).not.toContain(apiKeyValue);
    await tester.getByRole("button", { name: "Copy as curl" }).click();
    await pollUntil(async () => ((await tester.getByTestId("tester-curl").textContent()) ?? "").includes("$API_KEY"));
    await page.screenshot({ path: "test-results/e2e-tester-stage.png", fullPage: true });

    // The history page lists both; re-run the stage request from there.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tester" }).click();
    await page.waitForURL(/\/tester$/);
    const history = page.getByTestId("tester-history");
    await history.getByText("GET /users (working copy)").first().waitFor();
    const stageRow = history.locator("tr", { hasText: "GET /users → dev" }).first();
    await stageRow.getByRole("button", { name: "Re-run" }).click();
    const rerun = page.getByRole("region", { name: /^Re-run: GET \/users → dev/ });
    await rerun.getByTestId("response-status").waitFor({ timeout: 30_000 });
    expect(await rerun.getByTestId("response-status").textContent()).toBe("200");
    await stageRow.getByRole("button", { name: "Copy as curl" }).click();
    await pollUntil(async () => ((await page.getByTestId("tester-curl").textContent()) ?? "").includes("x-api-key: $API_KEY"));
    await page.context().close();
  });

  it("another tester re-runs the saved request from the collection", async () => {
    const page = await signedIn("theo@example.com");
    await page.goto(`${gatehouse.consoleUrl}/tester`);
    await hydrated(page);
    const collection = page.getByTestId("collection-smoke");
    await collection.getByRole("button", { name: "Run", exact: true }).click();
    const response = page.getByRole("region", { name: /smoke \// });
    await response.getByTestId("execution-log").waitFor({ timeout: 30_000 });
    expect(await response.getByTestId("response-status").textContent()).toBe("200");
    expect(await response.getByTestId("response-body").textContent()).toContain("Jane Smith");
    await page.screenshot({ path: "test-results/e2e-tester-collection.png", fullPage: true });
    await page.context().close();
  });

  it("a viewer sees the collection but cannot run it", async () => {
    const page = await signedIn("vera@example.com");
    await page.goto(`${gatehouse.consoleUrl}/tester`);
    await hydrated(page);
    const collection = page.getByTestId("collection-smoke");
    await collection.waitFor();
    expect(await collection.getByRole("button", { name: "Run", exact: true }).isDisabled()).toBe(true);
    const collections = (await (await page.request.get(`${gatehouse.consoleUrl}/api/v1/tester/collections`)).json()) as Array<{ id: string; items: Array<{ id: string }> }>;
    const run = await page.request.post(`${gatehouse.consoleUrl}/api/v1/tester/collections/${collections[0].id}/items/${collections[0].items[0].id}/run`);
    expect(run.status()).toBe(403);
    await page.context().close();
  });
});

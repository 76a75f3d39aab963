import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login, pollUntil } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";
import { request } from "undici";

/**
 * Observability as a new user tries it: turn on access logs and INFO execution
 * logs on the demo API's dev stage in the console, send a failing request,
 * find it in the logs explorer by its request id and read its execution log.
 */
describe.skipIf(!hasChromium())("console: access and execution logs", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let requestId = "";

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  it("turns on JSON access logs and INFO execution logs on the dev stage", async () => {
    await page.goto(`${gatehouse.consoleUrl}/apis/${gatehouse.demoApiId}/stages/dev`);
    await hydrated(page);
    const logging = page.getByRole("region", { name: "Logging" });
    await logging.getByLabel("Access log format").selectOption("JSON");
    const savedLogging = page.waitForResponse((r) => r.url().endsWith("/stages/dev") && r.request().method() === "PATCH");
    await logging.getByRole("button", { name: "Save logging" }).click();
    expect((await savedLogging).status()).toBe(200);
    await logging.getByText("Saved.").waitFor();

    const settings = page.getByRole("region", { name: "Method settings" });
    await settings.getByRole("button", { name: "Add method setting" }).click();
    await settings.getByLabel("Method setting key 1").fill("*/*");
    await settings.getByLabel("Logging level 1").selectOption("INFO");
    const savedSettings = page.waitForResponse((r) => r.url().endsWith("/stages/dev") && r.request().method() === "PATCH");
    await settings.getByRole("button", { name: "Save method settings" }).click();
    expect((await savedSettings).status()).toBe(200);
    await page.getByTestId("execution-log-level").getByText("INFO").waitFor();
  });

  it("finds a failing request in the explorer by its request id and reads its execution log", async () => {
    // The gateway applies the stage change within a second; send until the request is logged.
    await pollUntil(async () => {
      const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}/dev/no-such-resource`, { headers: { host: `${gatehouse.demoApiId}.execute-api.localhost` } });
      await res.body.text();
      expect(res.statusCode).toBe(403);
      requestId = String(res.headers["x-amzn-requestid"]);
      try {
        await pollUntil(async () => {
          const found = await page.request.get(`${gatehouse.consoleUrl}/api/v1/logs?requestId=${requestId}`);
          return ((await found.json()) as { items: unknown[] }).items.length === 1;
        }, 4_000, 250);
        return true;
      } catch {
        return false;
      }
    }, 30_000, 0);

    await page.getByRole("link", { name: "Logs", exact: true }).click();
    await page.waitForURL(/\/logs$/);
    await hydrated(page);
    const filters = page.getByRole("form", { name: "Filter access logs" });
    await filters.getByLabel("Request id").fill(requestId);
    await filters.getByRole("button", { name: "Search" }).click();
    const row = page.locator(`tr[data-request-id="${requestId}"]`);
    await row.waitFor();
    expect(await page.locator("tbody tr").count()).toBe(1);
    await expect(row.textContent()).resolves.toContain("403");

    await row.getByRole("link", { name: requestId }).click();
    await page.waitForURL(new RegExp(`/logs/${requestId}$`));
    await hydrated(page);
    await expect(page.getByTestId("access-status").textContent()).resolves.toBe("403");
    const execution = page.getByRole("table", { name: "Execution log lines" });
    await execution.waitFor();
    const text = (await execution.textContent()) ?? "";
    expect(text).toContain(`Starting execution for request: ${requestId}`);
    expect(text).toContain("Missing Authentication Token");
    expect(text).toContain("Method completed with status: 403");
    // Steps carry their durations.
    expect(text).toMatch(/match resource.*\d+(\.\d+)? ms/s);
  });
});

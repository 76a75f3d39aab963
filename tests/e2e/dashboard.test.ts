import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { callGateway, hydrated, login, pollUntil } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * Observability as a new user would see it: send a mix of 2xx and 4xx requests to the demo API, watch them
 * reach the dashboard and read the month's estimated cost (tests/integration/metrics-detailed.test.ts scrapes /metrics).
 */
describe.skipIf(!hasChromium())("console: dashboard and usage", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  it("shows requests sent to the demo API on the dashboard within a minute", async () => {
    for (let i = 0; i < 5; i++) expect((await callGateway(gatehouse.gatewayPort, gatehouse.demoApiId, "/dev/users")).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await callGateway(gatehouse.gatewayPort, gatehouse.demoApiId, "/dev/nope")).status).toBe(403);

    await page.goto(`${gatehouse.consoleUrl}/dashboard`);
    await hydrated(page);
    await page.getByRole("region", { name: "Totals" }).waitFor();
    // The gateway flushes every couple of seconds and the page refreshes while open; reload to be quick.
    await pollUntil(
      async () => {
        await page.reload();
        await hydrated(page);
        const count = Number((await page.getByTestId("total-count").textContent({ timeout: 5000 }).catch(() => "0")) ?? "0");
        return count >= 8;
      },
      60_000,
      1000,
    );
    expect(await page.getByRole("region", { name: "Totals" }).textContent()).toMatch(/3 4XX/);
    await page.screenshot({ path: "test-results/e2e-dashboard.png", fullPage: true });
  });

  it("estimates the month's cost on the usage page", async () => {
    await page.goto(`${gatehouse.consoleUrl}/dashboard/usage`);
    await hydrated(page);
    await page.getByRole("region", { name: "Estimated bill" }).waitFor();
    expect(await page.getByTestId("usage-total").textContent()).toMatch(/\d/);
    await page.screenshot({ path: "test-results/e2e-usage.png", fullPage: true });
  });
});

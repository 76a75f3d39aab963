import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { request } from "undici";
import { hasChromium, launchChromium } from "./browser";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

describe.skipIf(!hasChromium())("console, end to end", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  async function login(password: string) {
    await page.goto(`${gatehouse.consoleUrl}/login`);
    await page.waitForSelector('form[data-hydrated="true"]');
    await page.fill('input[name="email"]', gatehouse.adminEmail);
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
  }

  it("redirects to the login page without a session, and management routes answer 401", async () => {
    await page.goto(`${gatehouse.consoleUrl}/apis`);
    expect(new URL(page.url()).pathname).toBe("/login");
    const res = await fetch(`${gatehouse.consoleUrl}/api/v1/restapis`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "unauthorized" });
  });

  it("shows one vague error for a wrong password", async () => {
    await login("not-the-password");
    // Next.js has its own (empty) role=alert route announcer; ours is in the form.
    const alert = page.locator("form [role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("Invalid email or password.");
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("logs in, lists the demo API with its stage and invoke URL, and opens it", async () => {
    await login(gatehouse.adminPassword);
    await page.waitForURL(/\/apis$/);
    await page.waitForSelector('main[data-hydrated="true"]');
    const row = page.locator("tr", { hasText: "users-demo" });
    // Stages load per row, after the list.
    await row.getByText(`http://${gatehouse.demoApiId}.execute-api.localhost:${gatehouse.gatewayPort}/dev`).waitFor();
    expect(await row.locator("td").nth(2).textContent()).toBe("dev");
    await page.click("text=users-demo");
    await page.waitForURL(new RegExp(`/apis/${gatehouse.demoApiId}$`));
    await page.getByRole("heading", { name: "users-demo" }).waitFor();
    // The resource tree lists /users with its GET method.
    await page.getByRole("button", { name: "/users", exact: true }).waitFor();
    await page.getByRole("button", { name: "GET /users", exact: true }).waitFor();
  });

  it("charts five requests after five calls to the demo", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}/dev/users`, {
        headers: { host: `${gatehouse.demoApiId}.execute-api.localhost` },
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual([
        { id: 1, name: "John Doe" },
        { id: 2, name: "Jane Smith" },
      ]);
    }
    await page.goto(`${gatehouse.consoleUrl}/apis/${gatehouse.demoApiId}`);
    // The gateway flushes counts in batches and the chart refetches on an interval.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="requests-total"]')?.textContent === "5",
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.locator('[data-testid="requests-chart"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await page.screenshot({ path: "test-results/console-api-page.png", fullPage: true });
  });
});

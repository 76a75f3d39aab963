import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { callGateway, login } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/** What the console shows when the API refuses: field problems, and a deploy that lists every problem. */
describe.skipIf(!hasChromium())("console: validation errors", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let apiId = "";

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
    await page.getByRole("button", { name: "Create API" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API" });
    await dialog.getByLabel("Name", { exact: true }).fill("broken");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/apis\/[a-z0-9]+$/);
    apiId = new URL(page.url()).pathname.split("/").pop()!;
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  async function tryPathPart(parentPath: string, pathPart: string) {
    await page.getByRole("button", { name: parentPath, exact: true }).click();
    const form = page.getByRole("form", { name: "Create resource" });
    await form.getByLabel("Path part").fill(pathPart);
    await form.getByRole("button", { name: "Create resource" }).click();
    return form;
  }

  it("shows the API's message next to a bad path part, and nothing is created", async () => {
    const form = await tryPathPart("/", "bad part");
    await form.locator(".field-error").first().waitFor();
    expect(await form.locator(".field-error").allTextContents()).toEqual([
      "Use letters, digits and -._~:@!$&'()*+,;= or a whole {param} / {proxy+} segment",
    ]);
    expect(await form.getByLabel("Path part").inputValue()).toBe("bad part");

    // {proxy+} is allowed last, but takes no children.
    await page.getByRole("region", { name: "Resource /" }).getByLabel("Path part").fill("{proxy+}");
    await form.getByRole("button", { name: "Create resource" }).click();
    await page.getByRole("region", { name: "Resource /{proxy+}" }).waitFor();
    const child = await tryPathPart("/{proxy+}", "more");
    const error = child.locator(".field-error");
    await error.first().waitFor();
    expect(await error.first().textContent()).toMatch(/greedy/);
    await page.screenshot({ path: "test-results/e2e-path-part-error.png" });
    const paths = await page.getByRole("list", { name: "Resources" }).getByRole("button").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(paths).toEqual(["/", "/{proxy+}"]);
  });

  it("refuses to deploy a method without an integration, lists the problem, and deploys nothing", async () => {
    await tryPathPart("/", "orphan");
    const panel = page.getByRole("region", { name: "Resource /orphan" });
    await panel.getByLabel("HTTP method").selectOption("GET");
    await panel.getByRole("button", { name: "Create method" }).click();
    await page.getByRole("region", { name: "Method GET /orphan" }).waitFor();

    await page.getByRole("button", { name: "Deploy API" }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy API" });
    await dialog.getByLabel("Stage name").fill("test");
    await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
    const problems = dialog.getByRole("list", { name: "Deploy problems" });
    await problems.waitFor();
    const items = await problems.getByRole("listitem").allTextContents();
    expect(items).toHaveLength(1);
    expect(items[0]).toContain("GET /orphan");
    expect(items[0]).toContain("No integration defined for method");
    expect(await dialog.getByRole("alert").textContent()).toContain("Nothing was deployed");
    await page.screenshot({ path: "test-results/e2e-deploy-invalid.png" });

    const stages = await page.evaluate(async (id) => (await fetch(`/api/v1/restapis/${id}/stages`)).json(), apiId);
    expect(stages).toEqual({ items: [] });
    const res = await callGateway(gatehouse.gatewayPort, apiId, "/test/orphan");
    expect(res.status).toBe(403);
  });

  it("shows a bad integration timeout next to its field", async () => {
    await page.getByRole("dialog", { name: "Deploy API" }).getByRole("button", { name: "Cancel" }).click();
    const request = page.getByRole("region", { name: "Method GET /orphan" }).getByRole("region", { name: "Integration Request" });
    await request.getByLabel("Endpoint URL").fill("http://127.0.0.1:9/orphan");
    await request.getByLabel("Timeout (ms)").fill("10");
    await request.getByRole("button", { name: "Create integration" }).click();
    const error = request.locator(".field-error");
    await error.first().waitFor();
    expect(await error.allTextContents()).toEqual(["Timeout is 50–29000 ms"]);
    expect(await request.getByLabel("Timeout (ms)").getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: "test-results/e2e-timeout-error.png" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { login, replaceMonacoText } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/** "Import API" (paste, Validate, Import) and "Export" in the console, against `npm start`. */
describe.skipIf(!hasChromium())("console: OpenAPI import and export", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;

  const document = [
    "openapi: 3.0.1",
    "info:",
    "  title: Pasted pets",
    "  version: '1'",
    "paths:",
    "  /pets/{petId}:",
    "    get:",
    "      parameters:",
    "        - {name: petId, in: path, required: true, schema: {type: string}}",
    "      responses: {'200': {description: ok}}",
    "      x-amazon-apigateway-integration:",
    "        type: mock",
    "        requestTemplates: {application/json: '{\"statusCode\": 200}'}",
    "        responses: {default: {statusCode: '200'}}",
  ].join("\n");

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  it("pastes a document, validates it (summary), imports it, and the API shows its resources", async () => {
    await page.getByRole("button", { name: "Import API" }).click();
    const dialog = page.getByRole("dialog", { name: "Import API" });
    await replaceMonacoText(page, dialog.getByTestId("import-document-editor"), document);
    await dialog.getByRole("button", { name: "Validate" }).click();
    const summary = dialog.getByTestId("import-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/3 resources, 1 methods, 0 models/);
    await expect.poll(() => dialog.getByTestId("import-validation").textContent()).toMatch(/Valid: Pasted pets/);
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/apis\/[a-z0-9]+$/);
    await page.getByRole("heading", { name: "Pasted pets" }).waitFor();
    await page.getByRole("button", { name: "/pets/{petId}", exact: true }).waitFor();
  });

  it("exports the API as a document containing the paths", async () => {
    await page.getByRole("button", { name: "Export" }).click();
    const link = page.getByTestId("export-download");
    const href = await link.getAttribute("href");
    expect(href).toMatch(/\/export\?format=json&extensions=true$/);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("Pasted-pets-oas30-apigateway.json");
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const doc = JSON.parse(await readFile(path, "utf8")) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(["/pets/{petId}"]);
    expect(JSON.stringify(doc)).toContain("x-amazon-apigateway-integration");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { callGateway, hydrated, login, pollUntil, watchExternalRequests } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * A new user's first function, all through the console: write TypeScript in
 * Monaco, see a type error on its line, save, test with the REST v1.0 event,
 * attach it to a method, deploy, call it through the gateway and read its
 * console.log line in the Logs tab.
 */
const FN = "greeter-e2e";
const BROKEN = `export const handler = async (event: APIGatewayProxyEvent, context: Context) => {
const count: number = "not a number";
return { statusCode: 200, body: String(count) };
};
`;
const GOOD = `import { greet } from "./greet";

export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
console.log("greeting", event.pathParameters?.id);
return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ hello: greet(event.pathParameters?.id), from: context.functionName }) };
};
`;
const GREET = `export function greet(id: string | undefined): string {
return "friend " + (id ?? "nobody");
}
`;

describe.skipIf(!hasChromium())("console: write, test, attach, deploy and observe a function", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let apiId = "";

  beforeAll(async () => {
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    external = watchExternalRequests(page);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  /** Replaces the active file's text in Monaco (select all, delete, paste), as a user pasting code would. */
  async function replaceCode(text: string) {
    const editor = page.locator('[data-testid="code-editor"] .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.press("Delete");
    // Pasted rather than typed: typing would let Monaco auto-close brackets and auto-indent.
    await page.evaluate((code) => {
      const data = new DataTransfer();
      data.setData("text/plain", code);
      document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  async function fileText(path: string): Promise<string> {
    const res = await page.request.get(`${gatehouse.consoleUrl}/api/v1/functions/${FN}`);
    return ((await res.json()) as { files: Record<string, string> }).files[path];
  }

  it("creates a TypeScript function from the Functions page", async () => {
    await page.getByRole("link", { name: "Functions" }).click();
    await page.waitForURL(/\/functions$/);
    await hydrated(page);
    const form = page.getByRole("form", { name: "Create function" });
    await form.getByLabel("Function name").fill(FN);
    await form.getByLabel("Language").selectOption("typescript");
    await form.getByRole("button", { name: "Create function" }).click();
    await page.waitForURL(new RegExp(`/functions/${FN}$`));
    await page.getByRole("heading", { name: FN }).waitFor();
    await page.locator('[data-testid="code-editor"] .monaco-editor').first().waitFor();
    expect(await fileText("index.ts")).toContain("Hello from");
  });

  it("shows a type error on its line and saves nothing, then saves two files", async () => {
    await replaceCode(BROKEN);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const problems = page.getByRole("list", { name: "Problems" });
    await problems.waitFor();
    expect(await problems.textContent()).toContain("index.ts:2:7");
    expect(await problems.textContent()).toContain("Type 'string' is not assignable to type 'number'.");
    // The marker is drawn in the editor on that line.
    await page.locator('[data-testid="code-editor"] .squiggly-error').first().waitFor();
    await page.screenshot({ path: "test-results/e2e-function-type-error.png", fullPage: true });
    expect(await fileText("index.ts")).toContain("Hello from");

    // A second file, imported relatively.
    await page.getByRole("button", { name: "Add file" }).click();
    const newFile = page.getByRole("form", { name: "New file" });
    await newFile.getByLabel("New file path").fill("greet.ts");
    await newFile.getByRole("button", { name: "Add" }).click();
    await page.getByRole("tab", { name: "greet.ts" }).waitFor();
    await replaceCode(GREET);
    await page.getByRole("tab", { name: "index.ts" }).click();
    await replaceCode(GOOD);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved.").waitFor();
    expect(await fileText("index.ts")).toContain('console.log("greeting", event.pathParameters?.id);');
    expect(await fileText("greet.ts")).toContain('return "friend "');
    await page.screenshot({ path: "test-results/e2e-function-code.png", fullPage: true });

    // Adding a file is an unsaved change; deleting it again (never saved) leaves the saved files: clean again.
    const code = page.getByRole("region", { name: "Code" });
    await code.getByRole("button", { name: "Add file" }).click();
    const scratch = page.getByRole("form", { name: "New file" });
    await scratch.getByLabel("New file path").fill("scratch.ts");
    await scratch.getByRole("button", { name: "Add" }).click();
    await code.getByRole("tab", { name: "scratch.ts" }).waitFor();
    await code.getByText("Unsaved changes").waitFor();
    await code.getByRole("button", { name: "Delete file" }).click();
    await code.getByRole("tab", { name: "scratch.ts" }).waitFor({ state: "detached" });
    expect(await code.getByText("Unsaved changes").count()).toBe(0);
    expect(await code.getByRole("tab").allTextContents()).toEqual(["greet.ts", "index.ts"]);

  });

  it("completes event.pathParameters from the Lambda types in the editor", async () => {
    // In a scratch file, never saved, so the saved function stays as it is.
    const code = page.getByRole("region", { name: "Code" });
    await code.getByRole("button", { name: "Add file" }).click();
    const scratch = page.getByRole("form", { name: "New file" });
    await scratch.getByLabel("New file path").fill("complete.ts");
    await scratch.getByRole("button", { name: "Add" }).click();
    await code.getByRole("tab", { name: "complete.ts" }).waitFor();
    await replaceCode("export const probe = (event: APIGatewayProxyEvent) => event");
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(".");
    // Monaco's TypeScript worker starts lazily (slowly on a loaded machine): ask again until it answers.
    const suggestions = page.locator('[data-testid="code-editor"] .suggest-widget');
    await pollUntil(async () => {
      const text = (await suggestions.isVisible()) ? await suggestions.innerText() : "";
      if (text.includes("pathParameters")) return true;
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+Space");
      await page.waitForTimeout(1500);
      return false;
    }, 90_000);
    expect(await suggestions.innerText()).toContain("queryStringParameters");
    await page.keyboard.press("Escape");
    await code.getByRole("button", { name: "Delete file" }).click();
    await code.getByRole("tab", { name: "complete.ts" }).waitFor({ state: "detached" });
    expect(await code.getByText("Unsaved changes").count()).toBe(0);
  }, 180_000);

  it("keeps a secret environment variable masked", async () => {
    await page.getByRole("tab", { name: "Settings" }).click();
    const settings = page.getByRole("form", { name: "Function settings" });
    await settings.getByRole("button", { name: "Add variable" }).click();
    await settings.getByLabel("Variable 1 name").fill("GREETING_TOKEN");
    await settings.getByLabel("Variable 1 value").fill("very-secret");
    await settings.getByRole("checkbox").check();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await page.waitForFunction(() => (document.querySelector('input[aria-label="Variable 1 value"]') as HTMLInputElement | null)?.value === "••••••");
    // The form was reloaded with the saved revision (the masked value above), and still says it saved.
    await page.waitForTimeout(300);
    expect(await settings.getByText("Saved.").isVisible()).toBe(true);
    const res = await page.request.get(`${gatehouse.consoleUrl}/api/v1/functions/${FN}`);
    const body = await res.text();
    expect(body).not.toContain("very-secret");
    expect(JSON.parse(body).environment).toEqual({ GREETING_TOKEN: { value: "••••••", secret: true } });
    await page.screenshot({ path: "test-results/e2e-function-settings.png", fullPage: true });
    // Until the next edit.
    await settings.getByLabel("Description").fill("greets");
    await settings.getByText("Saved.").waitFor({ state: "detached" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await settings.getByText("Saved.").waitFor();
    await page.waitForTimeout(300);
    expect(await settings.getByText("Saved.").isVisible()).toBe(true);
    expect(await settings.getByLabel("Description").inputValue()).toBe("greets");
  });

  it("tests it with the REST proxy v1.0 event: result, durations, memory and its console.log line", async () => {
    await page.getByRole("tab", { name: "Test" }).click();
    const eventCard = page.getByRole("region", { name: "Test event" });
    expect(await eventCard.getByLabel("Template").inputValue()).toBe("rest-v1");
    await page.locator('[data-testid="event-editor"] .monaco-editor').first().waitFor();
    await eventCard.getByRole("button", { name: "Run" }).click();
    const payload = page.getByTestId("invoke-payload");
    await payload.waitFor();
    const text = (await payload.textContent()) ?? "";
    expect(text).toContain('"statusCode": 200');
    expect(text).toContain('\\"hello\\":\\"friend 42\\"');
    expect(await page.getByTestId("invoke-logs").textContent()).toContain("greeting 42");
    expect(await page.getByTestId("billed-duration").textContent()).toMatch(/^\d+ ms$/);
    expect(await page.getByTestId("peak-memory").textContent()).toMatch(/MB \/ 128 MB$/);
    await page.getByText("Succeeded").waitFor();
    await page.screenshot({ path: "test-results/e2e-function-test.png", fullPage: true });
  });

  it("attaches it to GET /greet/{id} (Integration Request → Function), deploys and answers through the gateway", async () => {
    await page.getByRole("link", { name: "APIs" }).click();
    await page.waitForURL(/\/apis$/);
    await hydrated(page);
    await page.getByRole("button", { name: "Create API" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API" });
    await dialog.getByLabel("Name", { exact: true }).fill("greeter-api");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/apis\/[a-z0-9]+$/);
    apiId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("region", { name: "Resource /" }).waitFor();

    for (const [parent, part] of [["/", "greet"], ["/greet", "{id}"]]) {
      await page.getByRole("button", { name: parent, exact: true }).click();
      const panel = page.getByRole("region", { name: `Resource ${parent}` });
      await panel.getByLabel("Path part").fill(part);
      await panel.getByRole("button", { name: "Create resource" }).click();
      await page.getByRole("region", { name: `Resource ${parent === "/" ? "" : parent}/${part}` }).waitFor();
    }
    const resource = page.getByRole("region", { name: "Resource /greet/{id}" });
    await resource.getByLabel("HTTP method").selectOption("GET");
    await resource.getByRole("button", { name: "Create method" }).click();
    const request = page.getByRole("region", { name: "Method GET /greet/{id}" }).getByRole("region", { name: "Integration Request" });
    await request.getByLabel("Integration type").selectOption("AWS_PROXY");
    // The function list is offered as suggestions.
    expect(await request.locator("datalist option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toContain(FN);
    await request.getByLabel("Function name").fill(FN);
    await request.getByRole("button", { name: "Create integration" }).click();
    await request.getByRole("button", { name: "Save integration request" }).waitFor();

    await page.getByRole("button", { name: "Deploy API" }).click();
    const deploy = page.getByRole("dialog", { name: "Deploy API" });
    await deploy.getByLabel("Stage", { exact: true }).selectOption({ label: "[New stage]" });
    await deploy.getByLabel("Stage name").fill("test");
    await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
    await deploy.getByRole("status").waitFor();
    await deploy.getByRole("button", { name: "Done" }).click();

    let last = { status: 0, text: "" };
    await pollUntil(async () => {
      last = await callGateway(gatehouse.gatewayPort, apiId, "/test/greet/7");
      return last.status === 200;
    });
    expect(JSON.parse(last.text)).toEqual({ hello: "friend 7", from: FN });
  });

  it("shows the gateway call's console.log line in the Logs tab, filterable by request id", async () => {
    await page.goto(`${gatehouse.consoleUrl}/functions/${FN}`);
    await hydrated(page);
    await page.getByRole("tab", { name: "Logs" }).click();
    const logs = page.getByRole("region", { name: "Logs" });
    await pollUntil(async () => {
      await logs.getByRole("button", { name: "Refresh" }).click();
      await page.waitForTimeout(200);
      return ((await logs.getByRole("table", { name: "Log lines" }).textContent().catch(() => "")) ?? "").includes("greeting 7");
    });
    const row = logs.getByRole("row").filter({ hasText: "greeting 7" }).first();
    const requestId = (await row.getByRole("button").textContent())!.trim();
    expect(requestId).not.toBe("");
    await row.getByRole("button").click();
    await pollUntil(async () => {
      const rows = await logs.getByRole("row").allTextContents();
      return rows.length > 1 && rows.slice(1).every((r) => r.includes(requestId));
    });
    await page.screenshot({ path: "test-results/e2e-function-logs.png", fullPage: true });
    expect(external).toEqual([]);
  });
});

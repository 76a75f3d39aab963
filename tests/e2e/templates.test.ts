import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { request } from "undici";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login, monacoText, pollUntil, replaceMonacoText, startBackend, watchExternalRequests, type Backend } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * Issue 6 in the browser, as a new user would: mapping templates (a mock answering XML),
 * request validation with a model, a customized gateway response, and the template
 * editor's syntax marker and preview.
 */
describe.skipIf(!hasChromium())("console: mapping templates, request validation, gateway responses", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let apiId = "";
  let backend: Backend;

  beforeAll(async () => {
    [gatehouse, backend] = await Promise.all([startGatehouse(), startBackend()]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    page.setDefaultTimeout(20_000);
    external = watchExternalRequests(page);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
    await backend?.close();
  });

  /** Calls the deployed API by Host header on the gateway's port; returns status, headers and body. */
  async function call(path: string, init: { method?: "GET" | "POST"; body?: string; contentType?: string } = {}) {
    const res = await request(`http://127.0.0.1:${gatehouse.gatewayPort}${path}`, {
      method: init.method ?? "GET",
      headers: {
        host: `${apiId}.execute-api.localhost`,
        ...(init.contentType ? { "content-type": init.contentType } : {}),
      },
      body: init.body,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  }

  const replaceText = (container: Locator, text: string) => replaceMonacoText(page, container, text);
  const editorText = monacoText;

  async function createResource(parentPath: string, pathPart: string) {
    await page.getByRole("button", { name: parentPath, exact: true }).click();
    const panel = page.getByRole("region", { name: `Resource ${parentPath}` });
    await panel.getByLabel("Path part").fill(pathPart);
    await panel.getByRole("button", { name: "Create resource" }).click();
    const path = parentPath === "/" ? `/${pathPart}` : `${parentPath}/${pathPart}`;
    await page.getByRole("region", { name: `Resource ${path}` }).waitFor();
    return path;
  }

  async function createMethod(path: string, verb: string) {
    const panel = page.getByRole("region", { name: `Resource ${path}` });
    await panel.getByLabel("HTTP method").selectOption(verb);
    await panel.getByRole("button", { name: "Create method" }).click();
    const method = page.getByRole("region", { name: `Method ${verb} ${path}` });
    await method.waitFor();
    return method;
  }

  /** A MOCK integration through the Integration Request box (it adds the default 200 responses). */
  async function createMock(method: Locator) {
    const integration = method.getByRole("region", { name: "Integration Request" });
    await integration.getByLabel("Integration type").selectOption("MOCK");
    // The mock's request template is preset, shown in the VTL editor.
    await expect.poll(() => editorText(integration.getByTestId("template-editor").first())).toContain('{"statusCode": 200}');
    await integration.getByRole("button", { name: "Create integration" }).click();
    await method.getByRole("form", { name: "Integration response 200" }).waitFor();
    await method.getByRole("form", { name: "Method response 200" }).waitFor();
    return integration;
  }

  async function openTab(name: string) {
    await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name }).click();
    await hydrated(page);
  }

  async function deploy(newStage?: string): Promise<string> {
    await page.getByRole("button", { name: "Deploy API" }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy API" });
    if (newStage) {
      await dialog.getByLabel("Stage", { exact: true }).selectOption({ label: "[New stage]" });
      await dialog.getByLabel("Stage name").fill(newStage);
    }
    await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
    const status = dialog.getByRole("status").or(dialog.getByRole("alert"));
    await status.first().waitFor();
    const text = (await status.first().textContent()) ?? "";
    const id = /Deployed (\S+) to stage/.exec(text)?.[1];
    expect(id, `deploy failed: ${text}`).toBeTruthy();
    await dialog.getByRole("button", { name: "Done" }).click();
    return id!;
  }

  it("creates an API", async () => {
    await page.getByRole("button", { name: "Create API" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API" });
    await dialog.getByLabel("Name", { exact: true }).fill("templates-e2e");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/apis\/[a-z0-9]+$/);
    apiId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("region", { name: "Resource /" }).waitFor();
  });

  it("(a) a GET /xml mock renders XML through its integration response template, with a mapped Content-Type", async () => {
    await createResource("/", "xml");
    const method = await createMethod("/xml", "GET");
    await createMock(method);

    // Method response 200 declares Content-Type…
    const methodResponse = method.getByRole("form", { name: "Method response 200" });
    await methodResponse.getByRole("button", { name: "Add response header" }).click();
    await methodResponse.getByLabel("Response headers name 1").fill("Content-Type");
    const savedMethodResponse = page.waitForResponse((r) => r.url().endsWith("/methods/GET/responses/200") && r.request().method() === "PUT");
    await methodResponse.getByRole("button", { name: "Save method response 200" }).click();
    expect((await savedMethodResponse).status()).toBe(200);

    // …and integration response 200 maps it to a static value and renders XML from JSON.
    const response = method.getByRole("form", { name: "Integration response 200" });
    await response.getByRole("button", { name: "Add header mapping" }).click();
    await response.getByLabel("Header mappings response header 1").fill("method.response.header.Content-Type");
    await response.getByLabel("Header mappings mapped from 1").fill("'application/xml'");
    const template = '#set($d = {"name": "Ada"})<user><name>$d.name</name></user>';
    await replaceText(response.getByTestId("template-editor").first(), template);
    await expect.poll(() => editorText(response.getByTestId("template-editor").first())).toBe(template);
    const saved = page.waitForResponse((r) => r.url().endsWith("/integration/responses/200") && r.request().method() === "PUT");
    await response.getByRole("button", { name: "Save integration response 200" }).click();
    const savedResponse = await saved;
    expect(savedResponse.status(), await savedResponse.text()).toBe(200);
    await page.screenshot({ path: "test-results/e2e-templates-xml.png", fullPage: true });

    await deploy("test");
    await pollUntil(async () => (await call("/test/xml")).status === 200);
    const res = await call("/test/xml");
    expect(res.text).toBe("<user><name>Ada</name></user>");
    expect(String(res.headers["content-type"])).toBe("application/xml");
  });

  it("(b) a model and a body validator reject a bad POST body with 400 and pass a good one", async () => {
    await openTab("Models");
    const models = page.getByRole("region", { name: "Models" });
    await models.getByRole("button", { name: "Create model" }).click();
    const dialog = page.getByRole("dialog", { name: "Create model" });
    await dialog.getByLabel("Model name").fill("User");
    const schemaEditor = dialog.getByTestId("model-schema-editor");

    // Broken JSON: the API's problem is shown under the schema, nothing is created.
    await replaceText(schemaEditor, '{"type": "object",');
    await dialog.getByRole("button", { name: "Create model" }).click();
    await dialog.getByTestId("schema-errors").waitFor();

    const schema = JSON.stringify({
      $schema: "http://json-schema.org/draft-04/schema#",
      title: "User",
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
    });
    await replaceText(schemaEditor, schema);
    await expect.poll(() => editorText(schemaEditor)).toContain('"required":["name"]');
    await dialog.getByRole("button", { name: "Create model" }).click();
    await dialog.waitFor({ state: "detached" });
    await models.getByRole("cell", { name: "User", exact: true }).waitFor();

    // "Generate template" shows the model's mapping template read-only.
    await models.getByRole("button", { name: "Generate template from User" }).click();
    const generated = page.getByRole("dialog", { name: "Template from User" });
    await expect.poll(() => editorText(generated.getByTestId("template-editor"))).toContain("name");
    await page.screenshot({ path: "test-results/e2e-templates-generated.png" });
    await generated.getByRole("button", { name: "Done" }).click();

    const validators = page.getByRole("region", { name: "Request validators" });
    const newValidator = validators.getByRole("form", { name: "Create request validator" });
    await newValidator.getByLabel("New validator name").fill("body");
    expect(await newValidator.getByLabel("Validate body").isChecked()).toBe(true);
    await newValidator.getByRole("button", { name: "Create validator" }).click();
    await validators.getByRole("form", { name: "Validator body" }).waitFor();

    await openTab("Resources");
    await page.getByRole("region", { name: "Resource /" }).waitFor();
    await createResource("/", "users");
    const method = await createMethod("/users", "POST");
    const methodRequest = method.getByRole("region", { name: "Method Request" });
    await methodRequest.getByLabel("Request validator").selectOption({ label: "body (body)" });
    await methodRequest.getByRole("button", { name: "Add request model" }).click();
    expect(await methodRequest.getByLabel("Request models content type 1").inputValue()).toBe("application/json");
    await methodRequest.getByLabel("Request models model 1").selectOption("User");
    const savedMethod = page.waitForResponse((r) => r.url().endsWith("/methods/POST") && r.request().method() === "PATCH");
    await methodRequest.getByRole("button", { name: "Save method request" }).click();
    const savedMethodResponse = await savedMethod;
    expect(savedMethodResponse.status(), await savedMethodResponse.text()).toBe(200);
    await createMock(method);
    await page.screenshot({ path: "test-results/e2e-templates-validation.png", fullPage: true });

    await deploy();
    await pollUntil(async () => (await call("/test/users", { method: "POST", body: '{"name":"Ada"}', contentType: "application/json" })).status === 200);
    const bad = await call("/test/users", { method: "POST", body: '{"age": 3}', contentType: "application/json" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({ message: "Invalid request body" });
    const good = await call("/test/users", { method: "POST", body: '{"name":"Ada"}', contentType: "application/json" });
    expect(good.status).toBe(200);
  });

  it("(c) a customized DEFAULT_4XX adds Access-Control-Allow-Origin to the 403 of an unknown path", async () => {
    await openTab("Gateway responses");
    const table = page.getByRole("region", { name: "Gateway responses" });
    await table.getByRole("button", { name: "Edit DEFAULT_4XX" }).click();
    const dialog = page.getByRole("dialog", { name: "Gateway response DEFAULT_4XX" });
    await dialog.getByRole("button", { name: "Add response header" }).click();
    await dialog.getByLabel("Response headers header 1").fill("Access-Control-Allow-Origin");
    await dialog.getByLabel("Response headers value 1").fill("'*'");
    await page.screenshot({ path: "test-results/e2e-templates-gateway-response.png" });
    const saved = page.waitForResponse((r) => r.url().endsWith("/gatewayresponses/DEFAULT_4XX") && r.request().method() === "PUT");
    await dialog.getByRole("button", { name: "Save gateway response" }).click();
    const savedResponse = await saved;
    // 201 the first time the type is customized.
    expect(savedResponse.ok(), await savedResponse.text()).toBe(true);
    await dialog.waitFor({ state: "detached" });
    await page.getByTestId("gateway-response-DEFAULT_4XX").getByText("customized").waitFor();

    await deploy();
    await pollUntil(async () => (await call("/test/no/such/path")).headers["access-control-allow-origin"] === "*");
    const res = await call("/test/no/such/path");
    expect(res.status).toBe(403);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
  });

  it("(d) the template editor marks a syntax error, the API refuses to save it, and the preview renders a sample body", async () => {
    await openTab("Resources");
    await page.getByRole("button", { name: "GET /xml", exact: true }).click();
    const method = page.getByRole("region", { name: "Method GET /xml" });
    const integration = method.getByRole("region", { name: "Integration Request" });
    const editor = integration.getByTestId("template-editor").first();

    await replaceText(editor, "#if(");
    const problem = editor.getByTestId("template-syntax-problem");
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/Line 1, column \d+/);
    await editor.locator(".squiggly-error").first().waitFor();

    // Saved anyway: the API says where, under the editor; nothing is saved.
    const refused = page.waitForResponse((r) => r.url().endsWith("/methods/GET/integration") && r.request().method() === "PATCH");
    await integration.getByRole("button", { name: "Save integration request" }).click();
    expect((await refused).status()).toBe(400);
    const saveProblem = editor.getByTestId("template-save-problem");
    await saveProblem.waitFor();
    expect(await saveProblem.textContent()).toMatch(/^Line 1, column \d+: /);
    await page.screenshot({ path: "test-results/e2e-templates-syntax.png", fullPage: true });

    // A good template, previewed against the sample body (no deploy).
    const template = `{"greeting": "Hello $input.path('$.name')", "method": "$context.httpMethod"}`;
    await replaceText(editor, template);
    await expect.poll(async () => editor.getByTestId("template-syntax-problem").count()).toBe(0);
    await integration.getByRole("button", { name: "Show preview of request templates 1" }).click();
    const preview = integration.getByRole("region", { name: "Template preview" });
    await preview.getByTestId("preview-body-editor").locator(".monaco-editor").waitFor();
    await replaceText(preview.getByTestId("preview-body-editor"), '{"name": "Grace"}');
    await preview.getByLabel("Sample HTTP method").fill("GET");
    await preview.getByRole("button", { name: "Preview", exact: true }).click();
    const output = preview.getByTestId("preview-output");
    await output.waitFor();
    expect(JSON.parse((await output.textContent()) ?? "")).toEqual({ greeting: "Hello Grace", method: "GET" });
    await page.screenshot({ path: "test-results/e2e-templates-preview.png", fullPage: true });

    // A syntax error in the preview is reported, not rendered.
    await replaceText(editor, "#foreach($x in");
    await preview.getByRole("button", { name: "Preview", exact: true }).click();
    await preview.getByRole("alert").getByText(/Syntax error: Line 1, column \d+/).waitFor();
    expect(external).toEqual([]);
  });
  it("(e) an HTTP integration reshapes the request body with a template and maps the backend's 404 to a custom 404", async () => {
    // Already on Resources (with GET /xml selected): createResource selects "/" first.
    await createResource("/", "people");
    const method = await createMethod("/people", "POST");
    const integration = method.getByRole("region", { name: "Integration Request" });
    await integration.getByLabel("Integration type").selectOption("HTTP");
    await integration.getByLabel("HTTP method").selectOption("POST");
    // The backend answers the status a /status/{code} path asks for; the query string picks it.
    await integration.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${backend.port}/status/{code}/people`);
    await integration.getByRole("button", { name: "Add request parameter mapping" }).click();
    await integration.getByLabel("Request parameter mappings integration parameter 1").fill("integration.request.path.code");
    await integration.getByLabel("Request parameter mappings mapped from 1").fill("method.request.querystring.code");
    await integration.getByRole("button", { name: "Add request template" }).click();
    const reshape = `{"fullName": "$input.path('$.first') $input.path('$.last')", "source": "console"}`;
    await replaceText(integration.getByTestId("template-editor").first(), reshape);
    const created = page.waitForResponse((r) => r.url().endsWith("/methods/POST/integration") && r.request().method() === "PUT");
    await integration.getByRole("button", { name: "Create integration" }).click();
    const createdResponse = await created;
    expect(createdResponse.status(), await createdResponse.text()).toBe(201);
    await method.getByRole("form", { name: "Integration response 200" }).waitFor();

    // 404 from the backend → method response 404 with its own body.
    const methodResponses = method.getByRole("region", { name: "Method Response" });
    await methodResponses.getByLabel("Add method response: status code").fill("404");
    await methodResponses.getByRole("button", { name: "Add method response" }).click();
    await method.getByRole("form", { name: "Method response 404" }).waitFor();
    const responses = method.getByRole("region", { name: "Integration Response" });
    await responses.getByLabel("Add integration response: status code").fill("404");
    await responses.getByRole("button", { name: "Add integration response" }).click();
    const notFound = method.getByRole("form", { name: "Integration response 404" });
    await notFound.waitFor();
    expect(await notFound.getByLabel("Selection pattern").inputValue()).toBe("404");
    await notFound.getByRole("button", { name: "Add response template" }).click();
    await replaceText(notFound.getByTestId("template-editor").first(), '{"message": "No such person"}');
    const saved = page.waitForResponse((r) => r.url().endsWith("/integration/responses/404") && r.request().method() === "PUT");
    await notFound.getByRole("button", { name: "Save integration response 404" }).click();
    const savedResponse = await saved;
    expect(savedResponse.status(), await savedResponse.text()).toBe(200);
    await page.screenshot({ path: "test-results/e2e-templates-http.png", fullPage: true });

    await deploy();
    const person = JSON.stringify({ first: "Ada", last: "Lovelace" });
    await pollUntil(async () => (await call("/test/people?code=200", { method: "POST", body: person, contentType: "application/json" })).status === 200);
    expect(JSON.parse(backend.bodies.at(-1)!)).toEqual({ fullName: "Ada Lovelace", source: "console" });
    expect(backend.requests.at(-1)).toBe("POST /status/200/people");
    const missing = await call("/test/people?code=404", { method: "POST", body: person, contentType: "application/json" });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ message: "No such person" });
  });
  it("(f) the Settings tab saves binary media types and the API key source", async () => {
    await openTab("Settings");
    const settings = page.getByRole("region", { name: "API settings" });
    await settings.getByLabel("Binary media types").fill("image/png\napplication/octet-stream");
    await settings.getByLabel("API key source").selectOption("AUTHORIZER");
    const saved = page.waitForResponse((r) => r.url().endsWith(`/restapis/${apiId}`) && r.request().method() === "PATCH");
    await settings.getByRole("button", { name: "Save settings" }).click();
    expect((await saved).status()).toBe(200);
    await settings.getByRole("status").getByText(/Saved/).waitFor();
    await page.reload();
    await hydrated(page);
    const reloaded = page.getByRole("region", { name: "API settings" });
    expect(await reloaded.getByLabel("Binary media types").inputValue()).toBe("image/png\napplication/octet-stream");
    expect(await reloaded.getByLabel("API key source").inputValue()).toBe("AUTHORIZER");
  });
});

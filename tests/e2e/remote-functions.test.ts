import http from "node:http";
import { createHash, createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { canonicalHeaders, canonicalPath, canonicalQuery, parseAuthorization, signingKey } from "../../lib/aws/sigv4";
import { hasChromium, launchChromium } from "./browser";
import { callGateway, hydrated, login, pollUntil, watchExternalRequests } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * A remote function as a user sets one up: register the ARN, endpoint and
 * credentials on the Functions page's "Remote functions" tab (the secret is
 * never shown again), point an AWS_PROXY method at that ARN, deploy, and the
 * gateway answers with what a local Lambda Invoke API returned — called with a
 * SigV4 signature this test's endpoint checks with the secret it knows.
 */
const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:remote-orders";
const ACCESS_KEY_ID = "AKIDE2EREMOTE0001";
const SECRET = "e2e-remote-secret-Zq8xW2";
const ROTATED_SECRET = "e2e-rotated-secret-Kp4mN7";

interface Invocation {
  url: string;
  authorization: string;
  signatureOk: boolean;
  event: { path?: string; httpMethod?: string };
}

/** A tiny Lambda Invoke API: `POST /2015-03-31/functions/{arn}/invocations`, 403 unless SigV4 verifies under `secret`. */
async function startInvokeApi() {
  const state = { secret: SECRET, invocations: [] as Invocation[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url!, `http://${req.headers.host}`);
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
      if (req.method !== "POST" || !match) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "not an Invoke API path" }));
        return;
      }
      const signatureOk = verify(req, url, body, state.secret);
      let event: Invocation["event"] = {};
      try {
        event = JSON.parse(body) as Invocation["event"];
      } catch {
        event = {};
      }
      state.invocations.push({ url: req.url!, authorization: String(req.headers.authorization ?? ""), signatureOk, event });
      if (!signatureOk) {
        res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ message: "The request signature we calculated does not match the signature you provided." }));
        return;
      }
      const answer = {
        statusCode: 200,
        headers: { "content-type": "application/json", "x-remote": "invoke-api" },
        body: JSON.stringify({ from: "remote", function: decodeURIComponent(match[1]), path: event.path, method: event.httpMethod }),
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    state,
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Recomputes the SigV4 signature (service lambda) with the secret the endpoint knows. */
function verify(req: http.IncomingMessage, url: URL, body: string, secret: string): boolean {
  const auth = parseAuthorization(req.headers.authorization);
  if (!auth || auth.accessKeyId !== ACCESS_KEY_ID || auth.service !== "lambda" || auth.region !== "eu-west-1") return false;
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(auth.dateStamp)) return false;
  const payloadHash = createHash("sha256").update(body).digest("hex");
  if (req.headers["x-amz-content-sha256"] !== undefined && req.headers["x-amz-content-sha256"] !== payloadHash) return false;
  const signed: Array<[string, string]> = [];
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return false;
    signed.push([name, Array.isArray(value) ? value.join(",") : value]);
  }
  const { canonical, signedHeaders } = canonicalHeaders(signed);
  const creq = [req.method, canonicalPath(url), canonicalQuery(url), canonical, signedHeaders, payloadHash].join("\n");
  const scope = `${auth.dateStamp}/${auth.region}/${auth.service}/aws4_request`;
  const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(creq).digest("hex")].join("\n");
  return createHmac("sha256", signingKey(secret, auth.dateStamp, auth.region, auth.service)).update(sts).digest("hex") === auth.signature;
}

describe.skipIf(!hasChromium())("console: register a remote function and serve a method from it", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let invokeApi: Awaited<ReturnType<typeof startInvokeApi>>;
  let apiId = "";

  beforeAll(async () => {
    invokeApi = await startInvokeApi();
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
    await invokeApi?.close();
  });

  /** Neither the page's markup nor any control's current value holds `secret`. */
  async function expectSecretNowhere(secret: string) {
    expect(await page.content()).not.toContain(secret);
    const values = await page.evaluate(() => Array.from(document.querySelectorAll("input, textarea")).map((el) => (el as HTMLInputElement).value));
    expect(values.join("\n")).not.toContain(secret);
  }

  const section = () => page.getByRole("region", { name: "Remote functions" });

  it("registers a remote function on the Functions page, showing field errors first", async () => {
    await page.getByRole("link", { name: "Functions" }).click();
    await page.waitForURL(/\/functions$/);
    await hydrated(page);
    await page.getByRole("tab", { name: "Remote functions" }).click();
    await section().getByText("No remote functions registered.").waitFor();
    expect(await section().textContent()).toContain("SigV4");

    await section().getByRole("button", { name: "Register remote function" }).click();
    const form = page.getByRole("form", { name: "Register remote function" });
    await form.getByLabel("Function ARN").fill("arn:aws:lambda:nope");
    await form.getByLabel("Endpoint URL").fill("ftp://somewhere");
    await form.getByRole("button", { name: "Register" }).click();
    await form.getByText("Must be a function ARN", { exact: false }).waitFor();
    expect(await form.getByLabel("Function ARN").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Endpoint URL").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Access key ID").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Secret access key").getAttribute("aria-invalid")).toBe("true");

    await form.getByLabel("Function ARN").fill(ARN);
    await form.getByLabel("Endpoint URL").fill(invokeApi.endpoint);
    await form.getByLabel("Access key ID").fill(ACCESS_KEY_ID);
    await form.getByLabel("Secret access key").fill(SECRET);
    expect(await form.getByLabel("Secret access key").getAttribute("type")).toBe("password");
    await form.getByLabel("Description").fill("orders, on the local Invoke API");
    await form.getByRole("button", { name: "Register" }).click();
    await form.waitFor({ state: "detached" });

    const table = section().getByRole("table", { name: "Remote functions" });
    const row = table.getByRole("row").filter({ hasText: ARN });
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain(invokeApi.endpoint);
    expect(text).toContain("eu-west-1");
    expect(text).toContain("AKIDE2ER…");
    expect(text).toContain("orders, on the local Invoke API");
    await expectSecretNowhere(SECRET);
    await page.screenshot({ path: "test-results/e2e-remote-functions.png", fullPage: true });

    // The tab is in the URL (#remote): a reload comes back to it, and the record is there.
    expect(new URL(page.url()).hash).toBe("#remote");
    await page.reload();
    await hydrated(page);
    await section().getByRole("row").filter({ hasText: ARN }).waitFor();
    await expectSecretNowhere(SECRET);

    const listed = await page.request.get(`${gatehouse.consoleUrl}/api/v1/remote-functions`);
    const listedText = await listed.text();
    expect(listedText).not.toContain(SECRET);
    expect(JSON.parse(listedText).items).toEqual([expect.objectContaining({ functionArn: ARN, endpoint: invokeApi.endpoint, region: "eu-west-1", accessKeyId: ACCESS_KEY_ID, hasSecret: true, hasSessionToken: false })]);
  });

  it("serves an AWS_PROXY method naming that ARN from the remote endpoint, SigV4-signed", async () => {
    const base = `${gatehouse.consoleUrl}/api/v1`;
    const created = await page.request.post(`${base}/restapis`, { data: { name: "remote-orders-api" } });
    expect(created.status()).toBe(201);
    const restApi = (await created.json()) as { id: string; rootResourceId: string };
    apiId = restApi.id;
    const resource = await page.request.post(`${base}/restapis/${apiId}/resources/${restApi.rootResourceId}`, { data: { pathPart: "orders" } });
    expect(resource.status()).toBe(201);
    const method = `${base}/restapis/${apiId}/resources/${((await resource.json()) as { id: string }).id}/methods/GET`;
    expect((await page.request.put(method, { data: {} })).status()).toBe(201);
    const uri = `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${ARN}/invocations`;
    const integration = await page.request.put(`${method}/integration`, { data: { type: "AWS_PROXY", httpMethod: "POST", uri } });
    expect(integration.status(), await integration.text()).toBe(201);
    const deployed = await page.request.post(`${base}/restapis/${apiId}/deployments`, { data: { stageName: "prod" } });
    expect(deployed.status(), await deployed.text()).toBe(201);

    let last = { status: 0, text: "" };
    await pollUntil(async () => {
      last = await callGateway(gatehouse.gatewayPort, apiId, "/prod/orders");
      return last.status === 200;
    });
    expect(JSON.parse(last.text)).toEqual({ from: "remote", function: ARN, path: "/orders", method: "GET" });
    const call = invokeApi.state.invocations.at(-1)!;
    expect(call.url).toBe(`/2015-03-31/functions/${encodeURIComponent(ARN)}/invocations`);
    expect(call.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/eu-west-1/lambda/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
    expect(call.signatureOk).toBe(true);
  });

  it("edits without retyping the secret (kept), then rotates it without a redeploy", async () => {
    const row = section().getByRole("row").filter({ hasText: ARN });
    await row.getByRole("button", { name: `Edit ${ARN}` }).click();
    const form = page.getByRole("form", { name: "Edit remote function" });
    expect(await form.getByLabel("Secret access key").inputValue()).toBe("");
    expect(await form.getByLabel("Function ARN").getAttribute("readonly")).not.toBeNull();
    await form.getByLabel("Description").fill("orders, described again");
    await form.getByRole("button", { name: "Save" }).click();
    await form.waitFor({ state: "detached" });
    await row.getByText("orders, described again").waitFor();
    // The empty secret field kept the stored secret: the endpoint still verifies the signature.
    const kept = await callGateway(gatehouse.gatewayPort, apiId, "/prod/orders");
    expect(kept.status, kept.text).toBe(200);
    expect(invokeApi.state.invocations.at(-1)!.signatureOk).toBe(true);

    // Rotation: the endpoint now expects a new secret (calls fail until the record has it too).
    invokeApi.state.secret = ROTATED_SECRET;
    expect((await callGateway(gatehouse.gatewayPort, apiId, "/prod/orders")).status).toBe(502);
    await row.getByRole("button", { name: `Edit ${ARN}` }).click();
    await form.getByLabel("Secret access key").fill(ROTATED_SECRET);
    await form.getByRole("button", { name: "Save" }).click();
    await form.waitFor({ state: "detached" });
    await expectSecretNowhere(ROTATED_SECRET);
    await expectSecretNowhere(SECRET);
    let last = { status: 0, text: "" };
    await pollUntil(async () => {
      last = await callGateway(gatehouse.gatewayPort, apiId, "/prod/orders");
      return last.status === 200;
    });
    expect(JSON.parse(last.text)).toMatchObject({ from: "remote", function: ARN });
  });

  it("deletes it after confirming", async () => {
    await section().getByRole("button", { name: `Delete ${ARN}` }).click();
    const dialog = page.getByRole("dialog", { name: "Delete remote function?" });
    expect(await dialog.textContent()).toContain(ARN);
    await dialog.getByRole("button", { name: "Delete remote function" }).click();
    await dialog.waitFor({ state: "detached" });
    await section().getByText("No remote functions registered.").waitFor();
    const listed = await page.request.get(`${gatehouse.consoleUrl}/api/v1/remote-functions`);
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
    expect(external).toEqual([]);
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Locator, Page } from "playwright-core";
import { request } from "undici";

/** Signs in through the login form (after hydration) and waits for the APIs page. */
export async function login(page: Page, consoleUrl: string, email: string, password: string) {
  await page.goto(`${consoleUrl}/login`);
  await page.waitForSelector('form[data-hydrated="true"]');
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/apis$/);
  await hydrated(page);
}

/** Waits until React has attached to the console's page area. */
export async function hydrated(page: Page) {
  await page.waitForSelector('main[data-hydrated="true"]');
}

/** Calls a deployed stage as curl would: by Host header, on the gateway's port. */
export async function callGateway(gatewayPort: number, apiId: string, path: string, method: "GET" | "POST" = "GET") {
  const res = await request(`http://127.0.0.1:${gatewayPort}${path}`, {
    method,
    headers: { host: `${apiId}.execute-api.localhost` },
  });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

/** Polls `probe` until it returns true; returns the milliseconds it took. */
export async function pollUntil(probe: () => Promise<boolean>, deadlineMs = 15_000, everyMs = 50): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > deadlineMs) throw new Error(`not true within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Backend {
  port: number;
  requests: string[];
  /** The body of each request, in order. */
  bodies: string[];
  close(): Promise<void>;
}

/**
 * A local HTTP backend on 127.0.0.1 and a free port: answers JSON naming the path it was asked for, with the
 * status a `/status/{code}/…` path asks for (200 otherwise).
 */
export async function startBackend(): Promise<Backend> {
  const requests: string[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push(`${req.method} ${req.url}`);
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      const status = Number(/^\/status\/(\d{3})/.exec(req.url ?? "")?.[1] ?? 200);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ backend: true, method: req.method, path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Records every request the page makes that leaves this machine (there must be none: no CDN). */
export function watchExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return;
    const host = url.hostname;
    if (host === "localhost" || host.endsWith(".localhost") || host === "127.0.0.1") return;
    external.push(req.url());
  });
  return external;
}

/** Replaces a Monaco editor's text inside `container` (select all, delete, paste), as a user pasting would. */
export async function replaceMonacoText(page: Page, container: Locator, text: string) {
  const editor = container.locator(".monaco-editor").first();
  await editor.waitFor();
  await editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  // Pasted rather than typed: typing would let Monaco auto-close brackets and quotes.
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  const firstLine = text.split("\n")[0];
  await pollUntil(async () => (await monacoText(container)).includes(firstLine));
}

/** The visible text of the first Monaco editor inside `container`, spaces normalized. */
export async function monacoText(container: Locator): Promise<string> {
  const text = (await container.locator(".monaco-editor .view-lines").first().textContent()) ?? "";
  return text.replace(/\u00a0/g, " ");
}

import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { callGateway, hydrated, login, pollUntil } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * Dark mode and laptop widths, as a user with a dark OS would see them: the console follows
 * `prefers-color-scheme` from the first paint, the sidebar's toggle overrides it and is remembered,
 * charts and Monaco follow, and the dashboard and API pages fit 1024 px and 1280 px wide screens.
 */

/** Relative luminance (0 black … 1 white) of a computed CSS colour (`rgb(…)` / `rgba(…)`). */
function luminance(color: string): number {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(color);
  if (!m) throw new Error(`not an rgb() colour: ${color}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Hex (#rrggbb) → rgb(r, g, b), as getComputedStyle reports colours. */
function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex.replace("#", ""), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

const bodyColors = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return { background: style.backgroundColor, color: style.color };
  });

const themeAttributes = (page: Page) =>
  page.evaluate(() => ({
    theme: document.documentElement.getAttribute("data-theme"),
    preference: document.documentElement.getAttribute("data-theme-preference"),
    stored: localStorage.getItem("gatehouse-theme"),
  }));

/** How far the page scrolls sideways, and the widest elements sticking out of the viewport (for the message). */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    // Monaco lays out its lines in huge boxes that it clips itself: not the page's overflow.
    const culprits = [...document.querySelectorAll("main *")]
      .filter((el) => !el.closest(".monaco-editor") && el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  });

async function settle(page: Page) {
  await hydrated(page);
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
}

describe.skipIf(!hasChromium())("console: dark mode and laptop widths", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** React's hydration errors (production builds report them as minified errors #418 / #423 / #425). */
  const hydrationErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync("test-results", { recursive: true });
    gatehouse = await startGatehouse();
    browser = await launchChromium();
    // A laptop with a dark OS theme.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
    // Records the theme <html> carries when <body> is first parsed: set there, it was set before the first paint.
    await context.addInitScript(() => {
      const w = window as unknown as { __themeAtBody?: string | null };
      const observer = new MutationObserver(() => {
        if (document.body) {
          w.__themeAtBody = document.documentElement.getAttribute("data-theme");
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    page = await context.newPage();
    const isHydrationError = (text: string) => /hydrat|Minified React error #(418|423|425)/i.test(text);
    page.on("pageerror", (e) => isHydrationError(e.message) && hydrationErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && isHydrationError(m.text()) && hydrationErrors.push(m.text()));
    page.setDefaultTimeout(20_000);
    await login(page, gatehouse.consoleUrl, gatehouse.adminEmail, gatehouse.adminPassword);
    // Some traffic, so the dashboard's charts have bars and lines.
    for (let i = 0; i < 4; i++) await callGateway(gatehouse.gatewayPort, gatehouse.demoApiId, "/dev/users");
    await callGateway(gatehouse.gatewayPort, gatehouse.demoApiId, "/dev/nope");
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
  });

  it("follows the OS's dark scheme from the first paint, charts included", async () => {
    await page.goto(`${gatehouse.consoleUrl}/dashboard`);
    await settle(page);
    expect(await page.evaluate(() => (window as unknown as { __themeAtBody?: string }).__themeAtBody)).toBe("dark");
    expect(await themeAttributes(page)).toEqual({ theme: "dark", preference: "system", stored: null });

    const { background, color } = await bodyColors(page);
    expect(luminance(background)).toBeLessThan(0.05);
    expect(luminance(color)).toBeGreaterThan(0.6);
    // Form controls follow too (color-scheme: dark).
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
    const select = await page.getByLabel("Range").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(luminance(select)).toBeLessThan(0.05);

    // Charts: the grid and axis take the dark variables (resolved: SVG attributes do not take var()).
    const chart = page.getByRole("region", { name: "Latency (ms)" });
    await chart.locator(".recharts-cartesian-grid line").first().waitFor({ state: "attached" });
    const grid = await chart.locator(".recharts-cartesian-grid line").first().getAttribute("stroke");
    const tick = await chart.locator(".recharts-cartesian-axis-tick-value").first().evaluate((el) => getComputedStyle(el).fill);
    const vars = await page.evaluate(() => {
      const s = getComputedStyle(document.documentElement);
      return { grid: s.getPropertyValue("--chart-grid").trim(), axis: s.getPropertyValue("--chart-axis").trim() };
    });
    expect(grid).toBe(vars.grid);
    expect(tick).toBe(hexToRgb(vars.axis));
    expect(luminance(tick)).toBeGreaterThan(0.3);

    // A tooltip on the requests chart is a dark box with light text.
    const requests = page.getByRole("region", { name: /^Requests \(per/ });
    const plot = requests.locator(".recharts-wrapper > svg.recharts-surface");
    const box = (await plot.boundingBox())!;
    await plot.hover({ position: { x: box.width - 40, y: box.height / 3 } });
    const tooltip = requests.locator(".recharts-default-tooltip");
    await tooltip.waitFor();
    const tip = await tooltip.evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color }));
    expect(luminance(tip.background)).toBeLessThan(0.05);
    expect(luminance(tip.color)).toBeGreaterThan(0.6);
    await page.mouse.move(0, 0);

    await page.screenshot({ path: "test-results/dark-dashboard.png", fullPage: true });
    // <html> gets data-theme before React hydrates, and the toggle renders "System" until it has: no mismatch.
    expect(hydrationErrors).toEqual([]);
  });

  it("shows the function editor with Monaco's dark theme", async () => {
    const name = "dark-mode-fn";
    const created = await page.request.post(`${gatehouse.consoleUrl}/api/v1/functions`, { data: { name } });
    expect(created.status()).toBe(201);
    await page.goto(`${gatehouse.consoleUrl}/functions/${name}`);
    await settle(page);
    const editor = page.locator('[data-testid="code-editor"] .monaco-editor').first();
    await editor.waitFor();
    await pollUntil(async () => ((await editor.getAttribute("class")) ?? "").includes("vs-dark"));
    const editorBackground = await editor.locator(".monaco-editor-background").first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(luminance(editorBackground)).toBeLessThan(0.05);
    await page.screenshot({ path: "test-results/dark-function-editor.png", fullPage: true });
  });

  it("switches to Light from the sidebar, remembers it across a reload, and back to System", async () => {
    await page.goto(`${gatehouse.consoleUrl}/dashboard`);
    await settle(page);
    const toggle = page.getByRole("group", { name: "Theme" });
    expect(await toggle.getByRole("radio", { name: "System" }).isChecked()).toBe(true);

    await toggle.getByText("Light", { exact: true }).click();
    await pollUntil(async () => (await themeAttributes(page)).theme === "light");
    expect(await themeAttributes(page)).toEqual({ theme: "light", preference: "light", stored: "light" });
    expect(luminance((await bodyColors(page)).background)).toBeGreaterThan(0.85);
    expect(luminance((await bodyColors(page)).color)).toBeLessThan(0.1);

    await page.reload();
    await settle(page);
    // The OS is still dark: the remembered choice wins, from the first paint.
    expect(await page.evaluate(() => (window as unknown as { __themeAtBody?: string }).__themeAtBody)).toBe("light");
    expect((await themeAttributes(page)).theme).toBe("light");
    expect(luminance((await bodyColors(page)).background)).toBeGreaterThan(0.85);
    expect(await page.getByRole("group", { name: "Theme" }).getByRole("radio", { name: "Light" }).isChecked()).toBe(true);
    // Charts re-read their colours: the grid is the light one now.
    const grid = await page.getByRole("region", { name: "Latency (ms)" }).locator(".recharts-cartesian-grid line").first().getAttribute("stroke");
    expect(grid).toBe(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--chart-grid").trim()));
    expect(luminance(hexToRgb(grid!))).toBeGreaterThan(0.5);

    // Back to System: the OS's dark scheme again, and it follows the OS while the page is open.
    await page.getByRole("group", { name: "Theme" }).getByText("System", { exact: true }).click();
    await pollUntil(async () => (await themeAttributes(page)).theme === "dark");
    expect(await themeAttributes(page)).toEqual({ theme: "dark", preference: "system", stored: null });
    await page.emulateMedia({ colorScheme: "light" });
    await pollUntil(async () => (await themeAttributes(page)).theme === "light");
    await page.emulateMedia({ colorScheme: "dark" });
    await pollUntil(async () => (await themeAttributes(page)).theme === "dark");
    expect(hydrationErrors).toEqual([]);
  });

  it("fits a 1024×768 and a 1280×800 screen: no sideways page scroll, charts wrap to one column", async () => {
    const tops = () =>
      page
        .getByTestId("dashboard-charts")
        .locator(":scope > .card")
        .evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().top)));

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${gatehouse.consoleUrl}/dashboard`);
    await settle(page);
    await page.getByTestId("dashboard-charts").waitFor();
    let overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth, overflow.culprits.join("; ")).toBeLessThanOrEqual(overflow.clientWidth);
    const wide = await tops();
    expect(wide).toHaveLength(3);
    expect(wide[0]).toBe(wide[1]); // two charts side by side

    await page.setViewportSize({ width: 1024, height: 768 });
    await pollUntil(async () => new Set(await tops()).size === 3); // one per row
    overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth, overflow.culprits.join("; ")).toBeLessThanOrEqual(overflow.clientWidth);
    // Still drawn at the narrower width: every chart has its grid and the requests chart its bars.
    const charts = page.getByTestId("dashboard-charts");
    await pollUntil(async () => (await charts.locator(".recharts-cartesian-grid").count()) === 3, 10_000);
    await charts.locator(".recharts-bar-rectangle path").first().waitFor({ state: "attached" });
    const plotWidths = await charts.locator(".recharts-wrapper > svg.recharts-surface").evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    expect(plotWidths).toHaveLength(3);
    for (const w of plotWidths) expect(w).toBeGreaterThan(600); // one chart per row, as wide as the card
    await page.screenshot({ path: "test-results/dark-dashboard-1024.png", fullPage: true });

    // One API's dashboard (the per-method table) and every tab of the API page.
    await page.getByLabel("API", { exact: true }).selectOption(gatehouse.demoApiId);
    await page.getByTestId("methods-table").waitFor();
    overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth, overflow.culprits.join("; ")).toBeLessThanOrEqual(overflow.clientWidth);

    const overflowing: string[] = [];
    for (const width of [1024, 1280]) {
      await page.setViewportSize({ width, height: width === 1024 ? 768 : 800 });
      for (const tab of ["resources", "models", "authorizers", "gateway-responses", "stages", "deployments", "settings"]) {
        await page.goto(`${gatehouse.consoleUrl}/apis/${gatehouse.demoApiId}?tab=${tab}`);
        await settle(page);
        overflow = await horizontalOverflow(page);
        if (overflow.scrollWidth > overflow.clientWidth) overflowing.push(`${tab} at ${width}px (${overflow.scrollWidth} > ${overflow.clientWidth}): ${overflow.culprits.join("; ")}`);
      }
    }
    expect(overflowing).toEqual([]);
    await page.goto(`${gatehouse.consoleUrl}/apis/${gatehouse.demoApiId}?tab=stages`);
    await settle(page);
    await page.screenshot({ path: "test-results/dark-api-stages-1280.png", fullPage: true });
  });
});

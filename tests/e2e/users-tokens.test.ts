import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./browser";
import { hydrated, login } from "./console-helpers";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

describe.skipIf(!hasChromium())("console: users and access tokens", () => {
  let gatehouse: RunningGatehouse;
  let browser: Browser;
  let page: Page;
  let testerPassword = "";

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

  it("invites a tester, showing the generated password once", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await page.waitForURL(/\/users$/);
    await page.getByLabel(`Role of ${gatehouse.adminEmail}`).waitFor();
    await page.getByRole("button", { name: "Invite user" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite user" });
    await dialog.getByLabel("Email").fill("Tess@Example.com");
    await dialog.getByLabel("Name").fill("Tess Tester");
    await dialog.getByLabel("Role").selectOption("tester");
    await dialog.getByRole("button", { name: "Invite" }).click();
    const password = dialog.getByRole("status", { name: "Generated password" });
    await password.waitFor();
    testerPassword = (await password.textContent()) ?? "";
    expect(testerPassword.length).toBeGreaterThanOrEqual(8);
    await dialog.getByRole("button", { name: "Copy" }).waitFor();
    await page.screenshot({ path: "test-results/e2e-invite-user.png" });
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByLabel("Role of tess@example.com").waitFor();
    expect(await page.getByLabel("Role of tess@example.com").inputValue()).toBe("tester");
  });

  it("changes a role, and shows the API's message when the last admin would be demoted", async () => {
    await page.getByLabel("Role of tess@example.com").selectOption("viewer");
    await page.waitForFunction(() => (document.querySelector('select[aria-label="Role of tess@example.com"]') as HTMLSelectElement)?.value === "viewer");
    await page.getByLabel("Role of tess@example.com").selectOption("tester");
    await page.waitForFunction(() => (document.querySelector('select[aria-label="Role of tess@example.com"]') as HTMLSelectElement)?.value === "tester");

    await page.getByLabel(`Role of ${gatehouse.adminEmail}`).selectOption("owner");
    const alert = page.locator("main [role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("last enabled admin");
    // The list shows what the server has: still an admin.
    await page.waitForFunction(
      (email) => (document.querySelector(`select[aria-label="Role of ${email}"]`) as HTMLSelectElement)?.value === "admin",
      gatehouse.adminEmail,
    );
    await page.screenshot({ path: "test-results/e2e-users.png", fullPage: true });
  });

  it("resets a password, showing the new one once, and disables and enables a user", async () => {
    await page.getByRole("button", { name: "Reset password of tess@example.com" }).click();
    await page.getByRole("dialog", { name: "Reset the password of tess@example.com?" }).getByRole("button", { name: "Reset password" }).click();
    const dialog = page.getByRole("dialog", { name: "New password" });
    const password = dialog.getByRole("status", { name: "Password" });
    await password.waitFor();
    const next = (await password.textContent()) ?? "";
    expect(next.length).toBeGreaterThanOrEqual(8);
    expect(next).not.toBe(testerPassword);
    testerPassword = next;
    await dialog.getByRole("button", { name: "Done" }).click();

    await page.getByRole("button", { name: "Disable tess@example.com" }).click();
    await page.getByRole("button", { name: "Enable tess@example.com" }).click();
    await page.getByRole("button", { name: "Disable tess@example.com" }).waitFor();
  });

  it("lets the tester sign in with it: no Users in the nav, no create or deploy controls", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tester = await context.newPage();
    try {
      await login(tester, gatehouse.consoleUrl, "tess@example.com", testerPassword);
      const nav = tester.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Access tokens" }).waitFor();
      const links = await nav.getByRole("link").allTextContents();
      expect(links).toEqual(expect.arrayContaining(["APIs", "Functions", "Access tokens"]));
      expect(links).not.toContain("Users");
      await tester.getByRole("link", { name: "users-demo" }).waitFor();
      expect(await tester.getByRole("button", { name: "Create API" }).count()).toBe(0);
      await tester.getByRole("link", { name: "users-demo" }).click();
      await tester.getByRole("heading", { name: "users-demo" }).waitFor();
      await tester.getByRole("region", { name: "Resource /" }).waitFor();
      expect(await tester.getByRole("button", { name: "Deploy API" }).count()).toBe(0);
      expect(await tester.getByRole("button", { name: "Create resource" }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("creates an access token (secret shown once, with a copy button), lists it and revokes it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access tokens" }).click();
    await page.waitForURL(/\/tokens$/);
    await hydrated(page);
    await page.getByLabel("Token name").fill("ci-deploy");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = page.getByRole("status", { name: "Token secret" });
    await secret.waitFor();
    const value = (await secret.textContent()) ?? "";
    expect(value).toMatch(/^gh_/);
    await page.getByRole("button", { name: "Copy" }).waitFor();

    const row = page.locator("tr", { hasText: "ci-deploy" });
    await row.waitFor();
    const prefix = (await row.locator("td").nth(1).textContent())!.replace(/…$/, "");
    expect(value.startsWith(prefix)).toBe(true);
    expect(await row.textContent()).toContain("never");
    await page.screenshot({ path: "test-results/e2e-tokens.png", fullPage: true });

    // The token works against the management API until it is revoked.
    const me = await fetch(`${gatehouse.consoleUrl}/api/v1/me`, { headers: { authorization: `Bearer ${value}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: gatehouse.adminEmail, via: "token" });

    await row.getByRole("button", { name: "Revoke ci-deploy" }).click();
    await page.getByRole("dialog", { name: "Revoke ci-deploy?" }).getByRole("button", { name: "Revoke token" }).click();
    await page.waitForFunction(() => !document.querySelector('[aria-label="Revoke ci-deploy"]'));
    const after = await fetch(`${gatehouse.consoleUrl}/api/v1/me`, { headers: { authorization: `Bearer ${value}` } });
    expect(after.status).toBe(401);
  });
});

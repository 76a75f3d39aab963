import { existsSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, runCommand } from "../lib/server/processes";
import { CHROMIUM_PATH, hasChromium } from "../tests/e2e/browser";

/**
 * `npm test`: unit, integration and end-to-end tests in one vitest run.
 * End-to-end tests need Debian's Chromium; without it they are skipped with
 * a visible message, except under CI where a missing browser is a failure.
 */
async function main() {
  const projects = ["unit", "integration"];
  if (hasChromium()) {
    projects.push("e2e");
    if (!existsSync(path.join(PROJECT_ROOT, ".next/BUILD_ID"))) {
      console.log("[test] No console build found; running next build for the end-to-end tests…");
      await runCommand(process.execPath, [path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), "build"], {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
      });
    }
  } else if (process.env.CI) {
    console.error(`[test] Chromium not found at ${CHROMIUM_PATH}; CI must run the end-to-end tests (apt-get install chromium).`);
    process.exit(1);
  } else {
    console.log("");
    console.log(`[test] SKIPPING end-to-end tests: no Chromium at ${CHROMIUM_PATH}.`);
    console.log("[test] Install it (Debian/Ubuntu: apt-get install chromium) or set GATEHOUSE_CHROMIUM to its path.");
    console.log("");
  }
  const vitest = path.join(PROJECT_ROOT, "node_modules/vitest/vitest.mjs");
  await runCommand(process.execPath, [vitest, "run", ...projects.flatMap((p) => ["--project", p])]);
}

main().catch((err) => {
  console.error(`[test] ${(err as Error).message}`);
  process.exit(1);
});

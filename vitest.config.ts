import { defineConfig } from "vitest/config";

/**
 * Three projects: `npm run test:unit`, `test:integration`, `test:e2e` pick one
 * each (`vitest run --project <name>`).
 *
 * Integration tests talk to a real PostgreSQL (DATABASE_URL's server, or an
 * embedded one started by the global setup) and spawn the real gateway.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/postgres-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: [],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

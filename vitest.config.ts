import path from "node:path";
import { defineConfig } from "vitest/config";

/** tsconfig's "@/*" path, for route handlers imported by the integration tests. */
const resolve = { alias: [{ find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` }] };

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
        resolve,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve,
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

import type { TestProject } from "vitest/node";
import type {} from "vitest";
import { startPostgresServer } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database URL on the run's PostgreSQL server; create databases from it, don't write to it. */
    pgServerUrl: string;
  }
}

/** One PostgreSQL server for the whole run; test files create their own databases on it. */
export default async function setup(project: TestProject) {
  const server = await startPostgresServer();
  project.provide("pgServerUrl", server.url);
  return () => server.stop();
}

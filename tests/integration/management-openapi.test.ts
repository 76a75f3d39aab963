import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ManagementClient, routeFiles, setupManagement, templateOf, type ManagementSetup } from "./management-harness";

let setup: ManagementSetup;
beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
});
afterAll(() => setup?.close());

describe("GET /api/v1/openapi.json", () => {
  it("is served without signing in and lists every handler the route modules export", async () => {
    const res = await new ManagementClient(null).get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");

    const exported: string[] = [];
    for (const route of routeFiles()) {
      const mod = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
      for (const verb of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (typeof mod[verb] === "function") exported.push(`${verb} ${templateOf(route)}`);
      }
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((v) => `${v.toUpperCase()} ${p}`));
    expect(exported.length).toBeGreaterThanOrEqual(47);
    expect(documented.sort()).toEqual(exported.sort());
  });
});

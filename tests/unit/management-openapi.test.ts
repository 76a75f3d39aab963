import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/openapi/document";
import { ROUTES } from "../../lib/openapi/paths";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** "GET /restapis/{restApiId}" for every handler exported by app/api/v1/**\/route.ts. */
function implemented(): string[] {
  const out: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(path.join(dir, entry.name), "utf8");
        const template = `/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
        for (const m of source.matchAll(/^export (?:const|async function|function) ([A-Z]+)\b/gm)) {
          if (VERBS.includes(m[1])) out.push(`${m[1]} ${template}`);
        }
      }
    }
  };
  walk(API_DIR, []);
  return out.sort();
}

describe("OpenAPI document", () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters: Array<{ name: string; in: string }> }>>;
    components: { schemas: Record<string, unknown> };
  };
  const documented = Object.entries(doc.paths)
    .flatMap(([p, ops]) => Object.keys(ops).map((verb) => `${verb.toUpperCase()} ${p}`))
    .sort();

  it("documents exactly the routes app/api/v1 implements", () => {
    expect(implemented().length).toBeGreaterThanOrEqual(47);
    expect(documented).toEqual(implemented());
  });

  it("lists every route of the issue", () => {
    const R = "/restapis/{restApiId}";
    const M = `${R}/resources/{resourceId}/methods/{httpMethod}`;
    const S = `${R}/stages/{stageName}`;
    const required = [
      "GET /restapis", "POST /restapis", `GET ${R}`, `PATCH ${R}`, `DELETE ${R}`,
      `GET ${R}/resources`, `POST ${R}/resources/{resourceId}`, `GET ${R}/resources/{resourceId}`, `PATCH ${R}/resources/{resourceId}`, `DELETE ${R}/resources/{resourceId}`,
      `PUT ${M}`, `GET ${M}`, `PATCH ${M}`, `DELETE ${M}`,
      `PUT ${M}/integration`, `GET ${M}/integration`, `PATCH ${M}/integration`, `DELETE ${M}/integration`,
      `PUT ${M}/integration/responses/{statusCode}`, `GET ${M}/integration/responses/{statusCode}`, `DELETE ${M}/integration/responses/{statusCode}`,
      `PUT ${M}/responses/{statusCode}`, `GET ${M}/responses/{statusCode}`, `DELETE ${M}/responses/{statusCode}`,
      `GET ${R}/deployments`, `POST ${R}/deployments`, `GET ${R}/deployments/{deploymentId}`, `DELETE ${R}/deployments/{deploymentId}`,
      `GET ${R}/stages`, `POST ${R}/stages`, `GET ${S}`, `PATCH ${S}`, `DELETE ${S}`, `POST ${S}/canary/promote`, `GET ${S}/deployments`,
      `GET ${R}/metrics`,
      "GET /users", "POST /users", "GET /users/{userId}", "PATCH /users/{userId}", "DELETE /users/{userId}", "POST /users/{userId}/password",
      "GET /tokens", "POST /tokens", "DELETE /tokens/{tokenId}", "GET /me", "GET /openapi.json",
    ];
    expect(required.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it("generates bodies from the contract's zod schemas and resolves every $ref", () => {
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.components.schemas.CreateRestApi as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(create.properties)).toEqual(["name", "description", "binaryMediaTypes", "apiKeySource", "cloneFrom"]);
    // Request bodies are described as sent: fields with defaults are optional.
    expect(create.required).toEqual(["name"]);
    const patchMethod = doc.components.schemas.UpdateMethod as { required: string[] };
    expect(patchMethod.required).toEqual(["version"]);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);
    expect(doc.paths["/restapis"].post.requestBody).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CreateRestApi" } } } });
  });

  it("gives every operation a unique operationId", () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => (op as unknown as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares path parameters and the error answers", () => {
    const op = doc.paths["/restapis/{restApiId}/stages/{stageName}"].patch;
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:restApiId", "path:stageName"]);
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "404", "409"]);
    for (const route of ROUTES) {
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(doc.paths[route.path][route.method].parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual(params);
    }
  });
});

import { describe, expect, it } from "vitest";
import { parseArgs, sinceToIso, UsageError } from "../../scripts/cli/args";
import { parseConfig } from "../../scripts/cli/config";
import { documentDrift } from "../../scripts/cli/drift";
import { prepareRequest } from "../../scripts/cli/commands/invoke";
import { parseSse, formatEntry } from "../../scripts/cli/commands/logs";
import { parseQuota, parseThrottle } from "../../scripts/cli/commands/usage-plans";
import { findCommand } from "../../scripts/cli/main";
import { table } from "../../scripts/cli/output";
import { computePlan, formatPlan, type Desired, type LiveState } from "../../scripts/cli/plan";
import { hasMark, managedMark, stripMark, withMark } from "../../scripts/cli/managed";
import type { FunctionBody, LiveFunction } from "../../scripts/cli/functions-spec";

describe("argument parsing", () => {
  const specs = { mode: { kind: "string" as const }, yes: { kind: "boolean" as const, short: "y" }, header: { kind: "multi" as const, short: "H" }, extensions: { kind: "boolean" as const } };

  it("reads positionals, --name value, --name=value, short aliases, repeated and negated flags", () => {
    const args = parseArgs(["petstore.yaml", "--mode", "merge", "-y", "-H", "a: 1", "--header=b: 2", "--no-extensions", "--json"], specs);
    expect(args.positionals).toEqual(["petstore.yaml"]);
    expect(args.options).toEqual({ mode: "merge", yes: true, header: ["a: 1", "b: 2"], extensions: false, json: true });
  });

  it("refuses unknown options and missing values as usage errors", () => {
    expect(() => parseArgs(["--nope"], specs)).toThrow(UsageError);
    expect(() => parseArgs(["--mode"], specs)).toThrow("--mode needs a value");
    expect(() => parseArgs(["-z"], specs)).toThrow("Unknown option -z");
  });

  it("keeps everything after -- as positionals", () => {
    expect(parseArgs(["--", "--mode"], specs).positionals).toEqual(["--mode"]);
  });

  it("finds two-word commands before one-word ones", () => {
    expect(findCommand(["apis", "import", "x.yaml"])?.name).toBe("apis import");
    expect(findCommand(["deploy", "petstore", "--stage", "prod"])?.rest).toEqual(["petstore", "--stage", "prod"]);
    expect(findCommand(["nope"])).toBeNull();
  });

  it("turns --since durations into ISO times", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(sinceToIso("10m", now)).toBe("2026-01-01T11:50:00.000Z");
    expect(sinceToIso("2h", now)).toBe("2026-01-01T10:00:00.000Z");
    expect(() => sinceToIso("soon", now)).toThrow(UsageError);
  });

  it("parses throttle and quota shorthands", () => {
    expect(parseThrottle("10.5/20")).toEqual({ rateLimit: 10.5, burstLimit: 20 });
    expect(parseQuota("1000/month")).toEqual({ limit: 1000, period: "MONTH" });
    expect(() => parseQuota("1000")).toThrow(UsageError);
  });
});

describe("output", () => {
  it("formats a table with aligned columns and - for empty cells", () => {
    expect(table([{ id: "a1", name: "petstore", description: null }, { id: "b", name: "x", description: "d" }], ["id", "name", "description"])).toBe(
      "ID  NAME      DESCRIPTION\na1  petstore  -\nb   x         d",
    );
    expect(table([], ["id"])).toBe("(none)");
  });

  it("parses server-sent events and keeps the unfinished rest", () => {
    const { events, rest } = parseSse("retry: 2000\n: connected\n\nid: 5\nevent: access\ndata: {\"a\":1}\n\nid: 6\nevent: acc");
    expect(events).toEqual([{ event: "access", data: '{"a":1}', id: "5" }]);
    expect(rest).toBe("id: 6\nevent: acc");
    expect(formatEntry({ id: "1", time: "T", requestId: "r", restApiId: "api", stage: "prod", httpMethod: "GET", path: "/pets/1", status: 200, latencyMs: 4 })).toBe("T api/prod 200 GET /pets/1 4ms r");
  });
});

describe("invoke requests", () => {
  it("sends *.localhost hosts to 127.0.0.1 with their Host header, and adds keys and tokens", () => {
    const req = prepareRequest("get", "http://abc123.execute-api.localhost:8080/prod/pets", { headers: ["X-A: 1"], apiKey: "k".repeat(20), bearer: "tok" });
    expect(req.connectHost).toBe("127.0.0.1");
    expect(req.method).toBe("GET");
    expect(req.headers).toEqual([
      ["X-A", "1"],
      ["x-api-key", "k".repeat(20)],
      ["Authorization", "Bearer tok"],
      ["Host", "abc123.execute-api.localhost:8080"],
    ]);
    expect(prepareRequest("GET", "https://example.com/x", { headers: [] }).connectHost).toBe("example.com");
  });

  it("signs with SigV4 for execute-api", () => {
    const req = prepareRequest("POST", "http://abc.execute-api.localhost:8080/prod/x", { headers: [], data: '{"a":1}', sigv4: "AKIDEXAMPLE:secret" }, new Date("2026-01-01T00:00:00Z"));
    const auth = req.headers.find(([k]) => k === "Authorization")?.[1];
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260101\/us-east-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(() => prepareRequest("GET", "http://x/", { headers: [], sigv4: "nocolon" })).toThrow(UsageError);
  });
});

describe("gatehouse.yaml", () => {
  it("reads a file with defaults and refuses unknown fields and undefined keys", () => {
    const config = parseConfig("apis:\n  - name: petstore\n    openapi: ./p.yaml\n    stages: [{name: prod, variables: {n: 1}}]\napiKeys: [{name: k}]\n");
    expect(config.apis[0].stages[0]).toEqual({ name: "prod", variables: { n: "1" } });
    expect(config.apiKeys[0]).toEqual({ name: "k", enabled: true });
    expect(config.functions).toEqual([]);
    expect(() => parseConfig("apis: [{name: a, openapi: x, colour: red}]")).toThrow(/apis\.0/);
    expect(() => parseConfig("usagePlans: [{name: p, keys: [missing]}]")).toThrow(/does not define/);
    expect(() => parseConfig("functions: [{name: a, file: x}, {name: a, file: y}]")).toThrow(/twice/);
  });
});

describe("OpenAPI drift", () => {
  const file = {
    openapi: "3.0.1",
    info: { title: "petstore", version: "1" },
    paths: { "/pets": { get: { operationId: "listPets", summary: "List", responses: { "200": { description: "A list of pets" } }, "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' } } } } },
  };
  const exported = {
    openapi: "3.0.1",
    info: { title: "petstore", version: "2026-01-01T00:00:00Z" },
    paths: {
      "/": {},
      "/pets": { get: { summary: "List", responses: { "200": { description: "200 response" } }, "x-amazon-apigateway-integration": { type: "mock", passthroughBehavior: "when_no_match", timeoutInMillis: 29000, requestTemplates: { "application/json": '{"statusCode": 200}' } } } },
    },
  };

  it("ignores ids, defaults and cosmetic fields the export adds or drops", () => {
    expect(documentDrift(file, exported)).toEqual([]);
  });

  it("names the pointer of each difference, extra and missing operations", () => {
    const changed = structuredClone(exported);
    changed.paths["/pets"].get["x-amazon-apigateway-integration"].type = "http";
    (changed.paths as Record<string, unknown>)["/pets/{id}"] = { delete: {} };
    expect(documentDrift(file, changed)).toEqual(["/paths/~1pets/get/x-amazon-apigateway-integration/type", "/paths/~1pets~1{id}/delete"]);
  });

  it("compares operation summaries and descriptions (stored), not those of responses", () => {
    const changed = structuredClone(exported);
    changed.paths["/pets"].get.summary = "List all";
    changed.paths["/pets"].get.responses["200"].description = "anything";
    expect(documentDrift(file, changed)).toEqual(["/paths/~1pets/get/summary"]);
    expect(documentDrift({ ...file, paths: { "/pets": { get: { ...file.paths["/pets"].get, description: "Every pet" } } } }, exported)).toEqual(["/paths/~1pets/get/description"]);
  });
});

describe("apply plans", () => {
  const body: FunctionBody = { files: { "pets.js": "code" }, language: "javascript", handler: "pets.handler", runtime: "nodejs20.x", timeoutSeconds: 3, memoryMb: 128, description: "", environment: {} };
  const liveFn: LiveFunction = { name: "pets", description: "", runtime: "nodejs20.x", language: "javascript", handler: "pets.handler", files: { "pets.js": "code" }, environment: {}, timeoutSeconds: 3, memoryMb: 128, version: 2 };
  const doc = { openapi: "3.0.1", paths: { "/a": { get: { "x-amazon-apigateway-integration": { type: "mock" } } } } };
  const config = parseConfig(
    "functions: [{name: pets, file: pets.js}]\napis: [{name: shop, openapi: shop.yaml, stages: [{name: prod, variables: {v: x}}]}]\napiKeys: [{name: k1}]\nusagePlans: [{name: basic, apiStages: [{api: shop, stage: prod}], keys: [k1], throttle: {rateLimit: 1, burstLimit: 2}}]",
  );
  const desired: Desired = { config, functionBodies: { pets: body }, documents: { shop: doc } };
  const empty: LiveState = { functions: { pets: null }, allFunctions: [], apis: [], exports: {}, stages: {}, apiKeys: [], usagePlans: [], planKeys: {} };
  const inSync: LiveState = {
    functions: { pets: liveFn },
    allFunctions: [{ name: "pets", description: "" }],
    apis: [{ id: "api1", name: "shop" }],
    exports: { api1: doc },
    stages: { api1: [{ stageName: "prod", variables: { v: "x" }, accessLogSettings: null, description: "", version: 1 }] },
    apiKeys: [{ id: "key1", name: "k1", enabled: true, description: "" }],
    usagePlans: [{ id: "plan1", name: "basic", description: "", apiStages: [{ restApiId: "api1", stageName: "prod" }], throttle: { rateLimit: 1, burstLimit: 2 }, quota: null }],
    planKeys: { plan1: [{ id: "key1", name: "k1" }] },
  };

  it("creates everything on an empty instance", () => {
    const plan = computePlan(desired, empty);
    expect(plan.map((p) => `${p.action} ${p.kind} ${p.name}`)).toEqual(["create function pets", "create api shop", "create stage shop/prod", "create apiKey k1", "create usagePlan basic"]);
    expect(formatPlan(plan)).toContain("Plan: 5 to create, 0 to change, 0 to deploy, 0 to delete.");
  });

  it("is empty when live state matches", () => {
    expect(computePlan(desired, inSync)).toEqual([]);
    expect(formatPlan([])).toBe("No changes: live state matches the file.");
  });

  it("lists changes and redeploys the stages of a changed API", () => {
    const live = structuredClone(inSync);
    live.functions.pets = { ...liveFn, files: { "pets.js": "old" }, timeoutSeconds: 10 };
    live.exports.api1 = { paths: { "/a": { get: { "x-amazon-apigateway-integration": { type: "http" } } } } };
    live.stages.api1[0].variables = { v: "y", w: "z" };
    live.apiKeys[0].enabled = false;
    live.planKeys.plan1 = [];
    const plan = computePlan(desired, live);
    expect(plan).toEqual([
      { kind: "function", name: "pets", action: "update", changes: ["code", "timeout: 10 → 3"] },
      { kind: "api", name: "shop", action: "update", changes: ["differs at /paths/~1a/get/x-amazon-apigateway-integration/type"], reimport: true },
      { kind: "stage", name: "shop/prod", action: "update", changes: ["variable v: y → x", "variable w removed"] },
      { kind: "stage", name: "shop/prod", action: "deploy", changes: ["the API changed"] },
      { kind: "apiKey", name: "k1", action: "update", changes: ["enable"] },
      { kind: "usagePlan", name: "basic", action: "update", changes: ["add key k1"] },
    ]);
  });

  describe("deletions", () => {
    const mark = managedMark();
    const marked: Desired = { ...desired, mark };
    // The instance as the file's last apply left it, plus objects the file never managed.
    const managed = (): LiveState => {
      const live = structuredClone(inSync);
      live.functions.pets = { ...liveFn, description: mark };
      live.allFunctions = [
        { name: "pets", description: mark },
        { name: "old-fn", description: `Old ${mark}` },
        { name: "hand-made", description: "made in the console" },
        { name: "other-team", description: managedMark("other") },
      ];
      live.apis = [
        { id: "api1", name: "shop", description: mark },
        { id: "api2", name: "old-api", description: mark },
        { id: "demo", name: "demo", description: "the demo API" },
      ];
      live.stages.api1.push({ stageName: "beta", variables: {}, accessLogSettings: null, description: "", version: 1 });
      live.apiKeys = [
        { id: "key1", name: "k1", enabled: true, description: mark },
        { id: "key2", name: "gone", enabled: true, description: mark },
        { id: "key3", name: "partner", enabled: true, description: "" },
      ];
      live.usagePlans = [
        { ...inSync.usagePlans[0], description: mark },
        { id: "plan2", name: "old-plan", description: mark, apiStages: [], throttle: null, quota: null },
        { id: "plan3", name: "manual-plan", description: "", apiStages: [], throttle: null, quota: null },
      ];
      live.planKeys.plan1 = [
        { id: "key1", name: "k1" },
        { id: "key3", name: "partner" },
      ];
      return live;
    };

    it("lists the stages and plan keys the file dropped and the marked objects it no longer names, nothing else", () => {
      const plan = computePlan(marked, managed());
      expect(plan.map((p) => `${p.action} ${p.kind} ${p.name} ${p.id ?? ""}`.trim())).toEqual([
        "delete stage shop/beta api1",
        "delete usagePlanKey basic/partner plan1/key3",
        "delete usagePlan old-plan plan2",
        "delete apiKey gone key2",
        "delete api old-api api2",
        "delete function old-fn",
      ]);
      expect(formatPlan(plan)).toContain("Plan: 0 to create, 0 to change, 0 to deploy, 6 to delete.");
      expect(formatPlan(plan)).toContain("  - delete api old-api");
      expect(formatPlan(plan, { prune: false })).toContain("  - would delete (use --prune): api old-api");
    });

    it("deletes nothing without a mark, and adopts objects the file names by marking them", () => {
      const live = managed();
      expect(computePlan(desired, live).filter((p) => p.action === "delete").map((p) => p.kind)).toEqual(["stage", "usagePlanKey"]);
      const unmarked = structuredClone(inSync);
      unmarked.apis[0].description = "Shop API";
      const plan = computePlan(marked, unmarked);
      expect(plan.map((p) => `${p.action} ${p.kind} ${p.name}: ${p.changes.join(", ")}`)).toEqual([
        "update function pets: mark as managed by gatehouse apply",
        "update api shop: description",
        "update apiKey k1: mark as managed by gatehouse apply",
        "update usagePlan basic: mark as managed by gatehouse apply",
      ]);
      expect(plan.find((p) => p.kind === "api")?.reimport).toBe(false);
    });

    it("marks descriptions, keeping the text and telling projects apart", () => {
      expect(withMark("Orders", mark)).toBe("Orders [managed by gatehouse apply]");
      expect(withMark("", managedMark("shop"))).toBe("[managed by gatehouse apply: shop]");
      expect(withMark("Orders [managed by gatehouse apply: old]", mark)).toBe("Orders [managed by gatehouse apply]");
      expect(stripMark("Orders [managed by gatehouse apply: shop]")).toBe("Orders");
      expect(hasMark("x [managed by gatehouse apply: shop]", mark)).toBe(false);
      expect(hasMark("x [managed by gatehouse apply: shop]", managedMark("shop"))).toBe(true);
    });
  });
});

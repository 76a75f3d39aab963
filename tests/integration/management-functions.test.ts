import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import { decryptSecret, isEncryptedSecret } from "../../lib/secrets";
import { pruneFunctionLogs } from "../../lib/services/functions-logs";
import type { TFunction } from "../../lib/schemas/functions";
import { ARN } from "../helpers/fixtures";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

let setup: ManagementSetup;
let api: ManagementClient;
const SECRET_KEY = "functions-test-secret-key-0123456789abcdef";
const previousKey = process.env.GATEHOUSE_SECRET_KEY;
const previousPort = process.env.GATEWAY_PORT;

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
});
afterAll(async () => {
  await setup?.close();
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
  if (previousPort === undefined) delete process.env.GATEWAY_PORT;
  else process.env.GATEWAY_PORT = previousPort;
});

const fieldsOf = (body: { problems?: Array<{ field: string }> }) => (body.problems ?? []).map((p) => p.field);
const messagesOf = (body: { problems?: Array<{ message: string }> }) => (body.problems ?? []).map((p) => p.message);

const TS_HANDLER = `import { greeting } from "./lib/greet";

export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  console.log("hello log", event.pathParameters?.id);
  return { statusCode: 200, body: JSON.stringify({ message: greeting(event.pathParameters?.id ?? "nobody"), fn: context.functionName }) };
};
`;
const GREET = `export function greeting(name: string): string {\n  return "hi " + name;\n}\n`;

async function create(name: string, body: Record<string, unknown> = {}): Promise<TFunction> {
  const res = await api.post("/functions", { name, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("functions CRUD", () => {
  it("creates a TypeScript hello function by default, lists, gets, updates and deletes it", async () => {
    const fn = await create("hello-ts");
    expect(fn).toMatchObject({ name: "hello-ts", language: "typescript", runtime: "nodejs20.x", handler: "index.handler", timeoutSeconds: 3, memoryMb: 128, reservedConcurrency: null, version: 1, publishedVersions: 0 });
    expect(Object.keys(fn.files)).toEqual(["index.ts"]);
    const row = await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "hello-ts" } });
    expect(row.code).toContain("module.exports");
    expect(row.code).not.toContain(": APIGatewayProxyEvent");

    const list = await api.get("/functions");
    expect(list.body.items).toEqual([expect.objectContaining({ name: "hello-ts", language: "typescript", publishedVersions: 0 })]);
    expect((await api.get("/functions/hello-ts")).body).toEqual(fn);

    const updated = await api.patch("/functions/hello-ts", { version: 1, files: { "index.ts": TS_HANDLER, "lib/greet.ts": GREET }, timeoutSeconds: 10, memoryMb: 256, reservedConcurrency: 5 });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, timeoutSeconds: 10, memoryMb: 256, reservedConcurrency: 5 });
    const bundled = (await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "hello-ts" } })).code;
    // Multi-file: the relative import is bundled into the one script.
    expect(bundled).toContain('"hi " + name');

    expect((await api.delete("/functions/hello-ts")).status).toBe(204);
    expect((await api.get("/functions/hello-ts")).status).toBe(404);
  });

  it("creates JavaScript functions and runs the bundled code as CommonJS", async () => {
    await create("hello-js", { language: "javascript", files: { "index.js": "const util = require('./util');\nexports.handler = async () => util.answer();\n", "util.js": "module.exports = { answer: () => 42 };\n" } });
    const { code } = await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "hello-js" } });
    const mod = { exports: {} as Record<string, () => Promise<number>> };
    new Function("exports", "require", "module", code)(mod.exports, () => ({}), mod);
    expect(await mod.exports.handler()).toBe(42);
  });

  it("validates names, handlers, limits and duplicates", async () => {
    const bad = await api.post("/functions", { name: "bad name!", timeoutSeconds: 901, memoryMb: 64, reservedConcurrency: 1001, language: "python" });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body).sort()).toEqual(["language", "memoryMb", "name", "reservedConcurrency", "timeoutSeconds"]);
    expect(bad.body.problems.find((p: { field: string }) => p.field === "name").message).toBe("Function names are 1–64 letters, digits, - or _");
    expect((await api.post("/functions", { name: "x".repeat(65) })).status).toBe(400);

    const handler = await api.post("/functions", { name: "no-file", handler: "main.handler" });
    expect(handler.status).toBe(400);
    expect(fieldsOf(handler.body)).toEqual(["handler"]);
    expect(messagesOf(handler.body)[0]).toContain("main.ts");
    expect((await api.post("/functions", { name: "bad-handler", handler: "index" })).status).toBe(400);

    await create("dup");
    const dup = await api.post("/functions", { name: "dup" });
    expect(dup.status).toBe(400);
    expect(fieldsOf(dup.body)).toEqual(["name"]);
  });

  it("refuses syntax errors, type errors and npm imports with file:line:column, saving nothing", async () => {
    const fn = await create("strict", { files: { "index.ts": TS_HANDLER, "lib/greet.ts": GREET } });
    const before = await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "strict" } });

    const syntax = await api.patch("/functions/strict", { version: fn.version, files: { "index.ts": "export const handler = async () => {\n  return 1 +;\n};\n" } });
    expect(syntax.status).toBe(400);
    expect(syntax.body.code).toBe("validation-failed");
    expect(syntax.body.problems).toEqual([{ field: "files.index.ts", message: expect.stringMatching(/^index\.ts:2:13: /) }]);

    const types = await api.patch("/functions/strict", {
      version: fn.version,
      files: { "index.ts": TS_HANDLER, "lib/greet.ts": `export function greeting(name: string): string {\n  const n: number = name;\n  return "hi " + n;\n}\n` },
    });
    expect(types.status).toBe(400);
    expect(types.body.problems).toEqual([{ field: "files.lib/greet.ts", message: "lib/greet.ts:2:9: Type 'string' is not assignable to type 'number'." }]);

    const property = await api.patch("/functions/strict", { version: fn.version, files: { "index.ts": "export const handler = async (event: APIGatewayProxyEvent) => event.pathParameter;\n" } });
    expect(property.status).toBe(400);
    expect(messagesOf(property.body)[0]).toMatch(/^index\.ts:1:\d+: Property 'pathParameter' does not exist/);

    const npm = await api.patch("/functions/strict", { version: fn.version, files: { "index.ts": 'import _ from "lodash";\nexport const handler = async () => _;\n' } });
    expect(npm.status).toBe(400);
    expect(messagesOf(npm.body)[0]).toMatch(/^index\.ts:1:\d+: .*modules are not available/);

    const after = await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "strict" } });
    expect(after).toEqual(before);
    expect((await api.post("/functions", { name: "strict-new", files: { "index.ts": "export const handler = (" } })).status).toBe(400);
    expect(await setup.stack.prisma.function.count({ where: { name: "strict-new" } })).toBe(0);
  });

  it("answers 409 for a stale version", async () => {
    const fn = await create("racy");
    expect((await api.patch("/functions/racy", { version: fn.version, description: "first" })).status).toBe(200);
    const stale = await api.patch("/functions/racy", { version: fn.version, description: "second" });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("conflict");
    expect((await api.post("/functions/racy/versions", { version: fn.version })).status).toBe(409);
  });
});

describe("environment secrets", () => {
  it("encrypts secrets at rest, masks them in responses and keeps them when the mask is sent back", async () => {
    const fn = await create("with-env", { environment: { PLAIN: { value: "visible" }, API_KEY: { value: "s3cret-value", secret: true } } });
    expect(fn.environment).toEqual({ PLAIN: { value: "visible", secret: false }, API_KEY: { value: "••••••", secret: true } });
    const stored = (await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "with-env" } })).environment as Record<string, { value: string; secret: boolean }>;
    expect(stored.PLAIN).toEqual({ value: "visible", secret: false });
    expect(isEncryptedSecret(stored.API_KEY.value)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain("s3cret-value");
    expect(decryptSecret(stored.API_KEY.value, SECRET_KEY)).toBe("s3cret-value");

    const kept = await api.patch("/functions/with-env", { version: fn.version, environment: { ...fn.environment, NEW: { value: "n", secret: false } } });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(JSON.stringify(kept.body)).not.toContain("s3cret-value");
    const after = (await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "with-env" } })).environment as Record<string, { value: string }>;
    expect(after.API_KEY.value).toBe(stored.API_KEY.value);
    expect(Object.keys(after).sort()).toEqual(["API_KEY", "NEW", "PLAIN"]);

    const unmask = await api.patch("/functions/with-env", { version: kept.body.version, environment: { API_KEY: { value: "••••••", secret: false } } });
    expect(unmask.status).toBe(400);
    expect(fieldsOf(unmask.body)).toEqual(["environment.API_KEY"]);
    const badName = await api.patch("/functions/with-env", { version: kept.body.version, environment: { "1BAD": { value: "x" } } });
    expect(badName.status).toBe(400);

    // Published versions copy the ciphertext and mask it too.
    const published = await api.post("/functions/with-env/versions", {});
    expect(published.body.environment.API_KEY).toEqual({ value: "••••••", secret: true });
  });
});

describe("versions", () => {
  it("publishes immutable numbered versions copying $LATEST", async () => {
    const fn = await create("versioned", { files: { "index.ts": TS_HANDLER, "lib/greet.ts": GREET }, description: "v" });
    const v1 = await api.post("/functions/versioned/versions", { description: "first" });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ functionName: "versioned", number: 1, description: "first", handler: "index.handler", timeoutSeconds: 3, memoryMb: 128 });
    expect(v1.body.files["lib/greet.ts"]).toBe(GREET);

    const changed = await api.patch("/functions/versioned", { version: fn.version, files: { "index.ts": "export const handler = async () => ({ statusCode: 204, body: '' });\n" }, memoryMb: 512 });
    expect(changed.status).toBe(200);
    const v2 = await api.post("/functions/versioned/versions", { version: changed.body.version });
    expect(v2.body).toMatchObject({ number: 2, memoryMb: 512 });

    const list = await api.get("/functions/versioned/versions");
    expect(list.body.items.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    // Version 1 still has the code it was published with.
    const rows = await setup.stack.prisma.functionVersion.findMany({ where: { function: { name: "versioned" } }, orderBy: { number: "asc" } });
    expect(rows[0].code).toContain('"hi " + name');
    expect(rows[1].code).toContain("statusCode: 204");
    expect(list.body.items[1].files).toEqual({ "index.ts": TS_HANDLER, "lib/greet.ts": GREET });
    expect((await api.get("/functions/versioned")).body.publishedVersions).toBe(2);
    expect((await api.get("/functions/nope/versions")).status).toBe(404);
  });
});

describe("delete", () => {
  it("refuses to delete a function a method's integration uses, naming the API and method", async () => {
    await create("in-use");
    const restApi = (await api.post("/restapis", { name: "shop" })).body;
    const M = `/restapis/${restApi.id}/resources/${restApi.rootResourceId}/methods/GET`;
    expect((await api.put(M, {})).status).toBe(201);
    expect((await api.put(`${M}/integration`, { type: "AWS_PROXY", httpMethod: "POST", uri: functionInvocationUri(ARN, "in-use") })).status).toBe(201);

    const refused = await api.delete("/functions/in-use");
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("GET / in API shop");
    expect((await api.get("/functions/in-use")).status).toBe(200);

    expect((await api.delete(`${M}/integration`)).status).toBe(204);
    expect((await api.delete("/functions/in-use")).status).toBe(204);
  });
});

describe("roles", () => {
  it("lets everyone read, admins and owners edit, testers invoke", async () => {
    await create("roles-fn");
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    const tester = await userWithToken(setup.stack.prisma, "tester");
    const owner = await userWithToken(setup.stack.prisma, "owner");
    expect((await viewer.api.get("/functions")).status).toBe(200);
    expect((await viewer.api.get("/functions/roles-fn")).status).toBe(200);
    expect((await viewer.api.get("/functions/roles-fn/logs")).status).toBe(200);
    expect((await viewer.api.post("/functions", { name: "v-fn" })).status).toBe(403);
    expect((await tester.api.patch("/functions/roles-fn", { version: 1, description: "x" })).status).toBe(403);
    expect((await tester.api.post("/functions/roles-fn/versions", {})).status).toBe(403);
    expect((await tester.api.delete("/functions/roles-fn")).status).toBe(403);
    expect((await viewer.api.post("/functions/roles-fn/invoke", { event: {} })).status).toBe(403);
    // A tester may run tests: not refused for the role (502: no gateway listens on this port).
    process.env.GATEWAY_PORT = "1";
    const invoked = await tester.api.post("/functions/roles-fn/invoke", { event: {} });
    expect(invoked.status).toBe(502);
    expect(invoked.body.message).toMatch(/gateway .* unreachable/);
    expect((await owner.api.post("/functions", { name: "owner-fn" })).status).toBe(201);
    expect((await api.get("/functions", { token: null })).status).toBe(401);
  });
});

describe("logs", () => {
  it("lists log lines newest first, filters by request id and since, and prunes old ones", async () => {
    await create("logged");
    const now = Date.now();
    const rows = [
      { requestId: "req-1", level: "INFO", message: "first", time: new Date(now - 3000) },
      { requestId: "req-1", level: "ERROR", message: "second", time: new Date(now - 2000) },
      { requestId: "req-2", level: "INFO", message: "third", time: new Date(now - 1000) },
      { requestId: "req-0", level: "INFO", message: "ancient", time: new Date(now - 10 * 24 * 3600_000) },
    ];
    await setup.stack.prisma.functionLog.createMany({ data: rows.map((r) => ({ ...r, functionName: "logged" })) });

    const all = await api.get("/functions/logged/logs");
    expect(all.status).toBe(200);
    // (The 10-day-old line may already be pruned by an earlier read: pruning runs on reads at most hourly.)
    expect(all.body.items.slice(0, 3).map((l: { message: string }) => l.message)).toEqual(["third", "second", "first"]);
    expect(all.body.items[0]).toEqual({ time: rows[2].time.toISOString(), level: "INFO", message: "third", requestId: "req-2", qualifier: "$LATEST" });
    const one = await api.get("/functions/logged/logs?requestId=req-1");
    expect(one.body.items.map((l: { message: string }) => l.message)).toEqual(["second", "first"]);
    const since = await api.get(`/functions/logged/logs?since=${encodeURIComponent(new Date(now - 1500).toISOString())}`);
    expect(since.body.items.map((l: { message: string }) => l.message)).toEqual(["third"]);
    expect((await api.get("/functions/logged/logs?limit=1")).body.items).toHaveLength(1);
    expect((await api.get("/functions/logged/logs?limit=0")).status).toBe(400);
    expect((await api.get("/functions/missing/logs")).status).toBe(404);

    // Retention: lines older than the retention days go; younger ones stay.
    await setup.stack.prisma.functionLog.create({ data: { functionName: "logged", requestId: "req-old", level: "INFO", message: "old", time: new Date(now - 8 * 24 * 3600_000) } });
    const pruned = await pruneFunctionLogs(setup.stack.prisma, 7, new Date(now));
    expect(pruned).toBeGreaterThanOrEqual(1);
    const left = await setup.stack.prisma.functionLog.findMany({ where: { functionName: "logged" } });
    expect(left.map((l) => l.message).sort()).toEqual(["first", "second", "third"]);
  });
});

describe("test invoke through the real gateway", () => {
  let gatewayPort = 0;
  /** One gateway for this block's tests (started by whichever runs first), found by the console through GATEWAY_PORT. */
  async function useGateway() {
    if (!gatewayPort) gatewayPort = (await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY })).port;
    process.env.GATEWAY_PORT = String(gatewayPort);
  }

  it("runs $LATEST in the gateway's runtime and returns the result, timings and logs", async () => {
    await create("invoked", { files: { "index.ts": TS_HANDLER, "lib/greet.ts": GREET } });
    await useGateway();
    const res = await api.post("/functions/invoked/invoke", { event: { pathParameters: { id: "7" } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.payload).toMatchObject({ statusCode: 200 });
    expect(JSON.parse((res.body.payload as { body: string }).body)).toEqual({ message: "hi 7", fn: "invoked" });
    expect(res.body.logs.map((l: { message: string }) => l.message).join("\n")).toContain("hello log 7");
    expect(res.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(res.body.billedDurationMs).toBeGreaterThanOrEqual(1);
    expect(res.body.peakMemoryMb).toBeGreaterThan(0);
    expect(res.body.requestId).toMatch(/\w/);
    expect((await api.post("/functions/invoked/invoke", { event: {}, qualifier: "9" })).status).toBe(404);
  });

  it("runs a published version's code, not $LATEST's, when invoked with its qualifier", async () => {
    const fn = await create("pinned", { files: { "index.ts": "export const handler = async () => ({ statusCode: 200, body: 'old code' });\n" } });
    await useGateway();
    const v1 = await api.post("/functions/pinned/versions", { version: fn.version, description: "old" });
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body.number).toBe(1);
    // Warm $LATEST first, so the version call below cannot be answered by a stale $LATEST instance by accident.
    // (The gateway learns of the new function by NOTIFY: poll until it runs it.)
    let warm: { status: number; body: { payload?: unknown } } = { status: 0, body: {} };
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      warm = await api.post("/functions/pinned/invoke", { event: {} });
      if (warm.status === 200) break;
    }
    expect(warm.body.payload).toMatchObject({ body: "old code" });

    const changed = await api.patch("/functions/pinned", { version: fn.version, files: { "index.ts": "export const handler = async () => ({ statusCode: 200, body: 'new code' });\n" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    // $LATEST picks up the save (the gateway reloads on the NOTIFY within about a second)…
    let latest: { ok: boolean; payload: unknown } | undefined;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await api.post("/functions/pinned/invoke", { event: {} });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      latest = res.body;
      if ((latest?.payload as { body?: string } | undefined)?.body === "new code" || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(latest?.payload).toMatchObject({ statusCode: 200, body: "new code" });
    expect((await api.post("/functions/pinned/invoke", { event: {}, qualifier: "$LATEST" })).body.payload).toMatchObject({ body: "new code" });

    // …while version 1 still runs the code it was published with.
    const pinned = await api.post("/functions/pinned/invoke", { event: {}, qualifier: "1" });
    expect(pinned.status, JSON.stringify(pinned.body)).toBe(200);
    expect(pinned.body.ok).toBe(true);
    expect(pinned.body.payload).toEqual({ statusCode: 200, body: "old code" });
    expect((await api.post("/functions/pinned/invoke", { event: {}, qualifier: "2" })).status).toBe(404);
  });
});

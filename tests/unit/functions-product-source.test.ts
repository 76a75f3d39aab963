import { describe, expect, it } from "vitest";
import { bundleFunction } from "../../lib/functions/bundle";
import { compileFunction } from "../../lib/functions/compile";
import { FILE_PATH_PATTERN, FUNCTION_NAME_PATTERN, handlerFile, parseHandler } from "../../lib/functions/source";
import { HELLO_JAVASCRIPT, HELLO_TYPESCRIPT } from "../../lib/functions/templates";
import { typecheckFunction } from "../../lib/functions/typecheck";

function run(code: string, exportName = "handler") {
  const mod = { exports: {} as Record<string, (...args: unknown[]) => unknown> };
  new Function("exports", "require", "module", code)(mod.exports, () => ({}), mod);
  return mod.exports[exportName];
}

describe("function names, files and handlers", () => {
  it.each([
    ["a", true],
    ["my-fn_2", true],
    ["x".repeat(64), true],
    ["x".repeat(65), false],
    ["", false],
    ["has space", false],
    ["dot.name", false],
  ])("name %s valid: %s", (name, ok) => expect(FUNCTION_NAME_PATTERN.test(name)).toBe(ok));

  it("accepts relative source paths only", () => {
    for (const p of ["index.ts", "lib/util.ts", "data.json", "a.mjs"]) expect(FILE_PATH_PATTERN.test(p), p).toBe(true);
    for (const p of ["/abs.ts", "../up.ts", "a/../b.ts", "noext", "a b.ts", "./x.ts"]) expect(FILE_PATH_PATTERN.test(p), p).toBe(false);
  });

  it("finds the handler's file by language", () => {
    expect(parseHandler("index.handler")).toEqual({ module: "index", exportName: "handler" });
    expect(parseHandler("src/app.main")).toEqual({ module: "src/app", exportName: "main" });
    expect(parseHandler("index")).toBeNull();
    expect(parseHandler("../x.handler")).toBeNull();
    expect(handlerFile("index.handler", { "index.ts": "" }, "typescript")).toBe("index.ts");
    expect(handlerFile("index.handler", { "index.js": "" }, "typescript")).toBe("index.js");
    expect(handlerFile("index.handler", { "index.ts": "" }, "javascript")).toBeNull();
    expect(handlerFile("src/app.main", { "src/app.ts": "" }, "typescript")).toBe("src/app.ts");
  });
});

describe("bundling (esbuild, in memory)", () => {
  it("bundles relative imports of TypeScript, JavaScript and JSON into one CommonJS script", async () => {
    const result = await bundleFunction(
      {
        "index.ts": 'import { twice } from "./lib/math";\nimport cfg from "./cfg.json";\nexport const handler = async () => twice(cfg.n);\n',
        "lib/math.js": "export const twice = (n) => n * 2;\n",
        "cfg.json": '{"n": 21}',
      },
      "index.ts",
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(await run(result.code)()).toBe(42);
  });

  it("reports syntax errors, missing files and npm imports with file:line:column", async () => {
    const syntax = await bundleFunction({ "index.js": "export const handler = () => {\n  return (;\n};\n" }, "index.js");
    expect(syntax).toEqual({ ok: false, problems: [expect.objectContaining({ file: "index.js", line: 2, column: 11 })] });
    const missing = await bundleFunction({ "index.js": 'import "./nope";\n' }, "index.js");
    expect(missing.ok || missing.problems[0].message).toMatch(/Cannot find file "\.\/nope"/);
    const npm = await bundleFunction({ "index.js": 'const x = require("left-pad");\nexports.handler = x;\n' }, "index.js");
    expect(npm.ok || npm.problems[0]).toMatchObject({ file: "index.js", line: 1, message: expect.stringContaining("modules are not available") });
  });

  it("keeps node: built-ins external", async () => {
    const result = await bundleFunction({ "index.js": 'import { createHash } from "node:crypto";\nexport const handler = () => typeof createHash;\n' }, "index.js");
    expect(result.ok && result.code).toContain('require("node:crypto")');
  });
});

describe("type checking (TypeScript compiler API, in memory)", () => {
  it("knows the Lambda types and the runtime's globals", () => {
    expect(typecheckFunction({ "index.ts": HELLO_TYPESCRIPT })).toEqual([]);
    const withFetch = `export const handler: APIGatewayProxyHandler = async (event, context) => {
  const res = await fetch("http://example.test/" + (event.pathParameters?.id ?? ""));
  console.info(context.awsRequestId, process.env.NAME, res.status, setTimeout(() => {}, 1));
  return { statusCode: res.status, body: await res.text() };
};
export const v2 = async (event: APIGatewayProxyEventV2) => event.requestContext.http.method;
export const auth = async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => ({
  principalId: "u", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }] },
});
`;
    expect(typecheckFunction({ "index.ts": withFetch })).toEqual([]);
  });

  it("reports type errors with file, line and column, across files", () => {
    const problems = typecheckFunction({
      "index.ts": 'import { f } from "./lib/f";\nexport const handler = async () => f(1);\n',
      "lib/f.ts": "export function f(s: string) {\n  return s.length;\n}\n",
    });
    expect(problems).toEqual([
      { file: "index.ts", line: 2, column: 38, message: "Argument of type 'number' is not assignable to parameter of type 'string'.", severity: "error" },
    ]);
    expect(typecheckFunction({ "index.ts": "export const handler = (e: APIGatewayProxyEvent) => e.nope;\n" })[0].message).toContain("Property 'nope' does not exist");
  });
});

describe("compileFunction", () => {
  it("checks the handler file, bundles, and type-checks TypeScript only", async () => {
    expect(await compileFunction({ "index.js": HELLO_JAVASCRIPT }, "index.handler", "javascript")).toMatchObject({ ok: true });
    const noFile = await compileFunction({ "main.ts": HELLO_TYPESCRIPT }, "index.handler", "typescript");
    expect(noFile).toMatchObject({ ok: false, problems: [{ field: "handler" }] });
    const typeError = await compileFunction({ "index.ts": 'export const handler = () => { const n: number = "x"; return n; };\n' }, "index.handler", "typescript");
    expect(typeError).toMatchObject({ ok: false, problems: [{ field: "files.index.ts", message: "index.ts:1:38: Type 'string' is not assignable to type 'number'." }] });
    // The same code as JavaScript is not type-checked (but must parse: type annotations do not).
    const asJs = await compileFunction({ "index.js": 'export const handler = () => { const n = "x"; return n * 1; };\n' }, "index.handler", "javascript");
    expect(asJs.ok).toBe(true);
    const compiled = await compileFunction({ "index.ts": HELLO_TYPESCRIPT }, "index.handler", "typescript");
    expect(compiled.ok && (await run(compiled.code)({ httpMethod: "GET", path: "/" }, { functionName: "f" }))).toMatchObject({ statusCode: 200 });
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import type { Db } from "../../lib/db";
import { randomId } from "../../lib/ids";
import { deployApi } from "../../lib/services/deploy";
import { ARN, createFunction, createRestApi } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/**
 * Mapping templates, passthrough behaviours, request validators, custom
 * function integrations and customized gateway responses, through the real
 * gateway process against a local backend.
 */

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let stack: Stack;
let apiId: string;
let backend: http.Server;
let upstream: string;
const seen: Seen[] = [];

/** `/status/{code}` answers that code with a JSON echo of what it received. */
async function startBackend(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const got = { url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(got);
      const status = Number(/^\/status\/(\d{3})/.exec(req.url ?? "")?.[1] ?? 200);
      const body = JSON.stringify({ url: got.url, received: got.body, items: [{ id: 1 }, { id: 2 }] });
      res.writeHead(status, { "Content-Type": "application/json", "X-Backend": "yes" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function ensureResource(db: Db, path: string): Promise<string> {
  const existing = await db.resource.findUnique({ where: { restApiId_path: { restApiId: apiId, path } } });
  if (existing) return existing.id;
  const parts = path.split("/").filter(Boolean);
  const parentId = await ensureResource(db, parts.length > 1 ? `/${parts.slice(0, -1).join("/")}` : "/");
  return (await db.resource.create({ data: { id: randomId(10), restApiId: apiId, parentId, path, pathPart: parts.at(-1)! } })).id;
}

interface ResponseSpec {
  statusCode: string;
  selectionPattern?: string;
  templates?: Record<string, string>;
  parameters?: Record<string, string>;
  contentHandling?: string;
}

interface MethodSpec {
  type: "HTTP" | "MOCK" | "AWS";
  uri?: string;
  httpMethod?: string;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  responses: ResponseSpec[];
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  requestValidatorId?: string;
}

/** A method with its integration, integration responses and a method response per status, as the console saves them. */
async function addMethod(db: Db, path: string, verb: string, spec: MethodSpec) {
  const resourceId = await ensureResource(db, path);
  await db.method.create({
    data: {
      resourceId,
      httpMethod: verb,
      requestParameters: spec.requestParameters ?? {},
      requestModels: spec.requestModels ?? {},
      requestValidatorId: spec.requestValidatorId ?? null,
      methodResponses: { create: spec.responses.map((r) => ({ statusCode: r.statusCode })) },
      integration: {
        create: {
          type: spec.type,
          httpMethod: spec.httpMethod ?? "POST",
          uri: spec.uri ?? "",
          requestTemplates: spec.requestTemplates ?? {},
          passthroughBehavior: spec.passthroughBehavior ?? "WHEN_NO_MATCH",
          responses: {
            create: spec.responses.map((r) => ({
              statusCode: r.statusCode,
              selectionPattern: r.selectionPattern ?? null,
              responseTemplates: r.templates ?? {},
              responseParameters: r.parameters ?? {},
              contentHandling: r.contentHandling ?? null,
            })),
          },
        },
      },
    },
  });
}

const JSON_TO_XML = [
  "#set($doc = $util.parseJson('{\"users\":[{\"name\":\"Ada\"},{\"name\":\"Linus\"}]}'))",
  "<users>#foreach($u in $doc.users)<user id=\"$foreach.count\">$u.name</user>#end</users>",
].join("\n");

beforeAll(async () => {
  backend = await startBackend();
  upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  stack = await createStack(inject("pgServerUrl"));
  const db = stack.prisma;
  apiId = await createRestApi(db, "templates");

  // MOCK returning XML rendered from JSON.
  await addMethod(db, "/xml", "GET", {
    type: "MOCK",
    requestTemplates: { "application/json": '{"statusCode": 200}' },
    responses: [{ statusCode: "200", templates: { "application/json": JSON_TO_XML }, parameters: { "method.response.header.Content-Type": "'application/xml'" } }],
  });
  // MOCK: the template's statusCode selects the response; overrides; CONVERT_TO_BINARY.
  await addMethod(db, "/mock/{code}", "GET", {
    type: "MOCK",
    requestTemplates: { "application/json": "{\"statusCode\": $input.params('code')}" },
    responses: [
      { statusCode: "200", templates: { "application/json": '{"code": "$input.params(\'code\')", "q": "$util.escapeJavaScript($input.params(\'q\'))"}' } },
      { statusCode: "418", selectionPattern: "418", templates: { "application/json": '#set($context.responseOverride.header.X-Teapot = "short and stout"){"teapot": true}' } },
      { statusCode: "201", selectionPattern: "201", templates: { "application/json": "aGVsbG8gYmluYXJ5" }, contentHandling: "CONVERT_TO_BINARY" },
      { statusCode: "500", selectionPattern: "5\\d\\d", templates: { "application/json": "$util.parseJson('{oops')" } },
    ],
  });

  // HTTP: the request template reshapes the body; the backend's 404 maps to a custom 404.
  const reshape = '{"fullName": "$input.path(\'$.first\') $input.path(\'$.last\')", "tags": [#foreach($t in $input.path(\'$.tags\'))"$t"#if($foreach.hasNext),#end#end], "stage": "$context.stage"}';
  const httpResponses: ResponseSpec[] = [
    { statusCode: "200", templates: { "application/json": '{"backendSaw": $input.json(\'$.received\'), "count": $input.path(\'$.items\').size()}' } },
    { statusCode: "404", selectionPattern: "404", templates: { "application/json": '{"message": "No such person", "requestId": "$context.requestId"}' } },
  ];
  await addMethod(db, "/people", "POST", { type: "HTTP", uri: `${upstream}/status/200`, requestTemplates: { "application/json": reshape }, responses: httpResponses });
  await addMethod(db, "/people/missing", "POST", { type: "HTTP", uri: `${upstream}/status/404`, requestTemplates: { "application/json": reshape }, responses: httpResponses });

  // Passthrough behaviours.
  const jsonOnly = { "application/json": '{"mapped": $input.json(\'$\')}' };
  const ok: ResponseSpec[] = [{ statusCode: "200" }];
  await addMethod(db, "/pt/match", "POST", { type: "HTTP", uri: `${upstream}/pt`, requestTemplates: jsonOnly, passthroughBehavior: "WHEN_NO_MATCH", responses: ok });
  await addMethod(db, "/pt/templates", "POST", { type: "HTTP", uri: `${upstream}/pt`, requestTemplates: jsonOnly, passthroughBehavior: "WHEN_NO_TEMPLATES", responses: ok });
  await addMethod(db, "/pt/empty", "POST", { type: "HTTP", uri: `${upstream}/pt`, passthroughBehavior: "WHEN_NO_TEMPLATES", responses: ok });
  await addMethod(db, "/pt/never", "POST", { type: "HTTP", uri: `${upstream}/pt`, requestTemplates: jsonOnly, passthroughBehavior: "NEVER", responses: ok });
  await addMethod(db, "/pt/broken", "POST", { type: "HTTP", uri: `${upstream}/pt`, requestTemplates: { "application/json": "$util.parseJson($input.body).a" }, responses: ok });

  // A validated POST.
  const modelId = randomId(10);
  await db.apiModel.create({
    data: {
      id: modelId,
      restApiId: apiId,
      name: "Person",
      schema: JSON.stringify({
        $schema: "http://json-schema.org/draft-04/schema#",
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", minLength: 1 }, age: { type: "integer", minimum: 0 } },
      }),
    },
  });
  const validator = await db.requestValidator.create({ data: { id: randomId(10), restApiId: apiId, name: "all", validateRequestBody: true, validateRequestParameters: true } });
  await addMethod(db, "/validated", "POST", {
    type: "MOCK",
    requestTemplates: { "application/json": '{"statusCode": 200}' },
    // A MOCK's response template reads the (empty) integration body, not the request's.
    responses: [{ statusCode: "200", templates: { "application/json": '{"accepted": true, "mockBody": $input.json(\'$.name\')}' } }],
    requestParameters: { "method.request.querystring.tenant": true, "method.request.header.X-Client": false },
    requestModels: { "application/json": "Person" },
    requestValidatorId: validator.id,
  });

  // A custom function integration.
  await createFunction(
    db,
    "greeter",
    `exports.handler = async (event) => {
      if (event.name === "nobody") throw new Error("NotFound: no user " + event.name);
      return { greeting: "Hello, " + event.name, stage: event.stage };
    };`,
  );
  await addMethod(db, "/greet/{name}", "GET", {
    type: "AWS",
    uri: functionInvocationUri(ARN, "greeter"),
    requestTemplates: { "application/json": '{"name": "$input.params(\'name\')", "stage": "$context.stage"}' },
    responses: [
      { statusCode: "200", templates: { "application/json": '{"message": $input.json(\'$.greeting\'), "stage": "$input.path(\'$.stage\')"}' } },
      { statusCode: "404", selectionPattern: "NotFound:.*", templates: { "application/json": '{"error": "$input.path(\'$.errorMessage\')"}' } },
    ],
  });

  // Customized gateway responses.
  await db.gatewayResponse.create({
    data: { restApiId: apiId, responseType: "DEFAULT_4XX", responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } },
  });
  await db.gatewayResponse.create({
    data: {
      restApiId: apiId,
      responseType: "BAD_REQUEST_BODY",
      statusCode: "422",
      responseParameters: { "gatewayresponse.header.X-Client": "method.request.header.X-Client" },
      responseTemplates: { "application/json": '{"error": $context.error.messageString, "type": "$context.error.responseType", "env": "$stageVariables.env"}' },
    },
  });

  await deployApi(db, { restApiId: apiId, stageName: "test", variables: { env: "testing" } });
  await stack.startGateway();
}, 60_000);

afterAll(async () => {
  await stack?.close();
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
});

const call = (path: string, options: Parameters<Stack["gateway"]["request"]>[1] = {}) => stack.gateway.request(`/test${path}`, { apiId, ...options });
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("MOCK with templates", () => {
  it("renders XML from a JSON template, with the mapped Content-Type", async () => {
    const res = await call("/xml");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/xml");
    expect(res.text).toBe('<users><user id="1">Ada</user><user id="2">Linus</user></users>');
  });

  it("selects the integration response by the status the request template renders", async () => {
    const res = await call("/mock/200?q=it's");
    expect(res.status).toBe(200);
    // escapeJavaScript turns ' into \' (Java's StringEscapeUtils), which is not valid JSON: AWS's documented quirk.
    expect(res.text).toBe(`{"code": "200", "q": "it\\'s"}`);
  });

  it("applies $context.responseOverride headers", async () => {
    const res = await call("/mock/418");
    expect(res.status).toBe(418);
    expect(res.headers["x-teapot"]).toBe("short and stout");
    expect(res.json()).toEqual({ teapot: true });
  });

  it("base64-decodes the rendered body with CONVERT_TO_BINARY", async () => {
    const res = await call("/mock/201");
    expect(res.status).toBe(201);
    expect(res.text).toBe("hello binary");
  });

  it("answers 500 when a response template fails at run time, and keeps serving", async () => {
    const res = await call("/mock/500");
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ message: "Internal server error" });
    expect(res.headers["x-amzn-errortype"]).toBe("InternalServerErrorException");
    await waitFor(async () => (stack.gateway.logs.some((l) => /Unable to transform response/.test(l)) ? true : undefined));
    expect((await call("/mock/200")).status).toBe(200);
  });
});

describe("HTTP with templates", () => {
  it("reshapes the request body and renders the response over the backend's body", async () => {
    const res = await postJson("/people", { first: "Ada", last: "Lovelace", tags: ["math", "code"] });
    expect(res.status).toBe(200);
    const sent = JSON.parse(seen.at(-1)!.body) as unknown;
    expect(sent).toEqual({ fullName: "Ada Lovelace", tags: ["math", "code"], stage: "test" });
    expect(seen.at(-1)!.headers["content-type"]).toBe("application/json");
    const body = res.json() as { backendSaw: string; count: number };
    expect(JSON.parse(body.backendSaw)).toEqual(sent);
    expect(body.count).toBe(2);
  });

  it("maps the backend's 404 to a custom 404 response", async () => {
    const res = await postJson("/people/missing", { first: "No", last: "One", tags: [] });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ message: "No such person", requestId: res.headers["x-amzn-requestid"] });
    expect(res.headers["x-backend"]).toBeUndefined();
  });

  it("answers 500 when a request template fails at run time (invalid JSON for $util.parseJson)", async () => {
    const res = await call("/pt/broken", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ message: "Internal server error" });
    await waitFor(async () => (stack.gateway.logs.some((l) => /Unable to transform request/.test(l)) ? true : undefined));
  });
});

describe("passthrough behaviours", () => {
  const sendText = (path: string) => call(path, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "plain words" });

  it("WHEN_NO_MATCH maps a matching content type and passes any other through", async () => {
    expect((await postJson("/pt/match", { a: 1 })).status).toBe(200);
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ mapped: { a: 1 } });
    expect((await sendText("/pt/match")).status).toBe(200);
    expect(seen.at(-1)!.body).toBe("plain words");
    expect(seen.at(-1)!.headers["content-type"]).toBe("text/plain");
  });

  it("treats a request without Content-Type as application/json", async () => {
    expect((await call("/pt/match", { method: "POST", body: '{"b":2}' })).status).toBe(200);
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ mapped: { b: 2 } });
  });

  it("WHEN_NO_TEMPLATES refuses an unmatched type with 415 when templates exist, passes through when none do", async () => {
    const refused = await sendText("/pt/templates");
    expect(refused.status).toBe(415);
    expect(refused.json()).toEqual({ message: "Unsupported Media Type" });
    expect((await postJson("/pt/templates", { c: 3 })).status).toBe(200);
    expect((await sendText("/pt/empty")).status).toBe(200);
    expect(seen.at(-1)!.body).toBe("plain words");
  });

  it("NEVER refuses any unmatched type with 415", async () => {
    expect((await sendText("/pt/never")).status).toBe(415);
    expect((await postJson("/pt/never", { d: 4 })).status).toBe(200);
  });
});

describe("request validation", () => {
  it("rejects a missing required parameter with AWS's message", async () => {
    const res = await postJson("/validated", { name: "Ada" });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ message: "Missing required request parameters: [tenant]" });
    expect(res.headers["x-amzn-errortype"]).toBe("BadRequestException");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
  });

  it("rejects a body that does not match the model (customized: 422, template, header from the request)", async () => {
    const res = await postJson("/validated?tenant=t1", { age: -1 }, { "X-Client": "cli-7" });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ error: "Invalid request body", type: "BAD_REQUEST_BODY", env: "testing" });
    expect(res.headers["x-client"]).toBe("cli-7");
    // The type's own customization replaces DEFAULT_4XX's.
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    await waitFor(async () => (stack.gateway.logs.some((l) => /missing required properties \(\["name"\]\)/.test(l)) ? true : undefined));
  });

  it("rejects a body that is not JSON", async () => {
    const res = await call("/validated?tenant=t1", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{oops" });
    expect(res.status).toBe(422);
  });

  it("lets a valid request through", async () => {
    const res = await postJson("/validated?tenant=t1", { name: "Ada", age: 36 });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ accepted: true, mockBody: null });
  });
});

describe("custom function integration (AWS)", () => {
  it("sends the request template's output as the event and maps the result", async () => {
    const res = await call("/greet/Ada");
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ message: "Hello, Ada", stage: "test" });
  });

  it("matches the function's error message against selection patterns", async () => {
    const res = await call("/greet/nobody");
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: "NotFound: no user nobody" });
  });
});

describe("gateway responses", () => {
  it("puts DEFAULT_4XX's CORS header on a 403 for an unknown path", async () => {
    const res = await call("/no/such/path");
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: "Missing Authentication Token" });
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
  });

  it("leaves 5xx responses alone", async () => {
    const res = await call("/mock/500");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

/**
 * An OpenAPI 3.0 document as produced by our export (lib/openapi-io/to-openapi.ts) → Swagger 2.0, for
 * GetExport's `swagger` type. Only the constructs that export emits are converted: parameters with a
 * string schema, JSON request bodies and responses naming models, response headers, security schemes.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const VERBS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"]);

/** `#/components/schemas/X` → `#/definitions/X`, everywhere in `value`. */
function rewriteRefs<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (k === "$ref" && typeof v === "string" ? v.replace(/^#\/components\/schemas\//, "#/definitions/") : v)),
  ) as T;
}

function schemaType(parameter: Obj): Obj {
  const schema = isObj(parameter.schema) ? parameter.schema : {};
  const { schema: _schema, ...rest } = parameter;
  void _schema;
  return { ...rest, type: typeof schema.type === "string" ? schema.type : "string" };
}

function convertOperation(op: Obj, produces: Set<string>): Obj {
  const { requestBody, responses, parameters, ...rest } = op;
  const out: Obj = { ...rest };
  const params: Obj[] = Array.isArray(parameters) ? parameters.filter(isObj).map(schemaType) : [];
  if (isObj(requestBody) && isObj(requestBody.content)) {
    const entries = Object.entries(requestBody.content);
    out.consumes = entries.map(([type]) => type);
    const first = entries.find(([, c]) => isObj(c) && isObj(c.schema));
    if (first) {
      const schema = (first[1] as Obj).schema as Obj;
      const name = typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : "body";
      params.push({ in: "body", name, required: true, schema });
    }
  }
  if (params.length > 0) out.parameters = params;
  const opProduces = new Set<string>();
  const converted: Obj = {};
  for (const [status, raw] of Object.entries(isObj(responses) ? responses : {})) {
    if (!isObj(raw)) continue;
    const { content, headers, ...response } = raw;
    if (isObj(content)) {
      for (const type of Object.keys(content)) opProduces.add(type);
      const first = Object.values(content).find((c) => isObj(c) && isObj(c.schema)) as Obj | undefined;
      if (first) response.schema = first.schema;
    }
    if (isObj(headers)) {
      // Swagger 2 response headers have no `required`.
      response.headers = Object.fromEntries(
        Object.entries(headers).map(([h, v]) => {
          const { required: _required, ...header } = isObj(v) ? schemaType(v) : { type: "string" };
          void _required;
          return [h, header];
        }),
      );
    }
    converted[status] = response;
  }
  if (opProduces.size > 0) {
    out.produces = [...opProduces];
    for (const type of opProduces) produces.add(type);
  }
  out.responses = converted;
  return out;
}

export function toSwagger2(oas: Obj): Obj {
  const doc: Obj = { swagger: "2.0", info: oas.info };
  const server = Array.isArray(oas.servers) && isObj(oas.servers[0]) ? String(oas.servers[0].url ?? "") : "";
  if (server) {
    try {
      const url = new URL(server);
      doc.host = url.host;
      doc.basePath = url.pathname || "/";
      doc.schemes = [url.protocol.replace(/:$/, "")];
    } catch {
      // Not an absolute URL: no host, as AWS when the stage URL is unknown.
    }
  }
  const produces = new Set<string>();
  const paths: Obj = {};
  for (const [path, item] of Object.entries(isObj(oas.paths) ? oas.paths : {})) {
    if (!isObj(item)) continue;
    paths[path] = Object.fromEntries(
      Object.entries(item).map(([verb, op]) => [verb, VERBS.has(verb) && isObj(op) ? convertOperation(op, produces) : op]),
    );
  }
  doc.paths = paths;
  const components = isObj(oas.components) ? oas.components : {};
  if (isObj(components.securitySchemes)) doc.securityDefinitions = components.securitySchemes;
  if (isObj(components.schemas)) doc.definitions = components.schemas;
  for (const [key, value] of Object.entries(oas)) if (key.startsWith("x-")) doc[key] = value;
  return rewriteRefs(doc);
}

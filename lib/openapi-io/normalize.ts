import { parseFunctionInvocationUri } from "../arn";
import {
  MODEL_REF_PLACEHOLDER,
  ptr,
  type ApiDef,
  type DefAuthorizer,
  type DefIntegration,
  type DefIntegrationResponse,
  type DefMethod,
  type DefMethodResponse,
  type DefModel,
  type ImportProblem,
  type ImportWarning,
} from "./types";

/**
 * An OpenAPI 3.0/3.1 or Swagger 2.0 document (already parsed) → an ApiDef, with every problem and
 * warning named by its JSON pointer into the document as written.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const VERBS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;
const INTEGRATION_TYPES = ["HTTP", "HTTP_PROXY", "MOCK", "AWS_PROXY", "AWS"] as const;
const PASSTHROUGH = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
const CONTENT_HANDLING = ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"];
const STATUS = /^[1-5]\d\d$/;
const MODEL_NAME = /^[A-Za-z0-9]+$/;
const SEGMENT = /^([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9._-]+\+?\})$/;

/** Extensions we read; others named x-amazon-apigateway-* are reported as unsupported. */
const IGNORED_EXTENSIONS: Record<string, string> = {
  "x-amazon-apigateway-documentation": "documentation parts are not supported and were skipped",
  "x-amazon-apigateway-endpoint-configuration": "endpoint configuration does not apply to Gatehouse and was skipped",
  "x-amazon-apigateway-policy": "resource policies are not supported and were skipped",
  "x-amazon-apigateway-minimum-compression-size": "minimum compression size is not supported and was skipped",
  "x-amazon-apigateway-tag-value": "tags are not supported and were skipped",
  "x-amazon-apigateway-endpoint-access-mode": "endpoint access mode does not apply to Gatehouse and was skipped",
  "x-amazon-apigateway-security-policy": "TLS security policies do not apply to Gatehouse and were skipped",
};
const SILENT_EXTENSIONS = new Set(["x-amazon-apigateway-importexport-version"]);

export interface NormalizeResult {
  def: ApiDef;
  problems: ImportProblem[];
  warnings: ImportWarning[];
}

export function normalizeDocument(doc: Obj): NormalizeResult {
  return new Normalizer(doc).run();
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);

class Normalizer {
  readonly problems: ImportProblem[] = [];
  readonly warnings: ImportWarning[] = [];
  readonly swagger: boolean;
  readonly models: DefModel[] = [];
  readonly modelNames = new Set<string>();
  readonly validatorNames = new Set<string>();
  /** security scheme name → how a method requiring it is authorized. */
  readonly schemes = new Map<string, { kind: "apiKey" } | { kind: "authorizer"; name: string; type: DefAuthorizer["type"] } | { kind: "iam" } | { kind: "other" }>();
  readonly authorizers: DefAuthorizer[] = [];

  constructor(private readonly doc: Obj) {
    this.swagger = typeof doc.swagger === "string";
  }

  problem(field: string, message: string) {
    this.problems.push({ field, message });
  }
  warn(pointer: string, message: string) {
    this.warnings.push({ pointer, message });
  }

  run(): NormalizeResult {
    const doc = this.doc;
    const def: ApiDef = {
      name: "",
      description: "",
      version: "",
      binaryMediaTypes: [],
      apiKeySource: "HEADER",
      models: this.models,
      validators: [],
      authorizers: this.authorizers,
      gatewayResponses: [],
      resources: [],
    };
    const result = { def, problems: this.problems, warnings: this.warnings };
    if (this.swagger) {
      if (doc.swagger !== "2.0") this.problem("/swagger", `Swagger ${String(doc.swagger)} is not supported; use Swagger 2.0 or OpenAPI 3.0/3.1`);
    } else if (typeof doc.openapi === "string") {
      if (!/^3\.[01]\.\d+$/.test(doc.openapi) && !/^3\.[01]$/.test(doc.openapi)) this.problem("/openapi", `OpenAPI ${doc.openapi} is not supported; use 3.0.x or 3.1.x (or Swagger 2.0)`);
    } else {
      this.problem("", "Not an OpenAPI document: it has neither `openapi` (3.0/3.1) nor `swagger` (2.0)");
      return result;
    }
    if (this.problems.length > 0) return result;
    this.refuseHttpApi();
    if (this.problems.length > 0) return result;

    const info = isObj(doc.info) ? doc.info : {};
    const title = str(info.title);
    if (!title || title.trim() === "") this.problem("/info/title", "The API needs a name: info.title");
    def.name = (title ?? "").trim().slice(0, 128);
    def.description = str(info.description) ?? "";
    def.version = str(info.version) ?? "";

    this.rootExtensions(def);
    this.readModels();
    this.readSecuritySchemes();
    def.resources = this.readPaths(def);
    return result;
  }

  /** HTTP API (v2) documents: refused until HTTP APIs exist. */
  refuseHttpApi() {
    const message = (what: string) =>
      `This is an HTTP API document (${what}). Gatehouse imports REST API documents only; HTTP APIs are not supported yet.`;
    if ("x-amazon-apigateway-cors" in this.doc) this.problem("/x-amazon-apigateway-cors", message("x-amazon-apigateway-cors"));
    if ("x-amazon-apigateway-route-selection-expression" in this.doc) {
      this.problem("/x-amazon-apigateway-route-selection-expression", "This is a WebSocket API document; Gatehouse imports REST API documents only.");
    }
    const paths = isObj(this.doc.paths) ? this.doc.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObj(item)) continue;
      for (const [verb, op] of Object.entries(item)) {
        if (!isObj(op)) continue;
        const integration = op["x-amazon-apigateway-integration"];
        if (isObj(integration) && "payloadFormatVersion" in integration) {
          this.problem(ptr("paths", path, verb, "x-amazon-apigateway-integration", "payloadFormatVersion"), message("payloadFormatVersion"));
        }
      }
    }
  }

  rootExtensions(def: ApiDef) {
    const doc = this.doc;
    for (const key of Object.keys(doc)) this.checkExtension(key, ptr(key), ROOT_EXTENSIONS);
    const bmt = doc["x-amazon-apigateway-binary-media-types"];
    if (bmt !== undefined) {
      if (!Array.isArray(bmt) || bmt.some((t) => typeof t !== "string")) this.problem("/x-amazon-apigateway-binary-media-types", "A list of media types, e.g. [image/png, '*/*']");
      else def.binaryMediaTypes = [...new Set(bmt as string[])];
    }
    const source = doc["x-amazon-apigateway-api-key-source"];
    if (source !== undefined) {
      const s = String(source).toUpperCase();
      if (s !== "HEADER" && s !== "AUTHORIZER") this.problem("/x-amazon-apigateway-api-key-source", "HEADER or AUTHORIZER");
      else def.apiKeySource = s;
    }
    const validators = doc["x-amazon-apigateway-request-validators"];
    if (validators !== undefined) {
      if (!isObj(validators)) this.problem("/x-amazon-apigateway-request-validators", "An object: name → {validateRequestBody, validateRequestParameters}");
      else {
        for (const [name, v] of Object.entries(validators)) {
          const p = ptr("x-amazon-apigateway-request-validators", name);
          if (!isObj(v)) {
            this.problem(p, "An object with validateRequestBody and validateRequestParameters");
            continue;
          }
          if (name.trim() === "" || name.length > 128) this.problem(p, "A validator name is 1–128 characters");
          for (const k of ["validateRequestBody", "validateRequestParameters"]) {
            if (v[k] !== undefined && typeof v[k] !== "boolean") this.problem(`${p}/${k}`, "true or false");
          }
          def.validators.push({ name, validateRequestBody: v.validateRequestBody === true, validateRequestParameters: v.validateRequestParameters === true });
          this.validatorNames.add(name);
        }
      }
    }
    const defaultValidator = doc["x-amazon-apigateway-request-validator"];
    if (defaultValidator !== undefined && (typeof defaultValidator !== "string" || !this.validatorNames.has(defaultValidator))) {
      this.problem("/x-amazon-apigateway-request-validator", `No validator named ${JSON.stringify(defaultValidator)} in x-amazon-apigateway-request-validators`);
    }
    const responses = doc["x-amazon-apigateway-gateway-responses"];
    if (responses !== undefined) {
      if (!isObj(responses)) this.problem("/x-amazon-apigateway-gateway-responses", "An object: response type → {statusCode, responseParameters, responseTemplates}");
      else {
        for (const [type, r] of Object.entries(responses)) {
          const p = ptr("x-amazon-apigateway-gateway-responses", type);
          if (!/^[A-Z0-9_]+$/.test(type)) this.problem(p, "A gateway response type such as DEFAULT_4XX or MISSING_AUTHENTICATION_TOKEN");
          if (!isObj(r)) {
            this.problem(p, "An object with statusCode, responseParameters and responseTemplates");
            continue;
          }
          const statusCode = r.statusCode === undefined ? null : str(r.statusCode);
          if (statusCode !== null && !STATUS.test(statusCode)) this.problem(`${p}/statusCode`, "A status code 100–599");
          def.gatewayResponses.push({
            responseType: type,
            statusCode,
            responseParameters: this.stringMap(r.responseParameters, `${p}/responseParameters`),
            responseTemplates: this.stringMap(r.responseTemplates, `${p}/responseTemplates`),
          });
        }
      }
    }
  }

  checkExtension(key: string, pointer: string, known: ReadonlySet<string>) {
    if (!key.startsWith("x-amazon-apigateway-") || known.has(key) || SILENT_EXTENSIONS.has(key)) return;
    this.warn(pointer, `${key}: ${IGNORED_EXTENSIONS[key] ?? "this extension is not supported here and was skipped"}`);
  }

  stringMap(v: unknown, pointer: string): Record<string, string> {
    if (v === undefined || v === null) return {};
    if (!isObj(v)) {
      this.problem(pointer, "An object of string values");
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(v)) {
      if (typeof value !== "string") this.problem(ptr(...pointer.split("/").slice(1).map(unesc), k), "Must be a string");
      else out[k] = value;
    }
    return out;
  }

  // ---------- models ----------

  schemaContainer(): { base: string[]; schemas: Obj } {
    if (this.swagger) return { base: ["definitions"], schemas: isObj(this.doc.definitions) ? this.doc.definitions : {} };
    const components = isObj(this.doc.components) ? this.doc.components : {};
    return { base: ["components", "schemas"], schemas: isObj(components.schemas) ? components.schemas : {} };
  }

  readModels() {
    const { base, schemas } = this.schemaContainer();
    for (const name of Object.keys(schemas)) this.modelNames.add(name);
    for (const [name, schema] of Object.entries(schemas)) {
      const p = ptr(...base, name);
      if (!MODEL_NAME.test(name)) this.problem(p, "Model names use letters and digits only (Amazon API Gateway's rule)");
      if (!isObj(schema)) {
        this.problem(p, "A JSON Schema object");
        continue;
      }
      this.models.push({ name, contentType: "application/json", description: "", schema: this.toDraft4(schema, p, true) as Obj });
    }
  }

  /** The model a `$ref` names, or null (a problem is recorded). */
  refModel(ref: unknown, pointer: string): string | null {
    const prefix = this.swagger ? "#/definitions/" : "#/components/schemas/";
    if (typeof ref === "string" && ref.startsWith(prefix)) {
      const name = decodeURIComponent(ref.slice(prefix.length)).replace(/~1/g, "/").replace(/~0/g, "~");
      if (this.modelNames.has(name)) return name;
    }
    const aws = typeof ref === "string" ? /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([A-Za-z0-9]+)$/.exec(ref) : null;
    if (aws && this.modelNames.has(aws[1])) return aws[1];
    this.problem(pointer, `$ref ${JSON.stringify(ref)} does not name a schema in ${prefix.slice(2, -1)}`);
    return null;
  }

  /** OpenAPI schema object → JSON Schema draft-04 (refs to model URLs, nullable/const/exclusive bounds rewritten). */
  toDraft4(schema: unknown, pointer: string, top = false): unknown {
    if (Array.isArray(schema)) return schema.map((s, i) => this.toDraft4(s, `${pointer}/${i}`));
    if (!isObj(schema)) return schema;
    const out: Obj = {};
    if (top) out.$schema = "http://json-schema.org/draft-04/schema#";
    for (const [k, v] of Object.entries(schema)) {
      const p = `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (k === "$ref") {
        const name = this.refModel(v, p);
        if (name) out.$ref = MODEL_REF_PLACEHOLDER + name;
      } else if (k === "$schema" || k === "discriminator" || k === "xml" || k === "externalDocs" || k === "example" || k === "examples" || k === "readOnly" || k === "writeOnly" || k === "deprecated") {
        continue;
      } else if (k === "nullable") {
        continue; // handled with type below
      } else if (k === "const") {
        out.enum = [v];
      } else if ((k === "exclusiveMinimum" || k === "exclusiveMaximum") && typeof v === "number") {
        out[k === "exclusiveMinimum" ? "minimum" : "maximum"] = v;
        out[k] = true;
      } else if (k === "properties" || k === "patternProperties" || k === "definitions" || k === "dependencies") {
        if (isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, this.toDraft4(pv, `${p}/${pk.replace(/~/g, "~0").replace(/\//g, "~1")}`)]));
        else out[k] = v;
      } else if (k === "enum" || k === "required" || k === "type" || k.startsWith("x-")) {
        out[k] = v;
      } else if (isObj(v) || Array.isArray(v)) {
        out[k] = this.toDraft4(v, p);
      } else {
        out[k] = v;
      }
    }
    if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
    return out;
  }

  // ---------- security ----------

  readSecuritySchemes() {
    const base = this.swagger ? ["securityDefinitions"] : ["components", "securitySchemes"];
    const container = this.swagger ? this.doc.securityDefinitions : isObj(this.doc.components) ? this.doc.components.securitySchemes : undefined;
    if (!isObj(container)) return;
    for (const [name, scheme] of Object.entries(container)) {
      const p = ptr(...base, name);
      if (!isObj(scheme)) {
        this.problem(p, "A security scheme object");
        continue;
      }
      const authtype = typeof scheme["x-amazon-apigateway-authtype"] === "string" ? (scheme["x-amazon-apigateway-authtype"] as string).toLowerCase() : null;
      const authorizer = scheme["x-amazon-apigateway-authorizer"];
      if (authtype === "awssigv4") {
        this.schemes.set(name, { kind: "iam" });
      } else if (isObj(authorizer)) {
        const a = this.readAuthorizer(name, scheme, authorizer, `${p}/x-amazon-apigateway-authorizer`);
        if (a) {
          this.authorizers.push(a);
          this.schemes.set(name, { kind: "authorizer", name, type: a.type });
        }
      } else if (scheme.type === "apiKey" && !authtype) {
        if (String(scheme.name).toLowerCase() !== "x-api-key" || scheme.in !== "header") {
          this.warn(p, `API keys are always read from the x-api-key header (or an authorizer); ${JSON.stringify(scheme.name)} in ${String(scheme.in)} is treated as the API key`);
        }
        this.schemes.set(name, { kind: "apiKey" });
      } else {
        this.warn(p, `Security scheme ${name} (${String(scheme.type)}) has no x-amazon-apigateway-authorizer; methods requiring it are imported without it`);
        this.schemes.set(name, { kind: "other" });
      }
      for (const key of Object.keys(scheme)) this.checkExtension(key, `${p}/${key}`, SCHEME_EXTENSIONS);
    }
  }

  readAuthorizer(name: string, scheme: Obj, a: Obj, p: string): DefAuthorizer | null {
    const type = String(a.type ?? "").toLowerCase();
    const ttl = a.authorizerResultTtlInSeconds === undefined ? 300 : Number(a.authorizerResultTtlInSeconds);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) this.problem(`${p}/authorizerResultTtlInSeconds`, "The TTL is 0–3600 seconds");
    if (a.authorizerCredentials !== undefined) this.warn(`${p}/authorizerCredentials`, "authorizerCredentials (an IAM role) does not apply to Gatehouse and was skipped");
    const headerSource = scheme.in === "header" && typeof scheme.name === "string" ? `method.request.header.${scheme.name}` : "method.request.header.Authorization";
    const base = { name, identityValidationExpression: null, resultTtlSeconds: Number.isInteger(ttl) ? ttl : 300, issuer: null, audiences: [], jwksUri: null, providerArns: [] };
    if (type === "token" || type === "request") {
      const uri = typeof a.authorizerUri === "string" ? a.authorizerUri : "";
      if (!parseFunctionInvocationUri(uri)) {
        this.problem(`${p}/authorizerUri`, "A function invocation ARN: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{account}:function:{name}/invocations");
      }
      const identitySource = typeof a.identitySource === "string" ? a.identitySource : type === "token" ? headerSource : "";
      return {
        ...base,
        type: type === "token" ? "TOKEN" : "REQUEST",
        authorizerUri: uri,
        identitySource,
        identityValidationExpression: type === "token" && typeof a.identityValidationExpression === "string" ? a.identityValidationExpression : null,
      };
    }
    if (type === "cognito_user_pools" || type === "jwt") {
      const arns = Array.isArray(a.providerARNs) ? a.providerARNs.filter((x): x is string => typeof x === "string") : [];
      const jwt = isObj(a.jwtConfiguration) ? a.jwtConfiguration : {};
      let issuer = typeof jwt.issuer === "string" ? jwt.issuer : null;
      let jwksUri = typeof jwt.jwksUri === "string" ? jwt.jwksUri : null;
      const audiences = Array.isArray(jwt.audience) ? jwt.audience.filter((x): x is string => typeof x === "string") : [];
      if (!issuer) {
        const pool = arns.map((arn) => /^arn:aws:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/([A-Za-z0-9_-]+)$/.exec(arn)).find(Boolean);
        if (pool) {
          issuer = `https://cognito-idp.${pool[1]}.amazonaws.com/${pool[2]}`;
          jwksUri = `${issuer}/.well-known/jwks.json`;
          this.warn(p, `Cognito user pool authorizer ${name} became a JWT authorizer with issuer ${issuer} and its JWKS URL; check them (or set your own issuer/JWKS) before deploying`);
        } else {
          this.warn(p, `Cognito user pool authorizer ${name} became a JWT authorizer without an issuer: set its issuer and JWKS URL (or HS256 secret) before deploying`);
        }
      }
      const identitySource = typeof a.identitySource === "string" ? a.identitySource : headerSource;
      return { ...base, type: "JWT", authorizerUri: "", identitySource, issuer, jwksUri, audiences, providerArns: arns };
    }
    this.problem(`${p}/type`, "token, request or cognito_user_pools");
    return null;
  }

  /** The method's authorization from `security` (operation's, else the document's) and x-amazon-apigateway-auth. */
  readSecurity(op: Obj, p: string, method: DefMethod) {
    const security = op.security !== undefined ? op.security : this.doc.security;
    const securityPointer = op.security !== undefined ? `${p}/security` : "/security";
    if (Array.isArray(security)) {
      security.forEach((req, i) => {
        if (!isObj(req)) return;
        for (const [name, scopes] of Object.entries(req)) {
          const scheme = this.schemes.get(name);
          if (!scheme) {
            this.problem(ptr(...securityPointer.split("/").slice(1).map(unesc), i, name), `No security scheme named ${name}`);
            continue;
          }
          if (scheme.kind === "apiKey") method.apiKeyRequired = true;
          else if (scheme.kind === "iam") method.authorizationType = "AWS_IAM";
          else if (scheme.kind === "authorizer") {
            method.authorizationType = scheme.type === "JWT" ? "COGNITO_USER_POOLS" : "CUSTOM";
            method.authorizerName = scheme.name;
            if (scheme.type === "JWT" && Array.isArray(scopes)) method.authorizationScopes = scopes.filter((s): s is string => typeof s === "string");
          }
        }
      });
    }
    const auth = op["x-amazon-apigateway-auth"];
    if (isObj(auth)) {
      const t = String(auth.type ?? "").toUpperCase();
      if (t === "AWS_IAM") method.authorizationType = "AWS_IAM";
      else if (t === "NONE") {
        method.authorizationType = "NONE";
        method.authorizerName = null;
      } else this.problem(`${p}/x-amazon-apigateway-auth/type`, "AWS_IAM or NONE");
    }
  }

  // ---------- paths ----------

  readPaths(def: ApiDef) {
    const resources = new Map<string, DefMethod[]>();
    const paths = this.doc.paths;
    if (paths === undefined) return [];
    if (!isObj(paths)) {
      this.problem("/paths", "An object: path → path item");
      return [];
    }
    const defaultValidator = typeof this.doc["x-amazon-apigateway-request-validator"] === "string" ? (this.doc["x-amazon-apigateway-request-validator"] as string) : null;
    for (const [rawPath, item] of Object.entries(paths)) {
      const pp = ptr("paths", rawPath);
      const path = "/" + rawPath.split("/").filter(Boolean).join("/");
      if (!rawPath.startsWith("/")) this.problem(pp, "Paths start with /");
      const segments = path.split("/").filter(Boolean);
      segments.forEach((s, i) => {
        if (!SEGMENT.test(s)) this.problem(pp, `"${s}" is not a valid path part (letters, digits and ._-~ etc., or {param}, or {proxy+})`);
        if (s.endsWith("+}") && i !== segments.length - 1) this.problem(pp, "A greedy {name+} parameter must be the last path part");
      });
      if (!isObj(item)) {
        this.problem(pp, "A path item object");
        continue;
      }
      const methods = resources.get(path) ?? [];
      resources.set(path, methods);
      const pathParams = Array.isArray(item.parameters) ? item.parameters : [];
      for (const [key, op] of Object.entries(item)) {
        const p = `${pp}/${key}`;
        let verb: string;
        if (key === "x-amazon-apigateway-any-method") verb = "ANY";
        else if ((VERBS as readonly string[]).includes(key)) verb = key.toUpperCase();
        else {
          if (key.startsWith("x-amazon-apigateway-")) this.checkExtension(key, p, new Set());
          else if (key === "trace") this.warn(p, "TRACE is not supported by Amazon API Gateway and was skipped");
          continue;
        }
        if (!isObj(op)) {
          this.problem(p, "An operation object");
          continue;
        }
        if (methods.some((m) => m.httpMethod === verb)) this.problem(p, `${verb} ${path} is defined twice`);
        methods.push(this.readOperation(op, p, verb, pathParams, `${pp}/parameters`, defaultValidator));
      }
    }
    void def;
    return [...resources].map(([path, methods]) => ({ path, methods }));
  }

  resolve(v: unknown): unknown {
    for (let i = 0; i < 10 && isObj(v) && typeof v.$ref === "string" && v.$ref.startsWith("#/") && !/\/(schemas|definitions)\//.test(v.$ref); i++) {
      let cur: unknown = this.doc;
      for (const seg of v.$ref.slice(2).split("/").map(unesc)) cur = isObj(cur) ? cur[seg] : undefined;
      if (cur === undefined) return v;
      v = cur;
    }
    return v;
  }

  readOperation(op: Obj, p: string, verb: string, pathParams: unknown[], pathParamsPointer: string, defaultValidator: string | null): DefMethod {
    const method: DefMethod = {
      httpMethod: verb,
      authorizationType: "NONE",
      authorizerName: null,
      authorizationScopes: [],
      apiKeyRequired: false,
      operationName: typeof op.operationId === "string" ? op.operationId : null,
      summary: typeof op.summary === "string" ? op.summary : "",
      description: typeof op.description === "string" ? op.description : "",
      requestParameters: {},
      requestModels: {},
      validatorName: null,
      methodResponses: [],
      integration: null,
    };
    for (const key of Object.keys(op)) this.checkExtension(key, `${p}/${key}`, OPERATION_EXTENSIONS);
    this.readSecurity(op, p, method);

    const params: Array<[unknown, string]> = [
      ...pathParams.map((x, i) => [x, `${pathParamsPointer}/${i}`] as [unknown, string]),
      ...(Array.isArray(op.parameters) ? op.parameters.map((x, i) => [x, `${p}/parameters/${i}`] as [unknown, string]) : []),
    ];
    const consumes = this.swagger ? (Array.isArray(op.consumes) ? op.consumes : Array.isArray(this.doc.consumes) ? this.doc.consumes : ["application/json"]) : [];
    for (const [raw, pp] of params) {
      const param = this.resolve(raw);
      if (!isObj(param)) continue;
      const where = { path: "path", query: "querystring", header: "header" }[String(param.in)];
      if (param.in === "body" && this.swagger) {
        const schema = param.schema;
        const model = this.bodyModel(schema, `${pp}/schema`, method);
        if (model) for (const ct of consumes) if (typeof ct === "string") method.requestModels[ct] = model;
        continue;
      }
      if (!where || typeof param.name !== "string") {
        if (param.in !== "cookie" && param.in !== "formData") this.problem(pp, "A parameter with name and in (path, query or header)");
        else this.warn(pp, `Parameters in ${String(param.in)} are not supported and were skipped`);
        continue;
      }
      method.requestParameters[`method.request.${where}.${param.name}`] = param.required === true || param.in === "path";
    }
    if (!this.swagger && op.requestBody !== undefined) {
      const body = this.resolve(op.requestBody);
      if (isObj(body) && isObj(body.content)) {
        for (const [ct, media] of Object.entries(body.content)) {
          if (!isObj(media) || media.schema === undefined) continue;
          const model = this.bodyModel(media.schema, ptr(...`${p}/requestBody/content`.split("/").slice(1).map(unesc), ct, "schema"), method);
          if (model) method.requestModels[ct] = model;
        }
      }
    }

    const validator = op["x-amazon-apigateway-request-validator"];
    if (validator !== undefined) {
      if (typeof validator !== "string" || !this.validatorNames.has(validator)) {
        this.problem(`${p}/x-amazon-apigateway-request-validator`, `No validator named ${JSON.stringify(validator)} in x-amazon-apigateway-request-validators`);
      } else method.validatorName = validator;
    } else method.validatorName = defaultValidator;

    if (op.responses !== undefined) {
      if (!isObj(op.responses)) this.problem(`${p}/responses`, "An object: status code → response");
      else {
        const produces = this.swagger ? (Array.isArray(op.produces) ? op.produces : Array.isArray(this.doc.produces) ? this.doc.produces : ["application/json"]) : [];
        for (const [code, raw] of Object.entries(op.responses)) {
          const rp = ptr(...`${p}/responses`.split("/").slice(1).map(unesc), code);
          if (code === "default") {
            this.warn(rp, "A `default` response has no status code; it was skipped (method responses need one)");
            continue;
          }
          if (!STATUS.test(code)) {
            this.problem(rp, "Response keys are status codes 100–599");
            continue;
          }
          const r = this.resolve(raw);
          const mr: DefMethodResponse = { statusCode: code, responseParameters: {}, responseModels: {} };
          if (isObj(r)) {
            if (isObj(r.headers)) {
              for (const [h, hv] of Object.entries(r.headers)) mr.responseParameters[`method.response.header.${h}`] = isObj(hv) && hv.required === true;
            }
            if (this.swagger) {
              if (isObj(r.schema) && typeof r.schema.$ref === "string") {
                const name = this.refModel(r.schema.$ref, `${rp}/schema/$ref`);
                if (name) for (const ct of produces) if (typeof ct === "string") mr.responseModels[ct] = name;
              }
            } else if (isObj(r.content)) {
              for (const [ct, media] of Object.entries(r.content)) {
                if (isObj(media) && isObj(media.schema) && typeof media.schema.$ref === "string") {
                  const name = this.refModel(media.schema.$ref, ptr(...rp.split("/").slice(1).map(unesc), "content", ct, "schema", "$ref"));
                  if (name) mr.responseModels[ct] = name;
                }
              }
            }
          }
          method.methodResponses.push(mr);
        }
      }
    }

    const integration = op["x-amazon-apigateway-integration"];
    if (integration !== undefined) method.integration = this.readIntegration(integration, `${p}/x-amazon-apigateway-integration`);
    return method;
  }

  /** A request body schema → a model name (a `$ref`, or a new model for an inline schema). */
  bodyModel(schema: unknown, p: string, method: DefMethod): string | null {
    if (!isObj(schema)) return null;
    if (typeof schema.$ref === "string") return this.refModel(schema.$ref, `${p}/$ref`);
    let base = `${method.operationName ?? method.httpMethod.toLowerCase() + p.split("/")[2]}`.replace(/[^A-Za-z0-9]/g, "");
    base = (base.charAt(0).toUpperCase() + base.slice(1) || "Body") + "Body";
    let name = base;
    for (let i = 2; this.modelNames.has(name); i++) name = `${base}${i}`;
    this.modelNames.add(name);
    this.models.push({ name, contentType: "application/json", description: "", schema: this.toDraft4(schema, p, true) as Obj });
    this.warn(p, `The inline request body schema became the model ${name}`);
    return name;
  }

  readIntegration(raw: unknown, p: string): DefIntegration | null {
    if (!isObj(raw)) {
      this.problem(p, "An object with type, uri, httpMethod, …");
      return null;
    }
    const type = String(raw.type ?? "").toUpperCase() as DefIntegration["type"];
    if (!(INTEGRATION_TYPES as readonly string[]).includes(type)) {
      this.problem(`${p}/type`, "One of aws_proxy, aws, http, http_proxy, mock");
      return null;
    }
    for (const key of ["connectionType", "connectionId", "credentials", "tlsConfig", "cacheNamespace", "integrationSubtype", "responseTransferMode", "integrationTarget"]) {
      if (raw[key] === undefined) continue;
      if (key === "connectionType" && String(raw[key]).toUpperCase() === "INTERNET") continue;
      if (key === "cacheNamespace") continue; // AWS fills it with the resource id; nothing to keep.
      this.warn(`${p}/${key}`, `${key} is not supported by Gatehouse and was skipped`);
    }
    const uri = typeof raw.uri === "string" ? raw.uri : "";
    const httpMethod = raw.httpMethod === undefined ? "POST" : String(raw.httpMethod).toUpperCase();
    if (type !== "MOCK") {
      if (!uri) this.problem(`${p}/uri`, "The integration needs a uri");
      else if (type === "HTTP" || type === "HTTP_PROXY") {
        if (!/^https?:\/\/[^\s]+$/.test(uri)) this.problem(`${p}/uri`, "An http(s) URL (path parameters as {name} and ${stageVariables.x} allowed)");
      } else if (!parseFunctionInvocationUri(uri)) {
        this.problem(`${p}/uri`, "A function invocation ARN: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{account}:function:{name}/invocations");
      }
      if (raw.httpMethod === undefined && (type === "HTTP" || type === "HTTP_PROXY")) this.problem(`${p}/httpMethod`, "HTTP integrations need an httpMethod");
      else if (!/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY)$/.test(httpMethod)) this.problem(`${p}/httpMethod`, "An HTTP method (GET, POST, …, or ANY)");
    }
    const timeoutMs = raw.timeoutInMillis === undefined ? 29000 : Number(raw.timeoutInMillis);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 29000) this.problem(`${p}/timeoutInMillis`, "50–29000 ms");
    const passthrough = raw.passthroughBehavior === undefined ? "WHEN_NO_MATCH" : String(raw.passthroughBehavior).toUpperCase();
    if (!PASSTHROUGH.includes(passthrough)) this.problem(`${p}/passthroughBehavior`, "when_no_match, when_no_templates or never");
    const contentHandling = raw.contentHandling === undefined || raw.contentHandling === null ? null : String(raw.contentHandling).toUpperCase();
    if (contentHandling !== null && !CONTENT_HANDLING.includes(contentHandling)) this.problem(`${p}/contentHandling`, "CONVERT_TO_BINARY or CONVERT_TO_TEXT");
    let cacheKeyParameters: string[] = [];
    if (raw.cacheKeyParameters !== undefined) {
      if (!Array.isArray(raw.cacheKeyParameters) || raw.cacheKeyParameters.some((x) => typeof x !== "string")) this.problem(`${p}/cacheKeyParameters`, "A list of method.request.* names");
      else cacheKeyParameters = raw.cacheKeyParameters as string[];
    }
    const responses: DefIntegrationResponse[] = [];
    if (raw.responses !== undefined) {
      if (!isObj(raw.responses)) this.problem(`${p}/responses`, "An object: selection pattern (or default) → response");
      else {
        const seen = new Set<string>();
        for (const [pattern, r] of Object.entries(raw.responses)) {
          const rp = ptr(...`${p}/responses`.split("/").slice(1).map(unesc), pattern);
          if (!isObj(r)) {
            this.problem(rp, "An object with statusCode, responseParameters, responseTemplates");
            continue;
          }
          const statusCode = str(r.statusCode);
          if (!statusCode || !STATUS.test(statusCode)) {
            this.problem(`${rp}/statusCode`, "A status code 100–599");
            continue;
          }
          if (seen.has(statusCode)) {
            this.problem(`${rp}/statusCode`, `Two integration responses map to ${statusCode}; each status code has one`);
            continue;
          }
          seen.add(statusCode);
          if (pattern !== "default") {
            try {
              new RegExp(pattern);
            } catch {
              this.problem(rp, "The selection pattern is not a valid regular expression");
            }
          }
          const ch = r.contentHandling === undefined || r.contentHandling === null ? null : String(r.contentHandling).toUpperCase();
          if (ch !== null && !CONTENT_HANDLING.includes(ch)) this.problem(`${rp}/contentHandling`, "CONVERT_TO_BINARY or CONVERT_TO_TEXT");
          responses.push({
            statusCode,
            selectionPattern: pattern === "default" ? null : pattern,
            responseParameters: this.stringMap(r.responseParameters, `${rp}/responseParameters`),
            responseTemplates: this.stringMap(r.responseTemplates, `${rp}/responseTemplates`),
            contentHandling: ch,
          });
        }
      }
    }
    return {
      type,
      httpMethod: type === "AWS_PROXY" || type === "AWS" ? (raw.httpMethod === undefined ? "POST" : httpMethod) : httpMethod,
      uri,
      timeoutMs: Number.isInteger(timeoutMs) ? timeoutMs : 29000,
      requestParameters: this.stringMap(raw.requestParameters, `${p}/requestParameters`),
      requestTemplates: this.stringMap(raw.requestTemplates, `${p}/requestTemplates`),
      passthroughBehavior: passthrough,
      contentHandling,
      cacheKeyParameters,
      responses,
    };
  }
}

const unesc = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

const ROOT_EXTENSIONS = new Set([
  "x-amazon-apigateway-binary-media-types",
  "x-amazon-apigateway-api-key-source",
  "x-amazon-apigateway-request-validators",
  "x-amazon-apigateway-request-validator",
  "x-amazon-apigateway-gateway-responses",
]);
const SCHEME_EXTENSIONS = new Set(["x-amazon-apigateway-authtype", "x-amazon-apigateway-authorizer"]);
const OPERATION_EXTENSIONS = new Set(["x-amazon-apigateway-integration", "x-amazon-apigateway-request-validator", "x-amazon-apigateway-auth"]);

/** Checks against the database that the normalizer cannot make: function names resolve. */
export function functionNameOf(uri: string): string | null {
  return parseFunctionInvocationUri(uri)?.functionName ?? null;
}

import Ajv, { type ErrorObject } from "ajv-draft-04";
import type { TDeploymentSnapshot } from "../../lib/snapshot";

/** Validates one parsed body; `null` when valid, else AWS's `validationErrorString` (`[problem, problem]`). */
export type BodyValidator = (body: unknown) => string | null;

/** The id AWS gives a model, which other models `$ref`. */
export const modelUrl = (restApiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;

const typeOf = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;

/**
 * One ajv error in the words of the JSON Schema validator AWS runs (its
 * `validationErrorString` entries), for the keywords templates meet most; other
 * keywords keep ajv's message.
 */
function describe(error: ErrorObject, data: unknown): string {
  const p = error.params as Record<string, unknown>;
  const value = error.instancePath
    ? error.instancePath
        .split("/")
        .slice(1)
        .reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), data)
    : data;
  switch (error.keyword) {
    case "required":
      return `object has missing required properties (["${String(p.missingProperty)}"])`;
    case "type":
      return `instance type (${typeOf(value)}) does not match any allowed primitive type (allowed: ${JSON.stringify(String(p.type).split(","))})`;
    case "minimum":
    case "exclusiveMinimum":
      return `numeric instance is lower than the required minimum (minimum: ${String(p.limit)}, found: ${String(value)})`;
    case "maximum":
    case "exclusiveMaximum":
      return `numeric instance is greater than the required maximum (maximum: ${String(p.limit)}, found: ${String(value)})`;
    case "minLength":
      return `string ${JSON.stringify(value)} is too short (length: ${String(value).length}, required minimum: ${String(p.limit)})`;
    case "maxLength":
      return `string ${JSON.stringify(value)} is too long (length: ${String(value).length}, maximum allowed: ${String(p.limit)})`;
    case "enum":
      return `instance value (${JSON.stringify(value)}) not found in enum (possible values: ${JSON.stringify(p.allowedValues)})`;
    case "pattern":
      return `ECMA 262 regex "${String(p.pattern)}" does not match input string ${JSON.stringify(value)}`;
    case "additionalProperties":
      return `object instance has properties which are not allowed by the schema: ["${String(p.additionalProperty)}"]`;
    case "minItems":
      return `array is too short: must have at least ${String(p.limit)} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`;
    case "maxItems":
      return `array is too long: must have at most ${String(p.limit)} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`;
    default:
      return `${error.instancePath || "instance"} ${error.message ?? "is invalid"}`;
  }
}

/**
 * Compiles a deployed model with all of the API's models registered under
 * their AWS URLs. Throws when the schema does not compile (deploy checks it,
 * so only a hand-edited snapshot gets here).
 */
export function compileModelValidator(snapshot: TDeploymentSnapshot, modelName: string): BodyValidator {
  const model = snapshot.models[modelName];
  if (!model) throw new Error(`the method names model ${modelName}, which is not deployed`);
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  for (const [name, other] of Object.entries(snapshot.models)) {
    if (name === modelName) continue;
    const schema = JSON.parse(other.schema) as Record<string, unknown>;
    delete schema.id;
    ajv.addSchema(schema, modelUrl(snapshot.restApiId, name));
  }
  const own = JSON.parse(model.schema) as Record<string, unknown>;
  delete own.id;
  const validate = ajv.compile(own);
  return (body) => {
    if (validate(body)) return null;
    return `[${(validate.errors ?? []).map((e) => describe(e, body)).join(", ")}]`;
  };
}

import Ajv from "ajv-draft-04";
import type { FieldProblem } from "../errors";
import type { TDeployedModel } from "../snapshot";

/**
 * Models' JSON Schemas (draft-04, as AWS): the checks run when a model is saved
 * and again at deploy. Pure (no database): the caller passes the API's models.
 *
 * A schema references another model of the same API as AWS does:
 * `{"$ref": "https://apigateway.amazonaws.com/restapis/{restApiId}/models/{name}"}`.
 */

const MODEL_REF = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/([^/#?]+)\/models\/([^/#?]+)(#.*)?$/;

export function modelUrl(restApiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;
}

/** Every model URL `$ref` in a parsed schema: `{restApiId, name}`. */
export function modelRefsOf(schema: unknown): Array<{ restApiId: string; name: string }> {
  const out: Array<{ restApiId: string; name: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") {
          const m = MODEL_REF.exec(value);
          if (m) out.push({ restApiId: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) });
        } else walk(value);
      }
    }
  };
  walk(schema);
  return out;
}

/** Names of the models `schema` (text) references, directly; [] when it is not JSON. */
export function referencedModelNames(schemaText: string): string[] {
  try {
    return [...new Set(modelRefsOf(JSON.parse(schemaText)).map((r) => r.name))];
  } catch {
    return [];
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `Not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * Why `schemaText` is not a usable model schema of API `restApiId`, or null.
 * `models` are the API's models by name (schema text), for `$ref`s; `selfName`
 * is the model being checked (it may reference itself).
 */
export function modelSchemaProblem(restApiId: string, schemaText: string, models: ReadonlyMap<string, string>, selfName?: string): string | null {
  const parsed = parseJson(schemaText);
  if (!parsed.ok) return parsed.message;
  if (!parsed.value || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return "A JSON Schema is a JSON object";

  const ajv = new Ajv({ allErrors: true, strict: false });
  const own = withoutIds(parsed.value);
  if (!ajv.validateSchema(own)) return `Not a valid JSON Schema (draft-04): ${ajv.errorsText(ajv.errors, { dataVar: "schema" })}`;
  // The referenced models, transitively: each is added under its URL so that $ref resolves.
  const pending = [...modelRefsOf(parsed.value)];
  const added = new Set<string>();
  while (pending.length > 0) {
    const ref = pending.shift()!;
    if (ref.restApiId !== restApiId) return `References a model of another API (${ref.restApiId}); reference models of this API`;
    if (added.has(ref.name)) continue;
    added.add(ref.name);
    const text = ref.name === selfName ? schemaText : models.get(ref.name);
    if (text === undefined) return `References model '${ref.name}', which does not exist in this API`;
    const other = parseJson(text);
    if (!other.ok || !other.value || typeof other.value !== "object" || Array.isArray(other.value)) {
      return `References model '${ref.name}', whose schema is not a JSON object`;
    }
    try {
      ajv.addSchema(withoutIds(other.value), modelUrl(restApiId, ref.name));
    } catch (err) {
      return `References model '${ref.name}', whose schema is invalid: ${(err as Error).message}`;
    }
    pending.push(...modelRefsOf(other.value));
  }
  try {
    ajv.compile(own);
  } catch (err) {
    return `Not a valid JSON Schema (draft-04): ${(err as Error).message}`;
  }
  return null;
}

/**
 * A schema's top-level `id` would register it under that URL too, so two models
 * with the same `id` (or one naming another model's URL) would collide; the
 * model's URL is its identity, as on AWS.
 */
function withoutIds(schema: unknown): object {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema as object;
  const { id: _id, $id: _dollarId, ...rest } = schema as Record<string, unknown>;
  void _id;
  void _dollarId;
  return rest;
}

export interface ModelRow {
  name: string;
  contentType: string;
  schema: string;
}

/** The snapshot's `models`: every model of the API, each schema checked (problems at `models["Name"].schema`). */
export function compileModels(restApiId: string, rows: ModelRow[]): { models: Record<string, TDeployedModel>; problems: FieldProblem[] } {
  const byName = new Map(rows.map((r) => [r.name, r.schema]));
  const problems: FieldProblem[] = [];
  const models: Record<string, TDeployedModel> = {};
  for (const row of rows) {
    const problem = modelSchemaProblem(restApiId, row.schema, byName, row.name);
    if (problem) problems.push({ field: `models["${row.name}"].schema`, message: problem });
    models[row.name] = { contentType: row.contentType, schema: row.schema };
  }
  return { models, problems };
}

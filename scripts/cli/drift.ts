/**
 * Compares an OpenAPI document from a file with the live API's export. The
 * export adds defaults and ids the file leaves out, so the comparison is a
 * subset match: the operations (path + method) must be the same set, and
 * every value the file gives must be in the export at the same place (arrays:
 * same length, each element matched by some element). Returns the JSON
 * pointers that differ (empty: in sync).
 */

const OPERATION_KEYS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"]);
/** Cosmetic fields the export rewrites or drops (Gatehouse does not store them): not compared. */
const IGNORED_KEYS = new Set(["operationId", "tags", "externalDocs", "example", "examples"]);
/** Documentation text: stored for operations (Method summary/description) and inside models, not for parameters or responses. */
const TEXT_KEYS = new Set(["summary", "description"]);
/** `/paths/{path}/{method}`: an operation object, whose summary and description are kept. */
const OPERATION_POINTER = /^\/paths\/[^/]+\/[^/]+$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

export function subsetDiff(want: unknown, have: unknown, pointer: string, out: string[]): void {
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) {
      out.push(pointer);
      return;
    }
    const used = new Set<number>();
    for (let i = 0; i < want.length; i++) {
      const match = have.findIndex((h, j) => !used.has(j) && matches(want[i], h));
      if (match < 0) {
        out.push(`${pointer}/${i}`);
        return;
      }
      used.add(match);
    }
    return;
  }
  if (isObject(want)) {
    if (!isObject(have)) {
      out.push(pointer);
      return;
    }
    for (const [key, value] of Object.entries(want)) {
      if (IGNORED_KEYS.has(key) || value === undefined) continue;
      if (TEXT_KEYS.has(key) && !pointer.startsWith("/components/schemas") && !OPERATION_POINTER.test(pointer)) continue;
      subsetDiff(value, have[key], `${pointer}/${escape(key)}`, out);
    }
    return;
  }
  if (want === null || want === undefined) return;
  if (have === undefined || have === null || String(want) !== String(have)) out.push(pointer);
}

function matches(want: unknown, have: unknown): boolean {
  const out: string[] = [];
  subsetDiff(want, have, "", out);
  return out.length === 0;
}

function operations(doc: unknown): Map<string, unknown> {
  const ops = new Map<string, unknown>();
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) if (OPERATION_KEYS.has(method)) ops.set(`${escape(p)}/${method}`, op);
  }
  return ops;
}

export function documentDrift(want: unknown, have: unknown): string[] {
  const out: string[] = [];
  const wantOps = operations(want);
  const haveOps = operations(have);
  for (const [key, op] of wantOps) {
    if (!haveOps.has(key)) out.push(`/paths/${key}`);
    else subsetDiff(op, haveOps.get(key), `/paths/${key}`, out);
  }
  for (const key of haveOps.keys()) if (!wantOps.has(key)) out.push(`/paths/${key}`);
  if (isObject(want)) {
    const haveObj = isObject(have) ? have : {};
    for (const [key, value] of Object.entries(want)) {
      if (key.startsWith("x-amazon-apigateway-")) subsetDiff(value, haveObj[key], `/${escape(key)}`, out);
    }
    // Models (OpenAPI 3): the file's schemas must be in the export.
    const schemas = isObject(want.components) ? want.components.schemas : undefined;
    const haveSchemas = isObject(haveObj.components) ? haveObj.components.schemas : undefined;
    if (isObject(schemas)) subsetDiff(schemas, haveSchemas ?? {}, "/components/schemas", out);
  }
  return out;
}

/** `$input` of API Gateway mapping templates. */
import { VtlRuntimeError } from "./errors";
import { hostObjects, markJsonish, type Printer, toVtlString } from "./java";
import { JsonPathError, jsonPath } from "./jsonpath";
import type { VtlInput } from "./types";

/** Builds the `$input` object for one render; the body is parsed once, on first use. */
export function makeInput(input: VtlInput, printer: Printer): Record<string, unknown> {
  let parsed: { value: unknown } | undefined;
  const root = (fn: string): unknown => {
    if (!parsed) {
      if (input.body.trim() === "") parsed = { value: {} };
      else
        try {
          parsed = { value: JSON.parse(input.body) as unknown };
        } catch (e) {
          throw new VtlRuntimeError(`$input.${fn}: the body is not valid JSON (${(e as Error).message})`);
        }
      markJsonish(parsed.value, printer.jsonish);
    }
    return parsed.value;
  };
  const select = (fn: string, path: unknown): unknown => {
    const p = path === undefined || path === null ? "$" : toVtlString(path, printer);
    const value = root(fn);
    try {
      return jsonPath(value, p);
    } catch (e) {
      if (e instanceof JsonPathError) throw new VtlRuntimeError(`$input.${fn}: ${e.message}`);
      throw e;
    }
  };
  const params = {
    path: { ...input.params.path },
    querystring: { ...input.params.querystring },
    header: { ...input.params.header },
  };
  const $input = {
    body: input.body === "" ? "{}" : input.body,
    json: (path?: unknown): string => {
      const v = select("json", path);
      return v === undefined ? "null" : JSON.stringify(v);
    },
    path: (path?: unknown): unknown => select("path", path),
    params: (name?: unknown): unknown => {
      if (name === undefined) return params;
      const key = toVtlString(name, printer);
      if (Object.hasOwn(params.path, key)) return params.path[key];
      if (Object.hasOwn(params.querystring, key)) return params.querystring[key];
      if (Object.hasOwn(params.header, key)) return params.header[key];
      const lower = key.toLowerCase();
      for (const [h, v] of Object.entries(params.header)) if (h.toLowerCase() === lower) return v;
      return "";
    },
  };
  hostObjects.add($input);
  return $input;
}

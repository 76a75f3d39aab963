/** Rendering a compiled template against one request or integration response. */
import { Engine } from "./engine";
import { VtlRuntimeError } from "./errors";
import { makeInput } from "./input";
import { type Printer, toVtlString } from "./java";
import type { CompiledTemplate } from "./parse";
import { DEFAULT_VTL_LIMITS, type VtlInput, type VtlLimits, type VtlOverrides, type VtlResult } from "./types";
import { makeUtil } from "./util";

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** `$context` for the render: a copy of the given one with empty override maps added. */
function makeContext(context: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(context ?? {})) as Record<string, unknown>;
  const req = asRecord(copy.requestOverride);
  const res = asRecord(copy.responseOverride);
  copy.requestOverride = {
    ...req,
    header: { ...asRecord(req.header) },
    querystring: { ...asRecord(req.querystring) },
    path: { ...asRecord(req.path) },
  };
  copy.responseOverride = { ...res, header: { ...asRecord(res.header) } };
  return copy;
}

function strings(v: unknown, printer: Printer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asRecord(v))) if (x !== null && x !== undefined) out[k] = toVtlString(x, printer);
  return out;
}

function readOverrides(context: Record<string, unknown>, printer: Printer): VtlOverrides {
  const req = asRecord(context.requestOverride);
  const res = asRecord(context.responseOverride);
  const overrides: VtlOverrides = {
    request: {
      header: strings(req.header, printer),
      querystring: strings(req.querystring, printer),
      path: strings(req.path, printer),
    },
    response: { header: strings(res.header, printer) },
  };
  if (res.status !== undefined && res.status !== null && res.status !== "") {
    const status = typeof res.status === "number" ? res.status : Number(toVtlString(res.status, printer));
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new VtlRuntimeError(`$context.responseOverride.status must be an HTTP status code, got '${toVtlString(res.status, printer)}'`);
    overrides.response.status = status;
  }
  return overrides;
}

/**
 * Renders `t`. Throws only VtlRuntimeError: bad `$util` input, a body that is not JSON for
 * `$input.json/path`, a limit (iterations, output size, nesting) or a template fault.
 */
export function renderTemplate(t: CompiledTemplate, input: VtlInput, limits: VtlLimits = DEFAULT_VTL_LIMITS): VtlResult {
  const printer: Printer = { jsonish: new WeakSet() };
  try {
    const context = makeContext(input.context);
    const vars = {
      input: makeInput(input, printer),
      util: makeUtil(printer),
      context,
      stageVariables: { ...input.stageVariables },
    };
    const output = new Engine(t.ast, limits, printer).render(vars, {}, true);
    if (utf8Length(output) > limits.maxOutputBytes)
      throw new VtlRuntimeError(`Template output exceeds ${limits.maxOutputBytes} bytes`);
    return { output, overrides: readOverrides(context, printer) };
  } catch (e) {
    if (e instanceof VtlRuntimeError) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new VtlRuntimeError("Template nesting too deep (call stack exhausted)");
    throw new VtlRuntimeError(`Template evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The contract of the VTL engine (lib/vtl): what the gateway, the console's
 * template preview and the save-time checks call. Rendering follows Amazon API
 * Gateway's mapping-template reference (variables `$input`, `$util`,
 * `$context`, `$stageVariables`).
 */

/** Where a template fails to parse, as the console marks it (1-based line and column). */
export interface VtlProblem {
  message: string;
  line: number;
  column: number;
}

/** The request a template sees: `$input.params()` and, for request templates, `$input.body`. */
export interface VtlInput {
  /** Raw body text for `$input.body` / `$input.json` / `$input.path`: the request's (request templates) or the integration's (response templates). "" when none. */
  body: string;
  /** Method request parameters, for `$input.params()`; header names as sent. */
  params: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> };
  /** `$context` (a plain object; `requestOverride` / `responseOverride` are added by the engine). */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

/** What a template set through `$context.requestOverride` / `$context.responseOverride`. */
export interface VtlOverrides {
  request: { header: Record<string, string>; querystring: Record<string, string>; path: Record<string, string> };
  response: { status?: number; header: Record<string, string> };
}

export interface VtlResult {
  output: string;
  overrides: VtlOverrides;
}

export interface VtlLimits {
  /** #foreach iterations per template render (AWS: 1,000). */
  maxIterations: number;
  /** Output size in bytes (10 MB). */
  maxOutputBytes: number;
}

export const DEFAULT_VTL_LIMITS: VtlLimits = { maxIterations: 1000, maxOutputBytes: 10 * 1024 * 1024 };

/**
 * The VTL engine for API Gateway mapping templates. Parse once per deployment with
 * compileTemplate, render per request with renderTemplate. parseTemplate, jsonPath and
 * generateTemplateFromModel are browser-safe (the console uses them).
 */
export { parseTemplate, compileTemplate, type CompiledTemplate } from "./parse";
export { renderTemplate } from "./render";
export { generateTemplateFromModel } from "./generate";
export { jsonPath } from "./jsonpath";
export { VtlSyntaxError, VtlRuntimeError } from "./errors";
export { escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode } from "./util";
export * from "./types";

/** Reads a function's result as an HTTP API Lambda response (payload format 2.0), with AWS's rules. */
import type { HttpResult } from "./proxy-response-v1";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const JSON_HEADERS: Array<[string, string]> = [["content-type", "application/json"]];

/** What HTTP APIs answer for a failed function or an unusable result. */
export function functionErrorV2(): HttpResult {
  return { statusCode: 500, headers: [...JSON_HEADERS], body: Buffer.from('{"message":"Internal Server Error"}') };
}

/**
 * `output` is the handler's result, already parsed from JSON. With a
 * `statusCode` it is a response `{statusCode, headers, cookies, body,
 * isBase64Encoded}`; any other valid JSON (an object without `statusCode`, a
 * string, a number, …) is a 200 whose body is that JSON.
 */
export function parseProxyResponseV2(output: unknown): HttpResult {
  if (!isPlainObject(output) || output.statusCode === undefined) {
    if (output === undefined) return functionErrorV2();
    return { statusCode: 200, headers: [...JSON_HEADERS], body: Buffer.from(JSON.stringify(output)) };
  }
  const status = typeof output.statusCode === "string" ? Number(output.statusCode) : output.statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return functionErrorV2();
  const headers: Array<[string, string]> = [];
  if (output.headers !== undefined && output.headers !== null) {
    if (!isPlainObject(output.headers)) return functionErrorV2();
    for (const [name, value] of Object.entries(output.headers)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return functionErrorV2();
      headers.push([name, String(value)]);
    }
  }
  if (output.cookies !== undefined && output.cookies !== null) {
    if (!Array.isArray(output.cookies) || output.cookies.some((c) => typeof c !== "string")) return functionErrorV2();
    for (const cookie of output.cookies as string[]) headers.push(["set-cookie", cookie]);
  }
  if (!headers.some(([n]) => n.toLowerCase() === "content-type")) headers.push(["content-type", "application/json"]);
  let body = Buffer.alloc(0);
  if (output.body !== undefined && output.body !== null) {
    if (typeof output.body !== "string") return functionErrorV2();
    body = output.isBase64Encoded === true ? Buffer.from(output.body, "base64") : Buffer.from(output.body, "utf8");
  }
  return { statusCode: status, headers, body };
}

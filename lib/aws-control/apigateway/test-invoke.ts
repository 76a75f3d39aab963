import { ZTestMethod, type TTestResult } from "../../schemas/tester";
import { parseVerb } from "../../services/methods";
import { testMethod } from "../../services/tester";
import type { Operation } from "../operation";
import { badRequestException } from "../errors";
import { parseWith } from "./shapes";

/**
 * AWS TestInvokeMethod: the console's request tester (lib/services/tester.ts
 * testMethod), so the method's working copy runs through the gateway's own
 * pipeline (POST /_gatehouse/methods/test), authorization and API keys
 * skipped as on AWS.
 */

type Body = Record<string, unknown>;

function stringRecord(raw: unknown, field: string): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw badRequestException(`Invalid request: ${field} must be a map of strings.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw badRequestException(`Invalid request: ${field}.${k} must be a string.`);
    out[k] = v;
  }
  return out;
}

/** `headers` and `multiValueHeaders` as one header map: several values of a name are sent comma-joined (one HTTP header). */
function requestHeaders(raw: Body): Record<string, string> {
  const headers = stringRecord(raw.headers, "headers");
  const multi = raw.multiValueHeaders;
  if (multi === undefined || multi === null) return headers;
  if (typeof multi !== "object" || Array.isArray(multi))
    throw badRequestException("Invalid request: multiValueHeaders must be a map of string lists.");
  for (const [name, values] of Object.entries(multi)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== "string"))
      throw badRequestException(`Invalid request: multiValueHeaders.${name} must be a list of strings.`);
    const existing = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
    const all = [...(existing ? [headers[existing]] : []), ...(values as string[])];
    if (existing) delete headers[existing];
    headers[name] = all.join(",");
  }
  return headers;
}

/** AWS's answer: status, body, headers (last value) and multiValueHeaders, the log as text, latency in ms. */
export function awsTestResult(r: TTestResult) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of r.headers) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return {
    status: r.status,
    body: r.body,
    headers,
    multiValueHeaders,
    // One line per message as AWS's log (the gateway's first line is already "Execution log for request …").
    log: r.log.map((l) => (l.level === "ERROR" ? `ERROR: ${l.message}` : l.message)).join("\n"),
    // AWS reports whole milliseconds.
    latency: Math.round(r.latency),
  };
}

export const testInvokeOperations: Operation[] = [
  {
    name: "TestInvokeMethod",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}",
    permission: "test",
    async handler({ db, params, body, principal }) {
      const raw = (body ?? {}) as Body;
      const input = parseWith(ZTestMethod, {
        pathWithQueryString: raw.pathWithQueryString,
        headers: requestHeaders(raw),
        body: typeof raw.body === "string" ? raw.body : null,
        stageVariables: stringRecord(raw.stageVariables, "stageVariables"),
      });
      const at = { restApiId: params.restapi_id, resourceId: params.resource_id, httpMethod: parseVerb(params.http_method) };
      return { body: awsTestResult(await testMethod(db, principal, at, input)) };
    },
  },
];

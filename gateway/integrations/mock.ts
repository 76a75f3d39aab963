import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { GatewayError } from "../errors";

type MockIntegration = Extract<TDeployedIntegration, { type: "MOCK" }>;

/** The status a MOCK request template asks for, e.g. `{"statusCode": 200}`. */
function requestedStatus(template: string | undefined): string {
  if (!template) return "200";
  try {
    const parsed = JSON.parse(template) as { statusCode?: unknown };
    return parsed.statusCode === undefined ? "200" : String(parsed.statusCode);
  } catch {
    return "200";
  }
}

/**
 * MOCK: no backend. The request template's statusCode selects an integration
 * response (by selection pattern, else the default one), whose template is the
 * body. Templates are static text until mapping templates arrive.
 */
export async function mockIntegration(_ctx: unknown, integration: MockIntegration): Promise<HttpResult> {
  const status = requestedStatus(integration.requestTemplates["application/json"]);
  const chosen =
    integration.responses.find((r) => r.selectionPattern && new RegExp(`^(?:${r.selectionPattern})$`).test(status)) ??
    integration.responses.find((r) => !r.selectionPattern);
  if (!chosen) throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: "MOCK integration has no integration response" });
  const headers: Array<[string, string]> = [["Content-Type", "application/json"]];
  for (const [key, value] of Object.entries(chosen.responseParameters)) {
    const m = /^method\.response\.header\.(.+)$/.exec(key);
    const literal = /^'(.*)'$/.exec(value);
    if (m && literal) headers.push([m[1], literal[1]]);
  }
  return {
    statusCode: Number(chosen.statusCode),
    headers,
    body: Buffer.from(chosen.responseTemplates["application/json"] ?? ""),
  };
}

import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { GatewayError } from "../errors";
import { methodResponse, selectIntegrationResponse } from "../mapping/integration-response";
import { mapRequestBody } from "../mapping/request-template";
import type { RequestContext } from "../pipeline/context";
import { tracedMock } from "../logging/integration-trace";

type MockIntegration = Extract<TDeployedIntegration, { type: "MOCK" }>;

/**
 * The status the mapped request asks for, e.g. `{"statusCode": 200}`. Like
 * AWS, a not-quite-JSON template such as CDK's CORS preflight `{statusCode: 200}`
 * is read too. No body means 200; a body without a readable statusCode is AWS's
 * configuration error.
 */
function requestedStatus(body: Buffer | null): string {
  const text = body?.toString("utf8").trim() ?? "";
  if (text === "") return "200";
  let status: unknown;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object") status = (parsed as { statusCode?: unknown }).statusCode;
  } catch {
    status = /^\{\s*["']?statusCode["']?\s*:\s*["']?(\d+)["']?\s*[,}]/.exec(text)?.[1];
  }
  if (typeof status === "number" || (typeof status === "string" && /^\d+$/.test(status))) return String(status);
  throw new GatewayError("API_CONFIGURATION_ERROR", {
    logMessage: "Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.",
  });
}

function legacyStatus(template: string | undefined): string {
  try {
    return requestedStatus(template ? Buffer.from(template) : null);
  } catch {
    return "200";
  }
}

/**
 * MOCK: no backend. The request template (chosen by Content-Type, with the
 * passthrough behaviour) renders `{"statusCode": N}`; N selects an integration
 * response (selection pattern, else the default one), whose template renders
 * the body. Format-2 deployments read only the application/json template, as
 * they were served before templates were rendered.
 */
export async function mockIntegration(ctx: RequestContext, integration: MockIntegration): Promise<HttpResult> {
  const legacy = ctx.deployment!.snapshot.formatVersion < 3;
  const template = integration.requestTemplates["application/json"];
  const requested = legacy ? legacyStatus(template) : requestedStatus(mapRequestBody(ctx, integration).body);
  tracedMock(ctx, requested);
  const chosen = selectIntegrationResponse(integration.responses, requested);
  return methodResponse(ctx, ctx.route!.method, chosen, { headers: [], body: Buffer.alloc(0) });
}

import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { methodResponse, selectIntegrationResponse } from "../mapping/integration-response";
import type { RequestContext } from "../pipeline/context";

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
export async function mockIntegration(ctx: RequestContext, integration: MockIntegration): Promise<HttpResult> {
  const chosen = selectIntegrationResponse(integration.responses, requestedStatus(integration.requestTemplates["application/json"]));
  const body = Buffer.from(chosen?.responseTemplates["application/json"] ?? "");
  return methodResponse(ctx, ctx.route!.method, chosen, { headers: [], body: Buffer.alloc(0) }, body);
}

import type { MethodAddress } from "../../services/methods";
import { parseVerb } from "../../services/methods";

/** Path templates and the address of a method, shared by methods, integrations and their responses. */

export const METHOD = "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";
export const METHOD_RESPONSE = `${METHOD}/responses/{status_code}`;
export const INTEGRATION = `${METHOD}/integration`;
export const INTEGRATION_RESPONSE = `${INTEGRATION}/responses/{status_code}`;

export function methodAddress(params: Record<string, string>): MethodAddress {
  return { restApiId: params.restapi_id, resourceId: params.resource_id, httpMethod: parseVerb(params.http_method) };
}

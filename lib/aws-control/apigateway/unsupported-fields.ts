import { badRequestException } from "../errors";

/**
 * Create-time fields Gatehouse has nowhere to keep. Dropping them silently
 * would look fine once and then show as drift forever (Terraform reads the
 * resource back, finds them missing and tries TagResource or a patch we
 * refuse anyway), so they are refused up front with what to do instead.
 */

/** AWS resource tags (`tags`, incl. Terraform's provider-level default_tags): an empty map is fine. */
export function refuseTags(raw: Record<string, unknown>, what: string) {
  const tags = raw.tags;
  if (tags && typeof tags === "object" && Object.keys(tags).length > 0) {
    throw badRequestException(
      `Tags are not supported on ${what} by Gatehouse: remove tags (and any provider default_tags) from the request.`,
    );
  }
}

/** CreateRestApi's endpoint type, compression, execute-api switch and policy: every Gatehouse API is REGIONAL, uncompressed, without a resource policy. */
export function refuseRestApiExtras(raw: Record<string, unknown>) {
  refuseTags(raw, "REST APIs");
  const config = raw.endpointConfiguration;
  const types = config && typeof config === "object" ? (config as { types?: unknown }).types : undefined;
  if (Array.isArray(types) && types.some((t) => t !== "REGIONAL")) {
    throw badRequestException(`Invalid endpointConfiguration types ${JSON.stringify(types)}: Gatehouse serves every API as REGIONAL.`);
  }
  if (raw.minimumCompressionSize !== undefined && raw.minimumCompressionSize !== null) {
    throw badRequestException("minimumCompressionSize is not supported by Gatehouse: responses are not compressed by the gateway.");
  }
  if (raw.disableExecuteApiEndpoint === true) {
    throw badRequestException(
      "disableExecuteApiEndpoint is not supported by Gatehouse: the gateway always serves {apiId}.execute-api hosts.",
    );
  }
  if (typeof raw.policy === "string" && raw.policy.trim() !== "") {
    throw badRequestException(
      "Resource policies are not supported by Gatehouse: use API keys, usage plans or authorizers to restrict access.",
    );
  }
}

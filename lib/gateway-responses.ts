/**
 * Amazon API Gateway's gateway response types: the answers the gateway itself
 * gives (no route, throttled, bad body, integration timeout, …), each with
 * AWS's default status, message and `x-amzn-ErrorType`. An API may customize
 * any of them (status, headers, body template); the gateway renders what the
 * deployed snapshot says, falling back to DEFAULT_4XX / DEFAULT_5XX, then to
 * these defaults. Shared by the console (listing, validation) and the gateway.
 */

export interface GatewayResponseDefault {
  /** null for DEFAULT_4XX / DEFAULT_5XX, which only carry customizations for their class. */
  status: number | null;
  message: string | null;
  errorType: string;
  /** REQUEST_TOO_LARGE is answered before an API is known; AWS does not let it be customized. */
  customizable: boolean;
}

const def = (status: number | null, message: string | null, errorType: string, customizable = true): GatewayResponseDefault => ({
  status,
  message,
  errorType,
  customizable,
});

export const GATEWAY_RESPONSE_DEFAULTS = {
  ACCESS_DENIED: def(403, "Forbidden", "ForbiddenException"),
  API_CONFIGURATION_ERROR: def(500, "Internal server error", "InternalServerErrorException"),
  AUTHORIZER_CONFIGURATION_ERROR: def(500, null, "AuthorizerConfigurationException"),
  AUTHORIZER_FAILURE: def(500, null, "AuthorizerFailureException"),
  BAD_REQUEST_BODY: def(400, "Invalid request body", "BadRequestException"),
  BAD_REQUEST_PARAMETERS: def(400, "Missing required request parameters", "BadRequestException"),
  DEFAULT_4XX: def(null, null, "BadRequestException"),
  DEFAULT_5XX: def(null, null, "InternalServerErrorException"),
  EXPIRED_TOKEN: def(403, "The security token included in the request is expired", "ExpiredTokenException"),
  INTEGRATION_FAILURE: def(504, "Internal server error", "InternalServerErrorException"),
  INTEGRATION_TIMEOUT: def(504, "Endpoint request timed out", "InternalServerErrorException"),
  INVALID_API_KEY: def(403, "Forbidden", "ForbiddenException"),
  INVALID_SIGNATURE: def(403, "The request signature we calculated does not match the signature you provided", "InvalidSignatureException"),
  MISSING_AUTHENTICATION_TOKEN: def(403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
  QUOTA_EXCEEDED: def(429, "Limit Exceeded", "LimitExceededException"),
  REQUEST_TOO_LARGE: def(413, "Request Too Long", "RequestTooLargeException", false),
  RESOURCE_NOT_FOUND: def(404, "Not Found", "NotFoundException"),
  THROTTLED: def(429, "Too Many Requests", "TooManyRequestsException"),
  UNAUTHORIZED: def(401, "Unauthorized", "UnauthorizedException"),
  // Status from the reference (§6); message and error type are our guess, not confirmed against AWS.
  UNSUPPORTED_MEDIA_TYPE: def(415, "Unsupported Media Type", "UnsupportedMediaTypeException"),
  WAF_FILTERED: def(403, "Forbidden", "WAFFilteredException"),
} satisfies Record<string, GatewayResponseDefault>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_DEFAULTS;
export const GATEWAY_RESPONSE_TYPE_NAMES = Object.keys(GATEWAY_RESPONSE_DEFAULTS) as GatewayResponseType[];

export function isGatewayResponseType(name: string): name is GatewayResponseType {
  return Object.hasOwn(GATEWAY_RESPONSE_DEFAULTS, name);
}

/** The class fallback a type inherits customizations from. */
export function classFallback(status: number): "DEFAULT_4XX" | "DEFAULT_5XX" {
  return status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX";
}

/** AWS's default body template for every type: `{"message":$context.error.messageString}`. */
export const DEFAULT_GATEWAY_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}';

/**
 * AWS gateway response types the gateway can produce, with AWS's default
 * status, message and x-amzn-ErrorType. Each failure in the pipeline throws a
 * GatewayError naming one; gateway/pipeline/render-error.ts renders it.
 */
export const GATEWAY_RESPONSE_TYPES = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: "Missing Authentication Token", errorType: "MissingAuthenticationTokenException" },
  ACCESS_DENIED: { status: 403, message: "Forbidden", errorType: "ForbiddenException" },
  REQUEST_TOO_LARGE: { status: 413, message: "Request Too Long", errorType: "RequestTooLargeException" },
  // Status from the reference (§6); message and error type are our guess, not confirmed against AWS.
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Unsupported Media Type", errorType: "UnsupportedMediaTypeException" },
  INTEGRATION_TIMEOUT: { status: 504, message: "Endpoint request timed out", errorType: "InternalServerErrorException" },
  INTEGRATION_FAILURE: { status: 504, message: "Internal server error", errorType: "InternalServerErrorException" },
  API_CONFIGURATION_ERROR: { status: 500, message: "Internal server error", errorType: "InternalServerErrorException" },
  THROTTLED: { status: 429, message: "Too Many Requests", errorType: "TooManyRequestsException" },
  DEFAULT_4XX: { status: 400, message: "Bad Request", errorType: "BadRequestException" },
  DEFAULT_5XX: { status: 502, message: "Internal server error", errorType: "InternalServerErrorException" },
} as const;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_TYPES;

export class GatewayError extends Error {
  readonly status: number;
  readonly errorType: string;
  constructor(
    readonly type: GatewayResponseType,
    options: { status?: number; message?: string; logMessage?: string } = {},
  ) {
    const def = GATEWAY_RESPONSE_TYPES[type];
    super(options.message ?? def.message);
    this.name = "GatewayError";
    this.status = options.status ?? def.status;
    this.errorType = def.errorType;
    this.logMessage = options.logMessage;
  }
  readonly logMessage?: string;
}

/** What AWS answers when a Lambda proxy integration fails or returns a malformed response. */
export function lambdaProxyFailure(logMessage: string): GatewayError {
  return new GatewayError("DEFAULT_5XX", { status: 502, message: "Internal server error", logMessage });
}

import { GATEWAY_RESPONSE_DEFAULTS, type GatewayResponseType } from "../lib/gateway-responses";

/** Every gateway response type with AWS's default status, message and x-amzn-ErrorType (lib/gateway-responses.ts). */
export const GATEWAY_RESPONSE_TYPES = GATEWAY_RESPONSE_DEFAULTS;
export type { GatewayResponseType };

/**
 * A failure in the pipeline, naming the gateway response type that answers
 * it; gateway/pipeline/render-error.ts renders it (with the API's
 * customization, if any).
 */
export class GatewayError extends Error {
  readonly status: number;
  readonly errorType: string;
  constructor(
    readonly type: GatewayResponseType,
    options: { status?: number; message?: string; logMessage?: string; validationErrorString?: string; errorType?: string } = {},
  ) {
    const def = GATEWAY_RESPONSE_TYPES[type];
    super(options.message ?? def.message ?? "Internal server error");
    this.name = "GatewayError";
    this.status = options.status ?? def.status ?? (type === "DEFAULT_4XX" ? 400 : 500);
    this.errorType = options.errorType ?? def.errorType;
    // AWS answers authorizer failures with `{"message": null}`.
    this.nullMessage = options.message === undefined && def.message === null && (type === "AUTHORIZER_CONFIGURATION_ERROR" || type === "AUTHORIZER_FAILURE");
    this.logMessage = options.logMessage;
    this.validationErrorString = options.validationErrorString;
  }
  readonly logMessage?: string;
  /** The body's message is JSON null (authorizer failures), not `message`. */
  readonly nullMessage: boolean;
  /** `$context.error.validationErrorString` for a failed request validation. */
  readonly validationErrorString?: string;
}

/** What AWS answers when a Lambda proxy integration fails or returns a malformed response. */
export function lambdaProxyFailure(logMessage: string): GatewayError {
  return new GatewayError("DEFAULT_5XX", { status: 502, message: "Internal server error", logMessage });
}

import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { GatewayError } from "../errors";

/** AWS's error body and headers for a failed request; unknown errors become a 500. */
export function renderError(err: unknown): { result: HttpResult; logMessage: string } {
  const gatewayError =
    err instanceof GatewayError
      ? err
      : new GatewayError("DEFAULT_5XX", { status: 500, logMessage: `unexpected: ${(err as Error)?.stack ?? String(err)}` });
  return {
    result: {
      statusCode: gatewayError.status,
      headers: [
        ["Content-Type", "application/json"],
        ["x-amzn-ErrorType", gatewayError.errorType],
      ],
      body: Buffer.from(JSON.stringify({ message: gatewayError.message })),
    },
    logMessage: gatewayError.logMessage ?? gatewayError.message,
  };
}

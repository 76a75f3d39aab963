import { AppError } from "../errors";

/**
 * Errors of the AWS-compatible control plane, in AWS's wire shape so SDK error
 * classes and CLI messages come out right:
 * - API Gateway: status, `x-amzn-ErrorType: <Type>` and `{"message": "…"}`.
 * - Lambda: status, `x-amzn-ErrorType: <Type>` and `{"Type": "User", "message": "…"}`.
 */
export type AwsService = "apigateway" | "lambda";

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "AwsError";
  }
}

export const notFoundException = (message: string) => new AwsError(404, "NotFoundException", message);
export const conflictException = (message: string) => new AwsError(409, "ConflictException", message);
export const badRequestException = (message: string) => new AwsError(400, "BadRequestException", message);
export const unauthorizedException = (message: string) => new AwsError(401, "UnauthorizedException", message);
export const tooManyRequestsException = (message: string) => new AwsError(429, "TooManyRequestsException", message);

export const resourceNotFound = (message: string) => new AwsError(404, "ResourceNotFoundException", message);
export const resourceConflict = (message: string) => new AwsError(409, "ResourceConflictException", message);
export const invalidParameterValue = (message: string) => new AwsError(400, "InvalidParameterValueException", message);

/** Our service errors (lib/errors.ts) as the service's AWS error. Field problems are named in the message. */
export function fromAppError(err: AppError, service: AwsService): AwsError {
  const detail = err.problems.length > 0 ? err.problems.map((p) => `${p.field}: ${p.message}`).join("; ") : err.message;
  if (service === "lambda") {
    switch (err.code) {
      case "not-found":
        return resourceNotFound(err.message);
      case "conflict":
        return resourceConflict(err.message);
      case "unauthorized":
      case "forbidden":
        return new AwsError(403, "AccessDeniedException", err.message);
      case "internal":
      case "bad-gateway":
        return new AwsError(500, "ServiceException", err.message);
      default:
        return invalidParameterValue(detail);
    }
  }
  switch (err.code) {
    case "not-found":
      return notFoundException(err.message);
    case "conflict":
      return conflictException(err.message);
    case "unauthorized":
      return unauthorizedException(err.message);
    case "forbidden":
      return new AwsError(403, "AccessDeniedException", err.message);
    case "internal":
    case "bad-gateway":
      return new AwsError(500, "ServiceUnavailableException", err.message);
    default:
      return badRequestException(detail);
  }
}

/** The response body for `err` in `service`'s shape. */
export function awsErrorBody(err: AwsError, service: AwsService): Record<string, string> {
  return service === "lambda" ? { Type: err.status >= 500 ? "Service" : "User", message: err.message } : { message: err.message };
}

import { AppError } from "../../errors";
import { notFoundException } from "../errors";

/**
 * The service's not-found (any AppError "not-found") as API Gateway's
 * NotFoundException with AWS's own message for the missing thing, e.g.
 * "Invalid API Key identifier specified", which clients and tests match on.
 */
export async function awsNotFound<T>(message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") throw notFoundException(message);
    throw err;
  }
}

export const API_KEY_NOT_FOUND = "Invalid API Key identifier specified";
export const USAGE_PLAN_NOT_FOUND = "Invalid Usage Plan ID specified";

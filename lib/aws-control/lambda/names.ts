import { functionArn } from "../../arn";
import { AppError } from "../../errors";
import { AwsError, resourceNotFound } from "../errors";
import type { OperationContext } from "../operation";

/**
 * Lambda's FunctionName parameter: a name (`my-function`), a name with a
 * qualifier (`my-function:3`), a partial ARN (`123456789012:function:my-function`)
 * or a full ARN (`arn:aws:lambda:us-east-1:123456789012:function:my-function[:3]`).
 */
export interface FunctionRef {
  name: string;
  /** From the name, else the Qualifier query parameter; undefined for the unqualified function. */
  qualifier?: string;
}

const NAME = "[A-Za-z0-9_-]{1,64}";
const QUALIFIER = "(?:\\$LATEST|[A-Za-z0-9_-]{1,128})";
const FULL_ARN = new RegExp(`^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:(${NAME})(?::(${QUALIFIER}))?$`);
const PARTIAL_ARN = new RegExp(`^\\d{12}:function:(${NAME})(?::(${QUALIFIER}))?$`);
const PLAIN = new RegExp(`^(${NAME})(?::(${QUALIFIER}))?$`);

export function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const m = FULL_ARN.exec(raw) ?? PARTIAL_ARN.exec(raw) ?? PLAIN.exec(raw);
  if (!m) {
    throw new AwsError(
      400,
      "ValidationException",
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  }
  return m[2] ? { name: m[1], qualifier: m[2] } : { name: m[1] };
}

/** The function a request names, with its qualifier from the path or the `Qualifier` query parameter. */
export function functionRef(ctx: OperationContext, param = "FunctionName"): FunctionRef {
  const parsed = parseFunctionName(ctx.params[param] ?? "");
  const fromQuery = ctx.query.get("Qualifier") ?? undefined;
  if (parsed.qualifier && fromQuery && parsed.qualifier !== fromQuery) {
    throw new AwsError(400, "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.");
  }
  const qualifier = parsed.qualifier ?? (fromQuery || undefined);
  return qualifier ? { name: parsed.name, qualifier } : { name: parsed.name };
}

export const arnOf = (ctx: OperationContext, name: string, qualifier?: string) => functionArn(ctx.settings, name) + (qualifier ? `:${qualifier}` : "");

/** Lambda's answer for a function (or version) that does not exist. */
export const functionNotFound = (ctx: OperationContext, name: string, qualifier?: string) => resourceNotFound(`Function not found: ${arnOf(ctx, name, qualifier)}`);

/** Runs a service call, answering its "not found" as Lambda does (the service's own message names no ARN). */
export async function orFunctionNotFound<T>(ctx: OperationContext, ref: FunctionRef, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") throw functionNotFound(ctx, ref.name, ref.qualifier);
    throw err;
  }
}

/** A published version's number from a qualifier; null for $LATEST. Aliases are not supported: not found. */
export function versionNumber(ctx: OperationContext, ref: FunctionRef): number | null {
  if (!ref.qualifier || ref.qualifier === "$LATEST") return null;
  if (!/^[1-9]\d{0,9}$/.test(ref.qualifier)) throw functionNotFound(ctx, ref.name, ref.qualifier);
  return Number(ref.qualifier);
}

import type { z } from "zod";
import { AppError } from "../../errors";
import { ZFunctionRuntime, type TFunctionRuntime } from "../../schemas/functions";
import { AwsError, invalidParameterValue, resourceConflict } from "../errors";

/** Reading Lambda request bodies (PascalCase) into the console's function inputs. */

export type Body = Record<string, unknown>;

export const asBody = (body: unknown): Body => (body && typeof body === "object" && !Array.isArray(body) ? (body as Body) : {});

/** Our field names as Lambda's, for messages. */
const LAMBDA_FIELDS: Record<string, string> = {
  name: "FunctionName",
  description: "Description",
  runtime: "Runtime",
  handler: "Handler",
  timeoutSeconds: "Timeout",
  memoryMb: "MemorySize",
  environment: "Environment.Variables",
  files: "Code.ZipFile",
  role: "Role",
  tags: "Tags",
};

const lambdaField = (field: string) => {
  const [head, ...rest] = field.split(".");
  return [LAMBDA_FIELDS[head] ?? head, ...rest].join(".");
};

/** Parses with a service schema; InvalidParameterValueException naming the first failing field as Lambda spells it. */
export function parseLambda<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? lambdaField(issue.path.join(".")) : "body";
  throw invalidParameterValue(`${field}: ${issue.message}`);
}

/**
 * Service errors with Lambda's words: a duplicate name is ResourceConflictException
 * ("Function already exist: <name>"); field problems name Lambda's fields.
 */
export function lambdaServiceError(err: unknown, functionName: string): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === "validation-failed" && err.problems.some((p) => p.field === "name" && /already exists/.test(p.message))) {
    return resourceConflict(`Function already exist: ${functionName}`);
  }
  if (err.code === "validation-failed" && err.problems.length > 0) {
    return invalidParameterValue(err.problems.map((p) => `${lambdaField(p.field)}: ${p.message}`).join("; "));
  }
  return err;
}

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameterValue(`${field} must be a string.`);
  return value;
}

export function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (!value) throw invalidParameterValue(`${field} is required.`);
  return value;
}

export function optionalNumber(body: Body, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalidParameterValue(`${field} must be a number.`);
  return value;
}

export function runtimeOf(value: string): TFunctionRuntime {
  const parsed = ZFunctionRuntime.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidParameterValue(
    `Value ${value} at 'runtime' is not supported: Gatehouse runs Node.js functions; use ${ZFunctionRuntime.options.join(", ")} (they all run on the gateway's Node.js).`,
  );
}

/** Environment.Variables as the console's environment (plain, non-secret values); undefined when absent. */
export function environmentOf(body: Body): Record<string, { value: string; secret: boolean }> | undefined {
  const env = body.Environment;
  if (env === undefined || env === null) return undefined;
  if (typeof env !== "object" || Array.isArray(env)) throw invalidParameterValue("Environment must be an object {Variables: {...}}.");
  const variables = (env as Body).Variables ?? {};
  if (!variables || typeof variables !== "object" || Array.isArray(variables)) throw invalidParameterValue("Environment.Variables must be a map of strings.");
  const out: Record<string, { value: string; secret: boolean }> = {};
  for (const [k, v] of Object.entries(variables as Body)) {
    if (typeof v !== "string") throw invalidParameterValue(`Environment.Variables.${k} must be a string.`);
    out[k] = { value: v, secret: false };
  }
  return out;
}

/** A Tags map from a request body (CreateFunction, TagResource); InvalidParameterValueException when it is not one. */
export function tagsOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidParameterValue("Tags must be a map of strings.");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Body)) {
    if (typeof v !== "string") throw invalidParameterValue(`Tags.${k} must be a string.`);
    out[k] = v;
  }
  return out;
}

/** RevisionId preconditions (UpdateFunctionCode/Configuration, PublishVersion, AddPermission…). */
export function expectRevision(sent: string | undefined, current: string): void {
  if (sent !== undefined && sent !== current) {
    throw new AwsError(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
  }
}

import { ZTagFunction, ZUpdateFunction } from "../../schemas/functions";
import { updateFunction } from "../../services/functions";
import { tagFunction } from "../../services/functions-lambda";
import { invalidParameterValue } from "../errors";
import type { Operation, OperationContext } from "../operation";
import { asBody, lambdaServiceError, parseLambda, tagsOf } from "./input";
import { loadFunction, loadSource } from "./load";
import { arnOf, functionRef, orFunctionNotFound, parseFunctionName, type FunctionRef } from "./names";

/**
 * The small per-function settings tools such as Terraform read after every
 * create and refresh: reserved concurrency (the console's setting), tags,
 * and the fixed answers for features Gatehouse does not have (code signing,
 * recursion detection, runtime management).
 */

const PREFIXED = (date: string, rest: string) => `/${date}/functions/{FunctionName}/${rest}`;

async function setReservedConcurrency(ctx: OperationContext, value: number | null) {
  const ref = functionRef(ctx);
  const fn = await loadFunction(ctx, ref);
  const input = parseLambda(ZUpdateFunction, { version: fn.version, reservedConcurrency: value });
  await orFunctionNotFound(ctx, ref, () => updateFunction(ctx.db, fn.name, input)).catch((err: unknown) => {
    throw lambdaServiceError(err, fn.name);
  });
}

/** The function a tagging call's Resource ARN names. */
const taggedFunction = (ctx: OperationContext): FunctionRef => ({ name: parseFunctionName(ctx.params.Resource ?? "").name });

/** One tag change, in one transaction (lib/services/functions-lambda.ts). */
async function changeTags(ctx: OperationContext, change: { set?: Record<string, string>; remove?: string[] }): Promise<void> {
  const ref = taggedFunction(ctx);
  const input = parseLambda(ZTagFunction, change);
  await orFunctionNotFound(ctx, ref, () => tagFunction(ctx.db, ref.name, input)).catch((err: unknown) => {
    throw lambdaServiceError(err, ref.name);
  });
}

export const extraOperations: Operation[] = [
  {
    name: "GetFunctionConcurrency",
    service: "lambda",
    method: "GET",
    path: PREFIXED("2019-09-30", "concurrency"),
    permission: "read",
    async handler(ctx) {
      const fn = await loadFunction(ctx, functionRef(ctx));
      return { body: fn.reservedConcurrency === null ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency } };
    },
  },
  {
    name: "PutFunctionConcurrency",
    service: "lambda",
    method: "PUT",
    path: PREFIXED("2017-10-31", "concurrency"),
    permission: "edit",
    async handler(ctx) {
      const value = asBody(ctx.body).ReservedConcurrentExecutions;
      if (typeof value !== "number") throw invalidParameterValue("ReservedConcurrentExecutions is required: a whole number 0–1000.");
      await setReservedConcurrency(ctx, value);
      return { body: { ReservedConcurrentExecutions: value } };
    },
  },
  {
    name: "DeleteFunctionConcurrency",
    service: "lambda",
    method: "DELETE",
    path: PREFIXED("2017-10-31", "concurrency"),
    permission: "edit",
    async handler(ctx) {
      await setReservedConcurrency(ctx, null);
      return { status: 204 };
    },
  },
  {
    name: "GetFunctionCodeSigningConfig",
    service: "lambda",
    method: "GET",
    path: PREFIXED("2020-06-30", "code-signing-config"),
    permission: "read",
    async handler(ctx) {
      const fn = await loadFunction(ctx, functionRef(ctx));
      return { body: { CodeSigningConfigArn: "", FunctionName: fn.name } };
    },
  },
  {
    name: "GetFunctionRecursionConfig",
    service: "lambda",
    method: "GET",
    path: PREFIXED("2024-08-31", "recursion-config"),
    permission: "read",
    async handler(ctx) {
      await loadFunction(ctx, functionRef(ctx));
      return { body: { RecursiveLoop: "Terminate" } };
    },
  },
  {
    name: "GetRuntimeManagementConfig",
    service: "lambda",
    method: "GET",
    path: PREFIXED("2021-07-20", "runtime-management-config"),
    permission: "read",
    async handler(ctx) {
      const ref = functionRef(ctx);
      const { source } = await loadSource(ctx, ref);
      return { body: { UpdateRuntimeOn: "Auto", FunctionArn: arnOf(ctx, source.name, source.version === "$LATEST" ? undefined : source.version) } };
    },
  },
  {
    name: "ListTags",
    service: "lambda",
    method: "GET",
    path: "/2017-03-31/tags/{Resource}",
    permission: "read",
    async handler(ctx) {
      return { body: { Tags: (await loadFunction(ctx, taggedFunction(ctx))).tags } };
    },
  },
  {
    name: "TagResource",
    service: "lambda",
    method: "POST",
    path: "/2017-03-31/tags/{Resource}",
    permission: "edit",
    async handler(ctx) {
      const tags = tagsOf(asBody(ctx.body).Tags);
      if (!tags) throw invalidParameterValue("Tags is required.");
      await changeTags(ctx, { set: tags });
      return { status: 204 };
    },
  },
  {
    name: "UntagResource",
    service: "lambda",
    method: "DELETE",
    path: "/2017-03-31/tags/{Resource}",
    permission: "edit",
    async handler(ctx) {
      await changeTags(ctx, { remove: ctx.query.getAll("tagKeys") });
      return { status: 204 };
    },
  },
];

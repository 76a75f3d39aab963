import { ZCreateFunction } from "../../schemas/functions";
import { createFunction, deleteFunction, deleteFunctionVersion, getFunction, listFunctions } from "../../services/functions";
import { getLambdaFunction } from "../../services/functions-lambda";
import { invalidParameterValue, resourceConflict } from "../errors";
import type { Operation } from "../operation";
import { asBody, environmentOf, lambdaServiceError, optionalNumber, optionalString, parseLambda, requiredString, runtimeOf, tagsOf } from "./input";
import { allSources, loadFunction, loadSource, savedSource } from "./load";
import { functionRef, orFunctionNotFound, parseFunctionName, versionNumber } from "./names";
import { configuration, configurations, fromLatest, lambdaPage, packageOf } from "./shapes";
import { extraOperations } from "./extras";
import { updateOperations } from "./updates";
import { decodeZipFile, readFunctionZip, requireHandlerFile } from "./zip";

/**
 * Lambda's function operations on Gatehouse functions: a function made here
 * is a console function (JavaScript, the zip's source files) and the other way
 * round; every change goes through lib/services/functions.ts, in one
 * transaction with the role, tags and uploaded package kept in the same rows.
 */

/** CreateFunction's Code: only ZipFile; S3 and container images have nowhere to come from. */
function zipOf(body: Record<string, unknown>): Buffer {
  if (body.PackageType !== undefined && body.PackageType !== "Zip") throw invalidParameterValue("Gatehouse runs .zip file archives only: PackageType must be Zip.");
  const code = asBody(body.Code);
  if (code.S3Bucket !== undefined || code.S3Key !== undefined || code.ImageUri !== undefined) {
    throw invalidParameterValue("Gatehouse takes the code as Code.ZipFile only (S3Bucket/S3Key and ImageUri are not supported).");
  }
  return decodeZipFile(code.ZipFile);
}

const createFunctionOperation: Operation = {
  name: "CreateFunction",
  service: "lambda",
  method: "POST",
  path: "/2015-03-31/functions",
  permission: "edit",
  async handler(ctx) {
    const body = asBody(ctx.body);
    const { name } = parseFunctionName(requiredString(body, "FunctionName"));
    const runtime = runtimeOf(requiredString(body, "Runtime"));
    const role = requiredString(body, "Role");
    const handler = requiredString(body, "Handler");
    const tags = tagsOf(body.Tags);
    const zip = zipOf(body);
    if (await getFunction(ctx.db, name).then(() => true, () => false)) throw resourceConflict(`Function already exist: ${name}`);
    const { files } = readFunctionZip(zip);
    requireHandlerFile(handler, files);
    const input = parseLambda(ZCreateFunction, {
      name,
      description: optionalString(body, "Description") ?? "",
      runtime,
      language: "javascript",
      files,
      handler,
      environment: environmentOf(body) ?? {},
      timeoutSeconds: optionalNumber(body, "Timeout") ?? 3,
      memoryMb: optionalNumber(body, "MemorySize") ?? 128,
      role,
      tags: tags ?? {},
      codePackage: packageOf(zip),
      publish: body.Publish === true,
    });
    const saved = await createFunction(ctx.db, input).catch((err: unknown) => {
      throw lambdaServiceError(err, name);
    });
    return { status: 201, body: configuration(ctx, await savedSource(ctx, name, saved.published)) };
  },
};

export const functionsOperations: Operation[] = [
  createFunctionOperation,
  {
    name: "GetFunction",
    service: "lambda",
    method: "GET",
    path: "/2015-03-31/functions/{FunctionName}",
    permission: "read",
    async handler(ctx) {
      const { fn, source } = await loadSource(ctx, functionRef(ctx));
      // No Code.Location: the code is kept as source files, not as a zip in a bucket to presign.
      return {
        body: {
          Configuration: configuration(ctx, source),
          Code: { RepositoryType: "S3" },
          ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
          ...(fn.reservedConcurrency !== null ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } } : {}),
        },
      };
    },
  },
  {
    name: "GetFunctionConfiguration",
    service: "lambda",
    method: "GET",
    path: "/2015-03-31/functions/{FunctionName}/configuration",
    permission: "read",
    async handler(ctx) {
      const { source } = await loadSource(ctx, functionRef(ctx));
      return { body: configuration(ctx, source) };
    },
  },
  {
    name: "ListFunctions",
    service: "lambda",
    method: "GET",
    path: "/2015-03-31/functions",
    permission: "read",
    async handler(ctx) {
      const all = ctx.query.get("FunctionVersion") === "ALL";
      const names = (await listFunctions(ctx.db)).map((f) => f.name);
      const sources = [];
      for (const name of names) {
        const fn = await getLambdaFunction(ctx.db, name).catch(() => null);
        if (!fn) continue; // deleted meanwhile
        if (all) sources.push(...allSources(fn));
        else sources.push(fromLatest(fn));
      }
      const page = lambdaPage(sources, ctx.query);
      return { body: { Functions: configurations(ctx, page.items), ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) } };
    },
  },
  {
    name: "DeleteFunction",
    service: "lambda",
    method: "DELETE",
    path: "/2015-03-31/functions/{FunctionName}",
    permission: "edit",
    async handler(ctx) {
      const ref = functionRef(ctx);
      const number = versionNumber(ctx, ref);
      if (ref.qualifier === "$LATEST") {
        throw invalidParameterValue("$LATEST version cannot be deleted without deleting the function.");
      }
      await loadFunction(ctx, ref);
      if (number === null) {
        // Role, tags and package are columns of the row: they go with it.
        await orFunctionNotFound(ctx, ref, () => deleteFunction(ctx.db, ref.name));
      } else {
        await orFunctionNotFound(ctx, ref, () => deleteFunctionVersion(ctx.db, ref.name, number));
      }
      return { status: 204 };
    },
  },
  ...updateOperations,
  ...extraOperations,
];

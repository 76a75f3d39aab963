import { ZUpdateFunction, type TLambdaFunction } from "../../schemas/functions";
import { publishFunction, updateFunction, type TSavedFunction } from "../../services/functions";
import { invalidParameterValue } from "../errors";
import type { Operation, OperationContext } from "../operation";
import { asBody, environmentOf, expectRevision, lambdaServiceError, optionalNumber, optionalString, parseLambda, runtimeOf } from "./input";
import { allSources, loadFunction, savedSource } from "./load";
import { functionRef, orFunctionNotFound } from "./names";
import { configuration, configurations, fromLatest, lambdaPage, packageOf, revisionId } from "./shapes";
import { decodeZipFile, readFunctionZip, requireHandlerFile } from "./zip";

/** UpdateFunctionCode, UpdateFunctionConfiguration, PublishVersion and ListVersionsByFunction. */

const latestRevision = (fn: TLambdaFunction) => revisionId(fromLatest(fn).revisionSeed);

/**
 * Saves $LATEST (and publishes, when asked) through the console's service in one transaction,
 * with the version just read (a concurrent save answers 409 there).
 */
async function save(ctx: OperationContext, fn: TLambdaFunction, changes: Omit<Parameters<typeof updateFunction>[2], "version">): Promise<TSavedFunction> {
  const input = parseLambda(ZUpdateFunction, { ...changes, version: fn.version });
  return orFunctionNotFound(ctx, { name: fn.name }, () => updateFunction(ctx.db, fn.name, input)).catch((err: unknown) => {
    throw lambdaServiceError(err, fn.name);
  });
}

export const updateOperations: Operation[] = [
  {
    name: "UpdateFunctionCode",
    service: "lambda",
    method: "PUT",
    path: "/2015-03-31/functions/{FunctionName}/code",
    permission: "edit",
    async handler(ctx) {
      const body = asBody(ctx.body);
      const fn = await loadFunction(ctx, functionRef(ctx));
      expectRevision(optionalString(body, "RevisionId"), latestRevision(fn));
      if (body.S3Bucket !== undefined || body.S3Key !== undefined || body.ImageUri !== undefined) {
        throw invalidParameterValue("Gatehouse takes the code as ZipFile only (S3Bucket/S3Key and ImageUri are not supported).");
      }
      const zip = decodeZipFile(body.ZipFile);
      const { files } = readFunctionZip(zip);
      requireHandlerFile(fn.handler, files);
      if (body.DryRun === true) return { body: configuration(ctx, fromLatest(fn)) };
      // Publish: the newest version when nothing changed since it, as Lambda does.
      const saved = await save(ctx, fn, { files, language: "javascript", codePackage: packageOf(zip), publish: body.Publish === true });
      return { body: configuration(ctx, await savedSource(ctx, fn.name, saved.published)) };
    },
  },
  {
    name: "UpdateFunctionConfiguration",
    service: "lambda",
    method: "PUT",
    path: "/2015-03-31/functions/{FunctionName}/configuration",
    permission: "edit",
    async handler(ctx) {
      const body = asBody(ctx.body);
      const fn = await loadFunction(ctx, functionRef(ctx));
      expectRevision(optionalString(body, "RevisionId"), latestRevision(fn));
      const runtime = optionalString(body, "Runtime");
      await save(ctx, fn, {
        description: optionalString(body, "Description"),
        runtime: runtime === undefined ? undefined : runtimeOf(runtime),
        role: optionalString(body, "Role") || undefined,
        handler: optionalString(body, "Handler"),
        environment: environmentOf(body),
        timeoutSeconds: optionalNumber(body, "Timeout"),
        memoryMb: optionalNumber(body, "MemorySize"),
      });
      return { body: configuration(ctx, await savedSource(ctx, fn.name)) };
    },
  },
  {
    name: "PublishVersion",
    service: "lambda",
    method: "POST",
    path: "/2015-03-31/functions/{FunctionName}/versions",
    permission: "edit",
    async handler(ctx) {
      const body = asBody(ctx.body);
      const fn = await loadFunction(ctx, functionRef(ctx));
      expectRevision(optionalString(body, "RevisionId"), latestRevision(fn));
      const sentSha = optionalString(body, "CodeSha256");
      if (sentSha !== undefined) {
        const current = configuration(ctx, fromLatest(fn)).CodeSha256;
        if (sentSha !== current) {
          throw invalidParameterValue(`CodeSHA256 (${sentSha}) is different from current CodeSHA256 in $LATEST (${String(current)}). Please try again with the CodeSHA256 in $LATEST.`);
        }
      }
      // $LATEST unchanged since the newest version: that version, not an identical new one (as Lambda does).
      const version = await orFunctionNotFound(ctx, { name: fn.name }, () =>
        publishFunction(ctx.db, fn.name, { description: optionalString(body, "Description") ?? fn.description, version: fn.version, reuseUnchanged: true }),
      );
      return { status: 201, body: configuration(ctx, await savedSource(ctx, fn.name, version)) };
    },
  },
  {
    name: "ListVersionsByFunction",
    service: "lambda",
    method: "GET",
    path: "/2015-03-31/functions/{FunctionName}/versions",
    permission: "read",
    async handler(ctx) {
      const fn = await loadFunction(ctx, functionRef(ctx));
      const page = lambdaPage(allSources(fn), ctx.query);
      return { body: { Versions: configurations(ctx, page.items), ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) } };
    },
  },
];

import { ZUpdateFunction, type TFunction } from "../../schemas/functions";
import { listFunctionVersions, publishFunction, updateFunction } from "../../services/functions";
import { invalidParameterValue } from "../errors";
import type { Operation, OperationContext } from "../operation";
import { asBody, environmentOf, expectRevision, lambdaServiceError, optionalNumber, optionalString, parseLambda, runtimeOf } from "./input";
import { allSources, loadFunction } from "./load";
import { functionRef, orFunctionNotFound } from "./names";
import { configuration, configurations, fromLatest, fromVersion, lambdaPage, rememberPackage, rememberRole, revisionId } from "./shapes";
import { decodeZipFile, readFunctionZip, requireHandlerFile } from "./zip";

/** UpdateFunctionCode, UpdateFunctionConfiguration, PublishVersion and ListVersionsByFunction. */

const latestRevision = (fn: TFunction) => revisionId(fromLatest(fn).revisionSeed);

/** Saves $LATEST through the console's service, with the version just read (a concurrent save answers 409 there). */
async function save(ctx: OperationContext, fn: TFunction, changes: Omit<Parameters<typeof updateFunction>[2], "version">): Promise<TFunction> {
  const input = parseLambda(ZUpdateFunction, { ...changes, version: fn.version });
  return orFunctionNotFound(ctx, { name: fn.name }, () => updateFunction(ctx.db, fn.name, input)).catch((err: unknown) => {
    throw lambdaServiceError(err, fn.name);
  });
}

/**
 * Publishes $LATEST; when $LATEST has not changed since the newest version,
 * answers that version instead of adding an identical one (as Lambda does).
 */
async function publish(ctx: OperationContext, fn: TFunction, description?: string) {
  const versions = await listFunctionVersions(ctx.db, fn.name);
  const newest = versions.sort((a, b) => b.number - a.number)[0];
  const same =
    newest &&
    newest.handler === fn.handler &&
    newest.timeoutSeconds === fn.timeoutSeconds &&
    newest.memoryMb === fn.memoryMb &&
    JSON.stringify(newest.files) === JSON.stringify(fn.files) &&
    JSON.stringify(newest.environment) === JSON.stringify(fn.environment);
  if (same) return fromVersion(fn, newest);
  const version = await orFunctionNotFound(ctx, { name: fn.name }, () => publishFunction(ctx.db, fn.name, { description: description ?? fn.description, version: fn.version }));
  return fromVersion(fn, version);
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
      if (body.DryRun === true) return { body: await configuration(ctx, fromLatest(fn)) };
      const saved = await save(ctx, fn, { files, language: "javascript" });
      await rememberPackage(ctx.db, files, zip);
      const source = body.Publish === true ? await publish(ctx, saved) : fromLatest(saved);
      return { body: await configuration(ctx, source) };
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
      const saved = await save(ctx, fn, {
        description: optionalString(body, "Description"),
        runtime: runtime === undefined ? undefined : runtimeOf(runtime),
        handler: optionalString(body, "Handler"),
        environment: environmentOf(body),
        timeoutSeconds: optionalNumber(body, "Timeout"),
        memoryMb: optionalNumber(body, "MemorySize"),
      });
      const role = optionalString(body, "Role");
      if (role) await rememberRole(ctx.db, fn.name, role);
      return { body: await configuration(ctx, fromLatest(saved)) };
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
        const current = (await configuration(ctx, fromLatest(fn))).CodeSha256;
        if (sentSha !== current) {
          throw invalidParameterValue(`CodeSHA256 (${sentSha}) is different from current CodeSHA256 in $LATEST (${String(current)}). Please try again with the CodeSHA256 in $LATEST.`);
        }
      }
      return { status: 201, body: await configuration(ctx, await publish(ctx, fn, optionalString(body, "Description"))) };
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
      const page = lambdaPage(await allSources(ctx, fn), ctx.query);
      return { body: { Versions: await configurations(ctx, page.items), ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) } };
    },
  },
];

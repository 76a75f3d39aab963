import type { TLambdaFunction } from "../../schemas/functions";
import { getLambdaFunction } from "../../services/functions-lambda";
import type { OperationContext } from "../operation";
import { functionNotFound, orFunctionNotFound, versionNumber, type FunctionRef } from "./names";
import { fromLatest, fromVersion, type ConfigSource } from "./shapes";

/** The function a request names, with its versions, role, tags and package; or ResourceNotFoundException with its ARN. */
export const loadFunction = (ctx: OperationContext, ref: FunctionRef): Promise<TLambdaFunction> =>
  orFunctionNotFound(ctx, { name: ref.name }, () => getLambdaFunction(ctx.db, ref.name));

/** The configuration a (possibly qualified) reference names: $LATEST or a published version. */
export async function loadSource(ctx: OperationContext, ref: FunctionRef): Promise<{ fn: TLambdaFunction; source: ConfigSource }> {
  const fn = await loadFunction(ctx, ref);
  const number = versionNumber(ctx, ref);
  if (number === null) return { fn, source: fromLatest(fn) };
  const version = fn.versions.find((v) => v.number === number);
  if (!version) throw functionNotFound(ctx, ref.name, ref.qualifier);
  return { fn, source: fromVersion(fn, version) };
}

/** After a change: $LATEST, or the version it published, read back as stored. */
export async function savedSource(ctx: OperationContext, name: string, published?: { number: number }): Promise<ConfigSource> {
  const { source } = await loadSource(ctx, { name, qualifier: published ? String(published.number) : undefined });
  return source;
}

/** Every version of a function, $LATEST first, then published versions oldest first (ListVersionsByFunction's order). */
export const allSources = (fn: TLambdaFunction): ConfigSource[] => [fromLatest(fn), ...fn.versions.map((v) => fromVersion(fn, v))];

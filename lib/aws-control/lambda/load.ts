import type { TFunction } from "../../schemas/functions";
import { getFunction, listFunctionVersions } from "../../services/functions";
import type { OperationContext } from "../operation";
import { functionNotFound, orFunctionNotFound, versionNumber, type FunctionRef } from "./names";
import { fromLatest, fromVersion, type ConfigSource } from "./shapes";

/** The function a request names ($LATEST), or ResourceNotFoundException with its ARN. */
export const loadFunction = (ctx: OperationContext, ref: FunctionRef): Promise<TFunction> =>
  orFunctionNotFound(ctx, { name: ref.name }, () => getFunction(ctx.db, ref.name));

/** The configuration a (possibly qualified) reference names: $LATEST or a published version. */
export async function loadSource(ctx: OperationContext, ref: FunctionRef): Promise<{ fn: TFunction; source: ConfigSource }> {
  const fn = await loadFunction(ctx, ref);
  const number = versionNumber(ctx, ref);
  if (number === null) return { fn, source: fromLatest(fn) };
  const version = (await listFunctionVersions(ctx.db, fn.name)).find((v) => v.number === number);
  if (!version) throw functionNotFound(ctx, ref.name, ref.qualifier);
  return { fn, source: fromVersion(fn, version) };
}

/** Every version of a function, $LATEST first, then published versions oldest first (ListVersionsByFunction's order). */
export async function allSources(ctx: OperationContext, fn: TFunction): Promise<ConfigSource[]> {
  const versions = await listFunctionVersions(ctx.db, fn.name);
  return [fromLatest(fn), ...versions.sort((a, b) => a.number - b.number).map((v) => fromVersion(fn, v))];
}

import { badRequestException } from "../errors";
import { pathSegments, unsupportedPatch, type PatchOperation } from "./shapes";

/**
 * Patch helpers for the method/integration family: a patch is applied to a
 * copy of the current object, and the result is written by one service call.
 */

/** The key under a map path, e.g. `/requestTemplates/application~1json` → `application/json`; null when `path` is not under `/<map>/`. */
export function mapKey(op: PatchOperation, map: string): string | null {
  const segments = pathSegments(op.path);
  if (segments[0] !== map || segments.length < 2) return null;
  // Lenient about an unescaped "/" inside the key (media types): AWS requires ~1, the CLI users often forget.
  const key = segments.slice(1).join("/");
  if (key === "") throw badRequestException(`Invalid patch path '${op.path}': a key is required after /${map}/`);
  return key;
}

/** The op's value, required for add/replace; BadRequestException naming the path. */
export function valueOf(op: PatchOperation): string {
  if (op.value === undefined) throw badRequestException(`Invalid patch operation: a value is required for ${op.op} ${op.path}`);
  return op.value;
}

/** add/replace/remove of one key in a string map. */
export function patchStringMap(target: Record<string, string>, key: string, op: PatchOperation): void {
  if (op.op === "remove") {
    if (!(key in target)) throw badRequestException(`Invalid patch path '${op.path}': nothing to remove`);
    delete target[key];
  } else if (op.op === "add" || op.op === "replace") target[key] = op.value ?? "";
  else throw unsupportedPatch(op);
}

/** add/replace/remove of one key in a boolean map (`"true"`/`"false"` values; add with no value means false, as AWS). */
export function patchBoolMap(target: Record<string, boolean>, key: string, op: PatchOperation): void {
  if (op.op === "remove") {
    if (!(key in target)) throw badRequestException(`Invalid patch path '${op.path}': nothing to remove`);
    delete target[key];
    return;
  }
  if (op.op !== "add" && op.op !== "replace") throw unsupportedPatch(op);
  if (op.value === undefined || op.value === "" || op.value === "false") target[key] = false;
  else if (op.value === "true") target[key] = true;
  else throw badRequestException(`Invalid value '${op.value}' for path ${op.path}: expected true or false`);
}

/** A scalar field: replace sets it (remove clears it when `nullable`). */
export function scalarOp(op: PatchOperation, nullable: boolean): string | null {
  if (op.op === "replace" || op.op === "add") return valueOf(op);
  if (op.op === "remove" && nullable) return null;
  throw unsupportedPatch(op);
}

/** A whole-number field. */
export function intValue(op: PatchOperation): number {
  const value = valueOf(op);
  if (!/^-?\d+$/.test(value)) throw badRequestException(`Invalid value '${value}' for path ${op.path}: expected an integer`);
  return Number(value);
}

/** A value from an enum, naming the allowed ones otherwise. */
export function enumValue<T extends string>(op: PatchOperation, allowed: readonly T[]): T {
  const value = valueOf(op);
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequestException(`Invalid value '${value}' for path ${op.path}: must be one of [${allowed.join(", ")}]`);
  }
  return value as T;
}

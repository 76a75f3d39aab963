import { badRequestException } from "../errors";

/** Wire helpers shared by the API Gateway operations. */

/** API Gateway's JSON timestamps are epoch seconds. */
export function epochSeconds(value: string | Date | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * One page of a collection, as AWS answers `GET /restapis?limit=…&position=…`:
 * `{ item: [...], position? }` (the SDK reads `item` into `items`). `position`
 * is opaque to clients; ours is the offset.
 */
export function page<T>(items: T[], query: URLSearchParams, defaultLimit = 25): { item: T[]; position?: string } {
  const rawLimit = query.get("limit");
  let limit = defaultLimit;
  if (rawLimit !== null) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badRequestException("Invalid limit: must be between 1 and 500.");
  }
  const rawPosition = query.get("position");
  let offset = 0;
  if (rawPosition !== null && rawPosition !== "") {
    const decoded = Buffer.from(rawPosition, "base64url").toString("utf8");
    offset = /^\d+$/.test(decoded) ? Number(decoded) : NaN;
    if (!Number.isInteger(offset)) throw badRequestException(`Invalid position: ${rawPosition}`);
  }
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(String(offset + limit)).toString("base64url") : undefined;
  return next ? { item: slice, position: next } : { item: slice };
}

export type PatchOp = "add" | "remove" | "replace" | "move" | "copy" | "test";

export interface PatchOperation {
  op: PatchOp;
  path: string;
  value?: string;
  from?: string;
}

const OPS = new Set<PatchOp>(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * `patchOperations` of an Update* body, checked: each needs `op` and a `path`
 * starting with `/`. Errors name the failing entry, as the issue asks.
 */
export function readPatchOperations(body: unknown): PatchOperation[] {
  const list = (body as { patchOperations?: unknown } | null)?.patchOperations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw badRequestException("patchOperations must be a list.");
  return list.map((raw, i) => {
    const entry = raw as Record<string, unknown> | null;
    if (!entry || typeof entry !== "object") throw badRequestException(`patchOperations[${i}] must be an object.`);
    const op = entry.op;
    if (typeof op !== "string" || !OPS.has(op as PatchOp)) throw badRequestException(`Invalid patch operation specified. Must be one of: [add, remove, move, test, replace, copy] (patchOperations[${i}].op: ${String(op)})`);
    const path = entry.path;
    if (typeof path !== "string" || !path.startsWith("/")) throw badRequestException(`Invalid patch path '${String(path)}' (patchOperations[${i}].path must start with /)`);
    if (entry.value !== undefined && typeof entry.value !== "string") throw badRequestException(`Invalid patch value for path ${path}: patch values are strings.`);
    if (entry.from !== undefined && typeof entry.from !== "string") throw badRequestException(`Invalid from for path ${path}.`);
    return { op: op as PatchOp, path, value: entry.value as string | undefined, from: entry.from as string | undefined };
  });
}

/** A patch path's segments, JSON-pointer unescaped (`~1` → `/`, `~0` → `~`). */
export const pathSegments = (path: string): string[] =>
  path
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

/** The error for a patch path an operation does not support, naming it. */
export const unsupportedPatch = (op: PatchOperation) => badRequestException(`Invalid patch path '${op.path}' specified for op '${op.op}'. Please choose supported operations`);

/** A required string field of a JSON body; BadRequestException naming it when absent. */
export function requiredString(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null)?.[field];
  if (typeof value !== "string" || value === "") throw badRequestException(`Invalid request: ${field} is required`);
  return value;
}

export const optionalString = (body: unknown, field: string): string | undefined => {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === "string" ? value : undefined;
};

/** `true`/`false` patch values. */
export function patchBool(op: PatchOperation): boolean {
  if (op.value === "true") return true;
  if (op.value === "false") return false;
  throw badRequestException(`Invalid value '${op.value}' for path ${op.path}: expected true or false`);
}

/** Parses `raw` with a service's zod schema; BadRequestException naming the first failing field. */
export function parseWith<S extends import("zod").ZodType>(schema: S, raw: unknown): import("zod").output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join(".") : "body";
  throw badRequestException(`Invalid request: ${field}: ${issue.message}`);
}

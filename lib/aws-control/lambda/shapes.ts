import { createHash } from "node:crypto";
import type { TCodePackage, TEnvironmentVariable, TLambdaFunction, TLambdaFunctionVersion } from "../../schemas/functions";
import { invalidParameterValue } from "../errors";
import type { OperationContext } from "../operation";
import { arnOf } from "./names";

/**
 * FunctionConfiguration as Lambda shapes it, from a function's $LATEST
 * or one of its published versions (lib/services/functions-lambda.ts).
 */

/** What every FunctionConfiguration is built from. */
export interface ConfigSource {
  name: string;
  /** "$LATEST" or "1", "2", … */
  version: string;
  description: string;
  runtime: string;
  role: string;
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, TEnvironmentVariable>;
  files: Record<string, string>;
  /** The .zip these files were uploaded as, if they were (null once the console changed them). */
  codePackage: TCodePackage | null;
  /** Size of the bundled code, when there is no uploaded zip. */
  codeSize: number;
  lastModified: string;
  /** What changes whenever the configuration or code does: the RevisionId is derived from it. */
  revisionSeed: string;
}

export const fromLatest = (fn: TLambdaFunction): ConfigSource => ({
  name: fn.name,
  version: "$LATEST",
  description: fn.description,
  runtime: fn.runtime,
  role: fn.role,
  handler: fn.handler,
  timeoutSeconds: fn.timeoutSeconds,
  memoryMb: fn.memoryMb,
  environment: fn.environment,
  files: fn.files,
  codePackage: fn.codePackage,
  codeSize: fn.codeSize,
  lastModified: fn.lastModified,
  revisionSeed: `${fn.name}:${fn.createdDate}:${fn.version}`,
});

/** A published version; the runtime and role are the function's (versions do not keep their own). */
export const fromVersion = (fn: TLambdaFunction, v: TLambdaFunctionVersion): ConfigSource => ({
  name: fn.name,
  version: String(v.number),
  description: v.description,
  runtime: fn.runtime,
  role: fn.role,
  handler: v.handler,
  timeoutSeconds: v.timeoutSeconds,
  memoryMb: v.memoryMb,
  environment: v.environment,
  files: v.files,
  codePackage: v.codePackage,
  codeSize: v.codeSize,
  lastModified: v.createdDate,
  revisionSeed: `${fn.name}:${fn.createdDate}:v${v.number}`,
});

/** Lambda's LastModified: `2026-11-27T04:40:00.000+0000`. */
export const lambdaTimestamp = (iso: string) => new Date(iso).toISOString().replace("Z", "+0000");

/** A stable UUID-shaped id from a seed: the same configuration always answers the same RevisionId. */
export function revisionId(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const zipSha256 = (zip: Uint8Array) => createHash("sha256").update(zip).digest("base64");

/** The package columns for an uploaded zip. */
export const packageOf = (zip: Uint8Array): TCodePackage => ({ sha256: zipSha256(zip), size: zip.length });

/**
 * CodeSha256 and CodeSize describe the zip a client uploaded (Terraform's
 * source_code_hash is compared with it). A function keeps source files, not
 * the zip: without an upload (console-made, or edited there since) it answers
 * the hash of its files and the size of its bundled code.
 */
function codeOf(s: ConfigSource): TCodePackage {
  if (s.codePackage) return s.codePackage;
  const canonical = JSON.stringify(Object.keys(s.files).sort().map((k) => [k, s.files[k]]));
  return { sha256: createHash("sha256").update(canonical).digest("base64"), size: s.codeSize };
}

/** A FunctionConfiguration. */
export function configuration(ctx: OperationContext, s: ConfigSource): Record<string, unknown> {
  const pkg = codeOf(s);
  const variables = Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, v.value]));
  return {
    FunctionName: s.name,
    FunctionArn: arnOf(ctx, s.name, s.version === "$LATEST" ? undefined : s.version),
    Runtime: s.runtime,
    // Gatehouse runs functions with no AWS identity; a function made without a role shows a placeholder.
    Role: s.role || `arn:aws:iam::${ctx.settings.accountId}:role/gatehouse-function`,
    Handler: s.handler,
    CodeSize: pkg.size,
    Description: s.description,
    Timeout: s.timeoutSeconds,
    MemorySize: s.memoryMb,
    LastModified: lambdaTimestamp(s.lastModified),
    CodeSha256: pkg.sha256,
    Version: s.version,
    ...(Object.keys(variables).length > 0 ? { Environment: { Variables: variables } } : {}),
    TracingConfig: { Mode: "PassThrough" },
    RevisionId: revisionId(s.revisionSeed),
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: ["x86_64"],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${s.name}` },
  };
}

/** FunctionConfiguration objects, in the order of `sources`. */
export const configurations = (ctx: OperationContext, sources: ConfigSource[]) => sources.map((s) => configuration(ctx, s));

/** Lambda's Marker/MaxItems paging: Marker is opaque to clients (ours is the offset). */
export function lambdaPage<T>(items: T[], query: URLSearchParams, max = 50): { items: T[]; nextMarker?: string } {
  const rawMax = query.get("MaxItems");
  let limit = max;
  if (rawMax !== null) {
    limit = Number(rawMax);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10000) throw invalidParameterValue(`MaxItems must be between 1 and 10000 (got ${rawMax}).`);
    limit = Math.min(limit, max);
  }
  const marker = query.get("Marker");
  const offset = marker ? Number(Buffer.from(marker, "base64url").toString("utf8")) : 0;
  const start = Number.isInteger(offset) && offset >= 0 ? offset : 0;
  const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString("base64url") : undefined;
  return next ? { items: items.slice(start, start + limit), nextMarker: next } : { items: items.slice(start, start + limit) };
}

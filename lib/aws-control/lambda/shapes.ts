import { createHash } from "node:crypto";
import type { Db } from "../../db";
import type { TEnvironmentVariable, TFunction, TFunctionVersion } from "../../schemas/functions";
import { invalidParameterValue } from "../errors";
import type { OperationContext } from "../operation";
import { arnOf } from "./names";

/**
 * FunctionConfiguration as Lambda shapes it, from a function's $LATEST
 * (TFunction) or one of its published versions (TFunctionVersion).
 */

/** What every FunctionConfiguration is built from. */
export interface ConfigSource {
  name: string;
  /** "$LATEST" or "1", "2", … */
  version: string;
  description: string;
  runtime: string;
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, TEnvironmentVariable>;
  files: Record<string, string>;
  /** Size of the bundled code, when no uploaded zip is remembered for these files. */
  codeSize: number;
  lastModified: string;
  /** What changes whenever the configuration or code does: the RevisionId is derived from it. */
  revisionSeed: string;
}

export const fromLatest = (fn: TFunction): ConfigSource => ({
  name: fn.name,
  version: "$LATEST",
  description: fn.description,
  runtime: fn.runtime,
  handler: fn.handler,
  timeoutSeconds: fn.timeoutSeconds,
  memoryMb: fn.memoryMb,
  environment: fn.environment,
  files: fn.files,
  codeSize: fn.codeSize,
  lastModified: fn.lastModified,
  revisionSeed: `${fn.name}:${fn.createdDate}:${fn.version}`,
});

/** A published version; the runtime is the function's (versions do not keep their own). */
export const fromVersion = (fn: TFunction, v: TFunctionVersion): ConfigSource => ({
  name: fn.name,
  version: String(v.number),
  description: v.description,
  runtime: fn.runtime,
  handler: v.handler,
  timeoutSeconds: v.timeoutSeconds,
  memoryMb: v.memoryMb,
  environment: v.environment,
  files: v.files,
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

/**
 * CodeSha256 and CodeSize describe the zip a client uploaded (Terraform's
 * source_code_hash is compared with it), but a function keeps source files,
 * not the zip. So each upload is remembered in SystemSetting under the hash of
 * the files it unpacked to: as long as a function (or version) holds exactly
 * those files it answers the zip's hash and size; once the console edits the
 * code it answers the hash of its files instead.
 */
const PACKAGE_KEY_PREFIX = "lambda.package.";

function filesKey(files: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(files).sort().map((k) => [k, files[k]]));
  return PACKAGE_KEY_PREFIX + createHash("sha256").update(canonical).digest("hex");
}

interface PackageInfo {
  sha256: string;
  size: number;
}

export const zipSha256 = (zip: Uint8Array) => createHash("sha256").update(zip).digest("base64");

export async function rememberPackage(db: Db, files: Record<string, string>, zip: Uint8Array): Promise<void> {
  const key = filesKey(files);
  const value = JSON.stringify({ sha256: zipSha256(zip), size: zip.length } satisfies PackageInfo);
  await db.systemSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

async function packages(db: Db, sources: ConfigSource[]): Promise<Map<string, PackageInfo>> {
  const keys = [...new Set(sources.map((s) => filesKey(s.files)))];
  const rows = await db.systemSetting.findMany({ where: { key: { in: keys } } });
  const out = new Map<string, PackageInfo>();
  for (const row of rows) {
    try {
      const info = JSON.parse(row.value) as PackageInfo;
      if (typeof info.sha256 === "string" && typeof info.size === "number") out.set(row.key, info);
    } catch {
      // A damaged entry: fall back to the files' own hash.
    }
  }
  return out;
}

/**
 * The execution role a client gave (CreateFunction's required Role). Gatehouse
 * runs functions with no AWS identity, but tools compare the role they sent
 * with the one they read back, so it is remembered per function name.
 */
const ROLE_KEY_PREFIX = "lambda.role.";

export async function rememberRole(db: Db, name: string, role: string): Promise<void> {
  const key = ROLE_KEY_PREFIX + name;
  await db.systemSetting.upsert({ where: { key }, create: { key, value: role }, update: { value: role } });
}

export async function forgetRole(db: Db, name: string): Promise<void> {
  await db.systemSetting.deleteMany({ where: { key: ROLE_KEY_PREFIX + name } });
}

async function roles(db: Db, sources: ConfigSource[]): Promise<Map<string, string>> {
  const rows = await db.systemSetting.findMany({ where: { key: { in: [...new Set(sources.map((s) => ROLE_KEY_PREFIX + s.name))] } } });
  return new Map(rows.map((r) => [r.key.slice(ROLE_KEY_PREFIX.length), r.value]));
}

/** FunctionConfiguration objects, in the order of `sources`. */
export async function configurations(ctx: OperationContext, sources: ConfigSource[]): Promise<Record<string, unknown>[]> {
  const [known, roleOf] = await Promise.all([packages(ctx.db, sources), roles(ctx.db, sources)]);
  return sources.map((s) => {
    const key = filesKey(s.files);
    const pkg = known.get(key) ?? { sha256: Buffer.from(key.slice(PACKAGE_KEY_PREFIX.length), "hex").toString("base64"), size: s.codeSize };
    const variables = Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, v.value]));
    return {
      FunctionName: s.name,
      FunctionArn: arnOf(ctx, s.name, s.version === "$LATEST" ? undefined : s.version),
      Runtime: s.runtime,
      Role: roleOf.get(s.name) ?? `arn:aws:iam::${ctx.settings.accountId}:role/gatehouse-function`,
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
  });
}

export async function configuration(ctx: OperationContext, source: ConfigSource): Promise<Record<string, unknown>> {
  return (await configurations(ctx, [source]))[0];
}

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

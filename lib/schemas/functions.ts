import { z } from "zod";
import { FILE_PATH_MESSAGE, FILE_PATH_PATTERN, FUNCTION_NAME_MESSAGE, FUNCTION_NAME_PATTERN } from "../functions/source";

/**
 * The functions part of the management API's contract (`/api/v1/functions`),
 * in the style of lib/schemas/management.ts: request bodies as zod schemas,
 * responses as types. Secret environment values never leave the server: they
 * come back as "••••••", and sending that mask back keeps the stored secret.
 *
 * Source problems (syntax or type errors) answer 400 validation-failed with
 * one problem per error: field `files.<path>`, message `<path>:<line>:<column>: <text>`.
 */

export const ZFunctionName = z.string().regex(FUNCTION_NAME_PATTERN, FUNCTION_NAME_MESSAGE);
export const ZFunctionLanguage = z.enum(["javascript", "typescript"]);
/** Every Node.js runtime name Lambda knows that our Node runtime can run; stored and shown as given. */
export const ZFunctionRuntime = z.enum(["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"]);
export type TFunctionRuntime = z.infer<typeof ZFunctionRuntime>;

export const ZFunctionFiles = z
  .record(z.string().regex(FILE_PATH_PATTERN, FILE_PATH_MESSAGE), z.string().max(1_000_000, "A file is at most 1 MB"))
  .refine((files) => Object.keys(files).length > 0, "A function needs at least one file")
  .refine((files) => Object.keys(files).length <= 100, "A function has at most 100 files");

export const ZEnvironmentVariable = z.object({ value: z.string().max(4096), secret: z.boolean().default(false) });
export const ZEnvironment = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,127}$/, "Variable names start with a letter and use letters, digits and _"), ZEnvironmentVariable)
  .refine((env) => Object.keys(env).length <= 100, "At most 100 variables");

const ZHandler = z.string().regex(/^[A-Za-z0-9_.\/-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/, "A handler is file.export, e.g. index.handler");
const ZTimeout = z.number().int("Whole seconds").min(1, "Timeout is 1–900 seconds").max(900, "Timeout is 1–900 seconds");
const ZMemory = z.number().int("Whole megabytes").min(128, "Memory is 128–3008 MB").max(3008, "Memory is 128–3008 MB");
const ZReserved = z.number().int().min(0, "Reserved concurrency is 0–1000").max(1000, "Reserved concurrency is 0–1000").nullable();

/**
 * What the Lambda API keeps with a function besides the console's fields (all
 * optional inputs here, so the console's requests are unchanged): the
 * execution role (AWS's Role, an IAM role ARN; shown, never assumed), tags,
 * and the .zip the code was uploaded as (AWS's CodeSha256/CodeSize).
 */
export const ZFunctionRole = z.string().max(2048, "A role is at most 2048 characters");
export const ZFunctionTags = z
  .record(
    z.string().min(1, "A tag key is 1–128 characters").max(128, "A tag key is 1–128 characters").refine((k) => !k.startsWith("aws:"), "Tag keys starting with aws: are reserved"),
    z.string().max(256, "A tag value is at most 256 characters"),
  )
  .refine((tags) => Object.keys(tags).length <= 50, "A function has at most 50 tags");
export const ZCodePackage = z.object({
  /** Base64 SHA-256 of the .zip, as AWS's CodeSha256. */
  sha256: z.string().min(1).max(128),
  size: z.number().int().min(0),
});
export type TCodePackage = z.infer<typeof ZCodePackage>;

export const ZCreateFunction = z.object({
  name: ZFunctionName,
  description: z.string().max(256).default(""),
  runtime: ZFunctionRuntime.default("nodejs20.x"),
  language: ZFunctionLanguage.default("typescript"),
  /** Default: a "hello" handler in the language (index.ts or index.js). */
  files: ZFunctionFiles.optional(),
  handler: ZHandler.default("index.handler"),
  environment: ZEnvironment.default({}),
  timeoutSeconds: ZTimeout.default(3),
  memoryMb: ZMemory.default(128),
  reservedConcurrency: ZReserved.optional(),
  role: ZFunctionRole.default(""),
  tags: ZFunctionTags.default({}),
  /** The .zip `files` were unpacked from. */
  codePackage: ZCodePackage.optional(),
  /** Also publish the new function as version 1, in the same transaction. */
  publish: z.boolean().default(false),
});

/** Saves $LATEST: every field optional but version. `environment` replaces the whole map. */
export const ZUpdateFunction = z.object({
  version: z.number().int().min(1),
  description: z.string().max(256).optional(),
  runtime: ZFunctionRuntime.optional(),
  language: ZFunctionLanguage.optional(),
  files: ZFunctionFiles.optional(),
  handler: ZHandler.optional(),
  environment: ZEnvironment.optional(),
  timeoutSeconds: ZTimeout.optional(),
  memoryMb: ZMemory.optional(),
  reservedConcurrency: ZReserved.optional(),
  role: ZFunctionRole.optional(),
  /** Replaces the whole map. */
  tags: ZFunctionTags.optional(),
  /** The .zip the new `files` were unpacked from; null forgets it. Omitted: kept while the files stay the same, forgotten when they change. */
  codePackage: ZCodePackage.nullable().optional(),
  /** Also publish $LATEST after saving, in the same transaction (as AWS's Publish: the newest version when nothing changed since it). */
  publish: z.boolean().optional(),
});

export const ZPublishFunction = z.object({
  description: z.string().max(256).default(""),
  /** Publish only if $LATEST is still this version (409 otherwise). */
  version: z.number().int().min(1).optional(),
  /** When $LATEST equals the newest version, answer that version instead of adding an identical one (AWS's PublishVersion). */
  reuseUnchanged: z.boolean().optional(),
});

/** Tag changes (Lambda TagResource/UntagResource): `set` is merged, then `remove` keys dropped. */
export const ZTagFunction = z.object({
  set: z.record(z.string(), z.string()).default({}),
  remove: z.array(z.string()).default([]),
});

export const ZInvokeFunction = z.object({
  event: z.unknown().default({}),
  /** "$LATEST" (default) or a published version number. */
  qualifier: z
    .string()
    .regex(/^(\$LATEST|[1-9]\d*)$/, "A qualifier is $LATEST or a version number")
    .optional(),
});

export const ZFunctionLogsQuery = z.object({
  requestId: z.string().max(128).optional(),
  since: z.iso.datetime({ message: "since is an ISO 8601 date-time" }).optional(),
  limit: z.coerce.number().int().min(1, "limit is 1–1000").max(1000, "limit is 1–1000").default(200),
});

export interface TEnvironmentVariable {
  /** The value, or "••••••" for a secret. */
  value: string;
  secret: boolean;
}

export interface TFunctionSummary {
  name: string;
  description: string;
  runtime: TFunctionRuntime;
  language: "javascript" | "typescript";
  handler: string;
  lastModified: string;
  /** How many versions were published. */
  publishedVersions: number;
  version: number;
}

export interface TFunction extends TFunctionSummary {
  files: Record<string, string>;
  environment: Record<string, TEnvironmentVariable>;
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency: number | null;
  /** Size of the bundled code $LATEST runs, in bytes. */
  codeSize: number;
  createdDate: string;
}

export interface TFunctionVersion {
  functionName: string;
  /** "1", "2", … as AWS's Version. */
  number: number;
  description: string;
  handler: string;
  files: Record<string, string>;
  environment: Record<string, TEnvironmentVariable>;
  timeoutSeconds: number;
  memoryMb: number;
  codeSize: number;
  createdDate: string;
}

/** A function as the Lambda API shows it: the console's view plus role, tags and the uploaded package, with every published version (oldest first). */
export interface TLambdaFunction extends TFunction {
  role: string;
  tags: Record<string, string>;
  codePackage: TCodePackage | null;
  versions: TLambdaFunctionVersion[];
}

export interface TLambdaFunctionVersion extends TFunctionVersion {
  codePackage: TCodePackage | null;
}

export interface TInvokeLog {
  time: string;
  level: string;
  message: string;
}

/** A test invocation's answer, as the gateway's runtime reports it. */
export interface TInvokeResult {
  ok: boolean;
  payload: unknown;
  errorMessage?: string;
  logs: TInvokeLog[];
  durationMs: number;
  billedDurationMs: number;
  peakMemoryMb: number;
  requestId: string;
}

export interface TFunctionLog {
  time: string;
  level: string;
  message: string;
  requestId: string;
  qualifier: string;
}

export interface TSourceProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A resource-based policy statement (Lambda AddPermission): recorded and shown; the gateway does not enforce it. */
export interface TFunctionPermission {
  statementId: string;
  action: string;
  principal: string;
  sourceArn: string | null;
  sourceAccount: string | null;
  /** "" for the unqualified function, else the version it applies to. */
  qualifier: string;
  createdBy: string;
  createdDate: string;
}

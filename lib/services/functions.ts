import type { z } from "zod";
import type { Db } from "../db";
import type { Function as FunctionRow, FunctionVersion as FunctionVersionRow } from "../generated/prisma/client";
import { AppError, type FieldProblem } from "../errors";
import { parseFunctionInvocationUri } from "../arn";
import { compileFunction } from "../functions/compile";
import { SECRET_MASK, type FunctionLanguage } from "../functions/source";
import { starterFiles } from "../functions/templates";
import { decryptSecret, encryptSecret } from "../secrets";
import { ZFunctionRuntime } from "../schemas/functions";
import type {
  TEnvironmentVariable,
  TFunction,
  TFunctionSummary,
  TCodePackage,
  TFunctionVersion,
  ZCreateFunction,
  ZPublishFunction,
  ZUpdateFunction,
} from "../schemas/functions";
import { notifyGateway } from "./deploy";
import { expectUpdated, expectVersion, invalid, iso, notFound, type Tx } from "./shared";

/** Stored form of Function.environment: secret values are ciphertext (lib/secrets.ts). */
type StoredEnvironment = Record<string, { value: string; secret: boolean }>;

function storedEnvironment(json: unknown): StoredEnvironment {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const out: StoredEnvironment = {};
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (v && typeof v === "object" && typeof (v as { value?: unknown }).value === "string") {
      out[name] = { value: (v as { value: string }).value, secret: (v as { secret?: unknown }).secret === true };
    }
  }
  return out;
}

function filesOf(json: unknown): Record<string, string> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** What the API shows: secrets masked. */
export function maskEnvironment(json: unknown): Record<string, TEnvironmentVariable> {
  return Object.fromEntries(Object.entries(storedEnvironment(json)).map(([k, v]) => [k, { value: v.secret ? SECRET_MASK : v.value, secret: v.secret }]));
}

/** The plain values a function runs with (secrets decrypted with GATEHOUSE_SECRET_KEY). */
export function plainEnvironment(json: unknown, secretKey = process.env.GATEHOUSE_SECRET_KEY): Record<string, string> {
  return Object.fromEntries(
    Object.entries(storedEnvironment(json)).map(([k, v]) => [k, v.secret ? decryptSecret(v.value, requireKey(secretKey)) : v.value]),
  );
}

function requireKey(secretKey: string | undefined): string {
  if (!secretKey) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: secret environment variables cannot be stored or read.");
  return secretKey;
}

/**
 * The environment to store from what a client sent: secrets encrypted; a
 * secret sent back as the mask keeps its stored ciphertext.
 */
function encryptEnvironment(sent: Record<string, { value: string; secret: boolean }>, previous: StoredEnvironment): StoredEnvironment {
  const problems: FieldProblem[] = [];
  const out: StoredEnvironment = {};
  for (const [name, v] of Object.entries(sent)) {
    if (v.value === SECRET_MASK) {
      const old = previous[name];
      if (old?.secret && v.secret) out[name] = old;
      else problems.push({ field: `environment.${name}`, message: old?.secret ? "Enter the value to make this variable non-secret" : "Enter a value" });
      continue;
    }
    out[name] = v.secret ? { value: encryptSecret(v.value, requireKey(process.env.GATEHOUSE_SECRET_KEY)), secret: true } : { value: v.value, secret: false };
  }
  if (problems.length > 0) throw invalid(problems);
  return out;
}

/** Files compared regardless of key order (jsonb reorders keys). */
const sameFiles = (a: Record<string, string>, b: Record<string, string>) => {
  const canonical = (f: Record<string, string>) => JSON.stringify(Object.keys(f).sort().map((k) => [k, f[k]]));
  return canonical(a) === canonical(b);
};

/** The package columns' values for a code package (null clears them). */
const packageColumns = (p: TCodePackage | null) => ({ packageSha256: p?.sha256 ?? null, packageSize: p?.size ?? null });

function summary(row: FunctionRow, publishedVersions: number): TFunctionSummary {
  return {
    name: row.name,
    description: row.description,
    runtime: ZFunctionRuntime.safeParse(row.runtime).data ?? "nodejs20.x",
    language: row.language === "typescript" ? "typescript" : "javascript",
    handler: row.handler,
    lastModified: iso(row.updatedAt),
    publishedVersions,
    version: row.version,
  };
}

export function present(row: FunctionRow, publishedVersions: number): TFunction {
  return {
    ...summary(row, publishedVersions),
    files: filesOf(row.files),
    environment: maskEnvironment(row.environment),
    timeoutSeconds: row.timeoutSeconds,
    memoryMb: row.memoryMb,
    reservedConcurrency: row.reservedConcurrency,
    codeSize: Buffer.byteLength(row.code),
    createdDate: iso(row.createdAt),
  };
}

export function presentVersion(functionName: string, row: FunctionVersionRow): TFunctionVersion {
  return {
    functionName,
    number: row.number,
    description: row.description,
    handler: row.handler,
    files: filesOf(row.files),
    environment: maskEnvironment(row.environment),
    timeoutSeconds: row.timeoutSeconds,
    memoryMb: row.memoryMb,
    codeSize: Buffer.byteLength(row.code),
    createdDate: iso(row.createdAt),
  };
}

async function requireFunction(tx: Tx | Db, name: string) {
  const row = await tx.function.findUnique({ where: { name } });
  if (!row) throw notFound(`Function ${name} does not exist.`);
  return row;
}

/** The function's row, locked until `tx` ends: what follows in `tx` works on its current state. */
export async function lockFunction(tx: Tx, name: string): Promise<FunctionRow> {
  await tx.$queryRaw`SELECT "id" FROM "Function" WHERE "name" = ${name} FOR UPDATE`;
  return requireFunction(tx, name);
}

/** Bundles (and type-checks) or throws 400 listing every problem with file:line:column; nothing is stored then. */
async function build(files: Record<string, string>, handler: string, language: FunctionLanguage): Promise<string> {
  const result = await compileFunction(files, handler, language);
  if (!result.ok) {
    const count = result.problems.length;
    throw new AppError(
      "validation-failed",
      `The code has ${count} problem${count === 1 ? "" : "s"}; nothing was saved: ${result.problems.map((p) => p.message).join("; ")}`,
      result.problems,
    );
  }
  return result.code;
}

export async function listFunctions(db: Db): Promise<TFunctionSummary[]> {
  const rows = await db.function.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { versions: true } } } });
  return rows.map((r) => summary(r, r._count.versions));
}

export async function getFunction(db: Db, name: string): Promise<TFunction> {
  const row = await requireFunction(db, name);
  return present(row, await db.functionVersion.count({ where: { functionId: row.id } }));
}

/** A save that also published answers the version it published (or the unchanged newest one) as `published`. */
export type TSavedFunction = TFunction & { published?: TFunctionVersion };

export async function createFunction(db: Db, input: z.output<typeof ZCreateFunction>): Promise<TSavedFunction> {
  const files = input.files ?? starterFiles(input.language);
  const code = await build(files, input.handler, input.language);
  const environment = encryptEnvironment(input.environment, {});
  return db.$transaction(async (tx) => {
    if (await tx.function.findUnique({ where: { name: input.name } })) {
      throw invalid([{ field: "name", message: `A function named ${input.name} already exists` }]);
    }
    const row = await tx.function.create({
      data: {
        name: input.name,
        description: input.description,
        runtime: input.runtime,
        language: input.language,
        handler: input.handler,
        files,
        code,
        environment,
        timeoutSeconds: input.timeoutSeconds,
        memoryMb: input.memoryMb,
        reservedConcurrency: input.reservedConcurrency ?? null,
        role: input.role,
        tags: input.tags,
        ...packageColumns(input.codePackage ?? null),
      },
    });
    const published = input.publish ? await publishIn(tx, row, { description: row.description }) : undefined;
    await notifyGateway(tx, { kind: "function", name: row.name });
    return published ? { ...present(row, 1), published: presentVersion(row.name, published) } : present(row, 0);
  });
}

/**
 * Saves $LATEST: rebuilds the code when files, handler or language change; 400 and nothing saved on any problem.
 * The uploaded package is forgotten when the files change without a new one (it no longer describes them).
 */
export async function updateFunction(db: Db, name: string, input: z.output<typeof ZUpdateFunction>): Promise<TSavedFunction> {
  const current = await requireFunction(db, name);
  expectVersion(`Function ${name}`, current.version, input.version);
  const files = input.files ?? filesOf(current.files);
  const handler = input.handler ?? current.handler;
  const language = (input.language ?? current.language) as FunctionLanguage;
  const rebuild = input.files !== undefined || input.handler !== undefined || input.language !== undefined;
  const code = rebuild ? await build(files, handler, language) : current.code;
  const environment = input.environment ? encryptEnvironment(input.environment, storedEnvironment(current.environment)) : undefined;
  const codePackage = input.codePackage !== undefined ? input.codePackage : input.files && !sameFiles(input.files, filesOf(current.files)) ? null : undefined;
  return db.$transaction(async (tx) => {
    const result = await tx.function.updateMany({
      where: { id: current.id, version: input.version },
      data: {
        description: input.description,
        runtime: input.runtime,
        language,
        handler,
        files,
        code,
        environment,
        timeoutSeconds: input.timeoutSeconds,
        memoryMb: input.memoryMb,
        reservedConcurrency: input.reservedConcurrency,
        role: input.role,
        tags: input.tags,
        ...(codePackage === undefined ? {} : packageColumns(codePackage)),
        version: { increment: 1 },
      },
    });
    expectUpdated(`Function ${name}`, result);
    const row = await tx.function.findUniqueOrThrow({ where: { id: current.id } });
    const published = input.publish ? await publishIn(tx, row, { description: row.description, reuseUnchanged: true }) : undefined;
    await notifyGateway(tx, { kind: "function", name });
    const saved = present(row, await tx.functionVersion.count({ where: { functionId: row.id } }));
    return published ? { ...saved, published: presentVersion(name, published) } : saved;
  });
}

/** Where a function is used: integrations in the edit tables and stages currently serving it. */
async function usesOf(tx: Tx, name: string): Promise<string[]> {
  const integrations = await tx.integration.findMany({
    where: { type: { in: ["AWS_PROXY", "AWS"] }, uri: { contains: `:function:${name}` } },
    include: { method: { include: { resource: { include: { restApi: true } } } } },
  });
  const uses = integrations
    .filter((i) => parseFunctionInvocationUri(i.uri)?.functionName === name)
    .map((i) => `${i.method.httpMethod} ${i.method.resource.path} in API ${i.method.resource.restApi.name} (${i.method.resource.restApiId})`);
  const stages = await tx.stage.findMany({ include: { deployment: true, restApi: true } });
  for (const stage of stages) {
    if (JSON.stringify(stage.deployment.snapshot).includes(`"functionName":${JSON.stringify(name)}`)) {
      uses.push(`stage ${stage.name} of API ${stage.restApi.name} (${stage.restApiId})`);
    }
  }
  return uses;
}

/** Deletes a function and its versions unless an integration or a deployed stage uses it (400 naming them). */
export async function deleteFunction(db: Db, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireFunction(tx, name);
    const uses = await usesOf(tx, name);
    if (uses.length > 0) {
      throw new AppError("bad-request", `Function ${name} is in use by ${uses.join("; ")}. Point those methods elsewhere (and deploy) first.`, [
        { field: "name", message: `In use by ${uses.join("; ")}` },
      ]);
    }
    await tx.function.delete({ where: { id: row.id } });
    await notifyGateway(tx, { kind: "function", name });
  });
}

export async function listFunctionVersions(db: Db, name: string): Promise<TFunctionVersion[]> {
  const row = await requireFunction(db, name);
  const versions = await db.functionVersion.findMany({ where: { functionId: row.id }, orderBy: { number: "desc" } });
  return versions.map((v) => presentVersion(name, v));
}

/**
 * Publishes `row` as version max+1, copying code, files, handler, environment, limits and package. The caller
 * holds the row's lock in `tx` (so `row` is current and two publishers cannot both pick max+1).
 * With reuseUnchanged, answers the newest version instead when it runs exactly what `row` does.
 */
async function publishIn(tx: Tx, row: FunctionRow, input: { description: string; reuseUnchanged?: boolean }): Promise<FunctionVersionRow> {
  const newest = await tx.functionVersion.findFirst({ where: { functionId: row.id }, orderBy: { number: "desc" } });
  if (input.reuseUnchanged && newest && runsTheSame(newest, row)) return newest;
  return tx.functionVersion.create({
    data: {
      functionId: row.id,
      number: (newest?.number ?? 0) + 1,
      description: input.description,
      handler: row.handler,
      files: row.files ?? {},
      code: row.code,
      environment: row.environment ?? {},
      timeoutSeconds: row.timeoutSeconds,
      memoryMb: row.memoryMb,
      packageSha256: row.packageSha256,
      packageSize: row.packageSize,
    },
  });
}

/** Both read back from jsonb, so equal maps serialize equally. */
const runsTheSame = (v: FunctionVersionRow, row: FunctionRow) =>
  v.handler === row.handler &&
  v.timeoutSeconds === row.timeoutSeconds &&
  v.memoryMb === row.memoryMb &&
  v.code === row.code &&
  JSON.stringify(v.files) === JSON.stringify(row.files) &&
  JSON.stringify(v.environment) === JSON.stringify(row.environment);

/** Publishes $LATEST as an immutable version numbered max+1 (copies code, files, handler, environment, limits). */
export async function publishFunction(db: Db, name: string, input: z.output<typeof ZPublishFunction>): Promise<TFunctionVersion> {
  return db.$transaction(async (tx) => {
    const row = await lockFunction(tx, name);
    if (input.version !== undefined) expectVersion(`Function ${name}`, row.version, input.version);
    const version = await publishIn(tx, row, { description: input.description, reuseUnchanged: input.reuseUnchanged });
    await notifyGateway(tx, { kind: "function", name });
    return presentVersion(name, version);
  });
}

/** True when `json` holds an object naming function `name` with `qualifier` (a deployment snapshot's integrations and authorizers). */
function namesVersion(json: unknown, name: string, qualifier: string): boolean {
  if (!json || typeof json !== "object") return false;
  if (Array.isArray(json)) return json.some((v) => namesVersion(v, name, qualifier));
  const obj = json as Record<string, unknown>;
  if (obj.functionName === name && obj.qualifier === qualifier) return true;
  return Object.values(obj).some((v) => namesVersion(v, name, qualifier));
}

/** Deletes one published version unless an integration or a deployed stage names it (400 naming them). For the Lambda API's DeleteFunction with a Qualifier. */
export async function deleteFunctionVersion(db: Db, name: string, number: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireFunction(tx, name);
    const version = await tx.functionVersion.findUnique({ where: { functionId_number: { functionId: row.id, number } } });
    if (!version) throw notFound(`Function ${name} has no version ${number}.`);
    const qualifier = String(number);
    const integrations = await tx.integration.findMany({
      where: { type: { in: ["AWS_PROXY", "AWS"] }, uri: { contains: `:function:${name}:${qualifier}` } },
      include: { method: { include: { resource: { include: { restApi: true } } } } },
    });
    const uses = integrations
      .filter((i) => parseFunctionInvocationUri(i.uri)?.qualifier === qualifier)
      .map((i) => `${i.method.httpMethod} ${i.method.resource.path} in API ${i.method.resource.restApi.name} (${i.method.resource.restApiId})`);
    const stages = await tx.stage.findMany({ include: { deployment: true, restApi: true } });
    for (const stage of stages) {
      if (namesVersion(stage.deployment.snapshot, name, qualifier)) uses.push(`stage ${stage.name} of API ${stage.restApi.name} (${stage.restApiId})`);
    }
    if (uses.length > 0) {
      throw new AppError("bad-request", `Version ${qualifier} of function ${name} is in use by ${uses.join("; ")}. Point those methods elsewhere (and deploy) first.`);
    }
    await tx.functionVersion.delete({ where: { id: version.id } });
    await notifyGateway(tx, { kind: "function", name });
  });
}

import type { Db } from "../db";
import { AppError } from "../errors";
import { parseFunctionInvocationUri, functionArnOfInvocationUri } from "../arn";
import { parseDocumentText } from "../openapi-io/parse";
import { normalizeDocument } from "../openapi-io/normalize";
import { summarize, type ApiDef, type ImportProblem, type ImportSummary, type ImportWarning } from "../openapi-io/types";
import { writeApiDef, type ImportMode } from "../openapi-io/write";
import type { TRestApi } from "../schemas/management";
import { getRestApi } from "./restapis";

/**
 * OpenAPI 3.0/3.1 and Swagger 2.0 import (Amazon's ImportRestApi / PutRestApi): the document is parsed,
 * normalized (lib/openapi-io/normalize.ts) and written in one transaction.
 */

export interface ImportOptions {
  mode: ImportMode;
  restApiId?: string;
  failOnWarnings?: boolean;
}

export interface PreparedImport {
  def: ApiDef | null;
  problems: ImportProblem[];
  warnings: ImportWarning[];
}

function invalidImport(problems: ImportProblem[]): AppError {
  const summary = problems
    .slice(0, 5)
    .map((p) => `${p.field || "(document)"}: ${p.message}`)
    .join("; ");
  return new AppError("validation-failed", `The document cannot be imported: ${summary}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`, problems);
}

/** Parses and checks the document; function URIs naming nothing in Gatehouse are warnings (deploy refuses them). */
export async function prepareImport(db: Db, text: string): Promise<PreparedImport> {
  const parsed = parseDocumentText(text);
  if ("problems" in parsed) return { def: null, problems: parsed.problems, warnings: [] };
  const { def, problems, warnings } = normalizeDocument(parsed.doc);
  if (problems.length > 0) return { def: null, problems, warnings };
  const uris = new Map<string, string>();
  for (const r of def.resources) {
    for (const m of r.methods) {
      const i = m.integration;
      if (i && (i.type === "AWS" || i.type === "AWS_PROXY")) uris.set(i.uri, `${r.path} ${m.httpMethod} integration`);
    }
  }
  for (const a of def.authorizers) if (a.authorizerUri) uris.set(a.authorizerUri, `authorizer ${a.name}`);
  if (uris.size > 0) {
    const names = [...uris.keys()].map((u) => parseFunctionInvocationUri(u)?.functionName).filter((n): n is string => !!n);
    const functions = new Set((await db.function.findMany({ where: { name: { in: names } }, select: { name: true } })).map((f) => f.name));
    const remotes = (await db.remoteFunction.findMany({ select: { functionArn: true } })).map((r) => r.functionArn);
    for (const [uri, where] of uris) {
      const name = parseFunctionInvocationUri(uri)?.functionName;
      const arn = functionArnOfInvocationUri(uri) ?? "";
      const remote = remotes.some((r) => arn === r || arn.startsWith(`${r}:`));
      if (name && !functions.has(name) && !remote) {
        warnings.push({ pointer: "", message: `${where}: no Gatehouse function named ${name} and no remote function for ${arn}; create one before deploying` });
      }
    }
  }
  return { def, problems: [], warnings };
}

export async function validateImport(db: Db, text: string): Promise<{ valid: boolean; problems: ImportProblem[]; warnings: ImportWarning[]; summary: ImportSummary | null; name: string | null }> {
  const { def, problems, warnings } = await prepareImport(db, text);
  return { valid: problems.length === 0, problems, warnings, summary: def ? summarize(def) : null, name: def?.name ?? null };
}

export async function importApi(db: Db, text: string, options: ImportOptions): Promise<{ restApi: TRestApi; warnings: ImportWarning[] }> {
  const { def, problems, warnings } = await prepareImport(db, text);
  if (!def || problems.length > 0) throw invalidImport(problems);
  if (options.failOnWarnings && warnings.length > 0) throw invalidImport(warnings.map((w) => ({ field: w.pointer, message: `Warning (failOnWarnings): ${w.message}` })));
  if (options.mode !== "create" && !options.restApiId) throw invalidImport([{ field: "restApiId", message: `restApiId is required for mode=${options.mode}` }]);
  const id = await db.$transaction(async (tx) => writeApiDef(tx, def, options.mode, options.restApiId), { timeout: 60_000, maxWait: 10_000 });
  return { restApi: await getRestApi(db, id), warnings };
}

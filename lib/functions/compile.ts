import type { FieldProblem } from "../errors";
import { bundleFunction, type SourceProblem } from "./bundle";
import { handlerFile, type FunctionLanguage } from "./source";
import { typecheckFunction } from "./typecheck";

export type CompileResult = { ok: true; code: string } | { ok: false; problems: FieldProblem[]; sourceProblems: SourceProblem[] };

/** `index.ts:4:9: Type 'string' is not assignable…` under field `files.index.ts`. */
export function toFieldProblem(p: SourceProblem): FieldProblem {
  return { field: p.file ? `files.${p.file}` : "files", message: `${p.file || "(code)"}:${p.line}:${p.column}: ${p.message}` };
}

/**
 * Checks and builds a function: the handler's file must exist, the files must
 * bundle (syntax, relative imports, no npm modules) and, for TypeScript,
 * type-check. Returns the code the gateway runs, or every problem.
 */
export async function compileFunction(files: Record<string, string>, handler: string, language: FunctionLanguage): Promise<CompileResult> {
  const entry = handlerFile(handler, files, language);
  if (!entry) {
    const base = handler.replace(/\.[^.]*$/, "");
    const exts = language === "typescript" ? ".ts or .js" : ".js";
    return {
      ok: false,
      problems: [{ field: "handler", message: `The handler ${handler} needs a file ${base}${exts === ".js" ? ".js" : ".ts (or .js)"}; there is none` }],
      sourceProblems: [],
    };
  }
  const bundled = await bundleFunction(files, entry);
  if (!bundled.ok) return { ok: false, problems: bundled.problems.map(toFieldProblem), sourceProblems: bundled.problems };
  if (language === "typescript") {
    const typeProblems = typecheckFunction(files);
    if (typeProblems.length > 0) return { ok: false, problems: typeProblems.map(toFieldProblem), sourceProblems: typeProblems };
  }
  return { ok: true, code: bundled.code };
}

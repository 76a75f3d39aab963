import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { SourceProblem } from "./bundle";
import { LAMBDA_TYPES, LAMBDA_TYPES_FILE } from "./lambda-types";

const ROOT = "/fn/";
const LIB = "lib.es2022.d.ts";

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  esModuleInterop: true,
  allowJs: false,
  resolveJsonModule: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  types: [],
  lib: [LIB],
};

// The standard library's declaration files parse once per process (they are large and never change).
const libCache = new Map<string, ts.SourceFile>();
const libDir = path.dirname(ts.getDefaultLibFilePath(OPTIONS));

function libSource(fileName: string): ts.SourceFile | undefined {
  const cached = libCache.get(fileName);
  if (cached) return cached;
  const full = path.join(libDir, path.basename(fileName));
  if (!fs.existsSync(full)) return undefined;
  const source = ts.createSourceFile(fileName, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
  libCache.set(fileName, source);
  return source;
}

/**
 * Type-checks a TypeScript function's files with the compiler API over an
 * in-memory host (the files, the Lambda declarations, ES2022's library; no
 * node_modules). Problems come back with 1-based line and column.
 */
export function typecheckFunction(files: Record<string, string>): SourceProblem[] {
  const memory = new Map<string, string>();
  for (const [name, content] of Object.entries(files)) memory.set(ROOT + name, content);
  memory.set(ROOT + LAMBDA_TYPES_FILE, LAMBDA_TYPES);
  const roots = [...memory.keys()].filter((f) => /\.[cm]?ts$/.test(f));

  const host: ts.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      const text = memory.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      if (fileName.startsWith(libDir) || /^lib\..*\.d\.ts$/.test(path.basename(fileName))) return libSource(path.join(libDir, path.basename(fileName)));
      return undefined;
    },
    getDefaultLibFileName: () => path.join(libDir, LIB),
    getDefaultLibLocation: () => libDir,
    writeFile: () => {},
    getCurrentDirectory: () => ROOT,
    getDirectories: () => [],
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => memory.has(f) || (f.startsWith(libDir) && fs.existsSync(f)),
    readFile: (f) => memory.get(f) ?? (f.startsWith(libDir) && fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined),
    directoryExists: (d) => d === ROOT.slice(0, -1) || [...memory.keys()].some((f) => f.startsWith(d.endsWith("/") ? d : `${d}/`)),
  };

  const program = ts.createProgram({ rootNames: roots, options: OPTIONS, host });
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()];
  return diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file || d.start === undefined) return { file: "", line: 1, column: 1, message, severity: "error" as const };
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return { file: d.file.fileName.replace(ROOT, ""), line: line + 1, column: character + 1, message, severity: "error" as const };
    });
}

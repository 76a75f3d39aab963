/**
 * Function source rules shared by the services and the console: names,
 * file paths and handlers as AWS Lambda spells them.
 */

export const FUNCTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const FUNCTION_NAME_MESSAGE = "Function names are 1–64 letters, digits, - or _";

export type FunctionLanguage = "javascript" | "typescript";

/** Relative file paths: segments of letters, digits, . _ -, no "..", ending in .js/.ts/.mjs/.cjs/.mts/.cts/.json/.d.ts. */
export const FILE_PATH_PATTERN = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\.(?:[cm]?[jt]s|json)$/;
export const FILE_PATH_MESSAGE = "File paths are relative (a/b.ts), use letters, digits, . _ - and end in .ts, .js or .json";

/** `index.handler` → { module: "index", exportName: "handler" }; null when it is not `path.export`. */
export function parseHandler(handler: string): { module: string; exportName: string } | null {
  const m = /^([A-Za-z0-9_.\/-]+)\.([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(handler);
  if (!m || m[1].startsWith("/") || m[1].split("/").includes("..")) return null;
  return { module: m[1], exportName: m[2] };
}

const EXTENSIONS: Record<FunctionLanguage, string[]> = {
  typescript: [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"],
  javascript: [".js", ".mjs", ".cjs"],
};

/** The file a handler names among `files` (index.handler → index.ts or index.js), or null. */
export function handlerFile(handler: string, files: Record<string, string>, language: FunctionLanguage): string | null {
  const parsed = parseHandler(handler);
  if (!parsed) return null;
  for (const ext of EXTENSIONS[language]) {
    if (Object.hasOwn(files, parsed.module + ext)) return parsed.module + ext;
  }
  return null;
}

export const SECRET_MASK = "••••••";

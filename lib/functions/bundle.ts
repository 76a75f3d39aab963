import path from "node:path";
import { build, type Message, type Plugin } from "esbuild";

/** One problem in a function's source, as the editor shows it (1-based line and column). */
export interface SourceProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
}

export type BundleResult = { ok: true; code: string } | { ok: false; problems: SourceProblem[] };

const NAMESPACE = "gatehouse-files";
const RESOLVE_EXTENSIONS = ["", ".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json", "/index.ts", "/index.js"];

/** Serves `files` to esbuild from memory; relative imports resolve among them, anything else is refused. */
function filesPlugin(files: Record<string, string>): Plugin {
  return {
    name: "gatehouse-files",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: args.path, namespace: NAMESPACE };
        if (args.path.startsWith("node:")) return { path: args.path, external: true };
        if (!args.path.startsWith("./") && !args.path.startsWith("../")) {
          return {
            errors: [
              {
                text: `Cannot import "${args.path}": modules are not available to functions; import only your own files with a relative path (./file)`,
              },
            ],
          };
        }
        const base = path.posix.normalize(path.posix.join(path.posix.dirname(args.importer), args.path));
        const found = RESOLVE_EXTENSIONS.map((ext) => base + ext).find((candidate) => Object.hasOwn(files, candidate));
        if (!found) return { errors: [{ text: `Cannot find file "${args.path}" (imported from ${args.importer})` }] };
        return { path: found, namespace: NAMESPACE };
      });
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const ext = path.posix.extname(args.path);
        const loader = ext === ".json" ? "json" : [".ts", ".mts", ".cts"].includes(ext) ? "ts" : "js";
        return { contents: files[args.path], loader, resolveDir: "/" };
      });
    },
  };
}

function toProblem(m: Message, severity: "error" | "warning"): SourceProblem {
  return {
    file: (m.location?.file ?? "").replace(`${NAMESPACE}:`, ""),
    line: m.location?.line ?? 1,
    // esbuild's columns are 0-based.
    column: (m.location?.column ?? 0) + 1,
    message: m.text,
    severity,
  };
}

/**
 * Bundles `files` from `entry` into one CommonJS script for Node 20, as the
 * gateway runs it (module.exports.<handler>). Syntax errors, missing files and
 * npm imports come back as problems with file:line:column.
 */
export async function bundleFunction(files: Record<string, string>, entry: string): Promise<BundleResult> {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      sourcemap: false,
      plugins: [filesPlugin(files)],
    });
    const out = result.outputFiles[0]?.text ?? "";
    return { ok: true, code: out };
  } catch (err) {
    const failure = err as { errors?: Message[] };
    if (!failure.errors) throw err;
    return { ok: false, problems: failure.errors.map((m) => toProblem(m, "error")) };
  }
}

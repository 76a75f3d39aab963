import { unzipSync } from "fflate";
import { FILE_PATH_PATTERN, handlerFile, parseHandler } from "../../functions/source";
import { invalidParameterValue } from "../errors";

/**
 * Reads a Lambda deployment package (Code.ZipFile) into the source files a
 * Gatehouse function keeps: the text files whose paths the function editor
 * accepts. Gatehouse bundles JavaScript itself and refuses npm imports, so
 * node_modules/, macOS metadata and other non-source entries are skipped
 * (listed in `skipped`) rather than refusing the whole package.
 */

/** Lambda's limit on the unzipped package; also what we are willing to inflate in memory. */
const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;
/** The function editor's per-file limit (lib/schemas/functions.ts ZFunctionFiles). */
const MAX_FILE_BYTES = 1_000_000;

export interface FunctionPackage {
  files: Record<string, string>;
  /** Entries left out: directories excepted, everything that is not a source file we keep. */
  skipped: string[];
}

const UNZIP_MESSAGE = "Could not unzip uploaded file. Please check your file, then try to upload again.";

const isSkippedTree = (name: string) => name.startsWith("__MACOSX/") || name.split("/").includes("node_modules");

/** Decodes Code.ZipFile as the JSON carries it (base64); InvalidParameterValueException when it is not. */
export function decodeZipFile(value: unknown): Buffer {
  if (typeof value !== "string" || value === "") throw invalidParameterValue("Code.ZipFile is required: the function's code as a base64-encoded zip file.");
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(value)) throw invalidParameterValue(UNZIP_MESSAGE);
  return Buffer.from(value, "base64");
}

/** The package's source files; InvalidParameterValueException for anything that is not a readable zip. */
export function readFunctionZip(zip: Uint8Array): FunctionPackage {
  const skipped: string[] = [];
  const tooLarge: string[] = [];
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter(file) {
        const name = file.name.replace(/^\.\//, "");
        if (name.endsWith("/")) return false;
        if (isSkippedTree(name) || !FILE_PATH_PATTERN.test(name)) {
          skipped.push(name);
          return false;
        }
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new Error("unzipped size over the limit");
        if (file.originalSize > MAX_FILE_BYTES) {
          tooLarge.push(name);
          return false;
        }
        return true;
      },
    });
  } catch {
    throw invalidParameterValue(UNZIP_MESSAGE);
  }
  if (tooLarge.length > 0) throw invalidParameterValue(`Gatehouse keeps source files of at most 1 MB each; the package's ${tooLarge.join(", ")} ${tooLarge.length === 1 ? "is" : "are"} larger.`);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const files: Record<string, string> = {};
  for (const [rawName, bytes] of Object.entries(entries)) {
    const name = rawName.replace(/^\.\//, "");
    try {
      files[name] = decoder.decode(bytes);
    } catch {
      // Not UTF-8 text: nothing the bundler could read either.
      skipped.push(name);
    }
  }
  return { files, skipped: skipped.sort() };
}

/**
 * The file `handler` runs from (index.handler → index.js, index.mjs or
 * index.cjs; src/app.handler → src/app.js …), or InvalidParameterValueException
 * naming the file the package lacks.
 */
export function requireHandlerFile(handler: string, files: Record<string, string>): string {
  const parsed = parseHandler(handler);
  if (!parsed) throw invalidParameterValue(`The handler ${handler} is not valid: write it as file.export, e.g. index.handler.`);
  const found = handlerFile(handler, files, "javascript");
  if (found) return found;
  const base = parsed.module;
  const present = Object.keys(files).sort();
  throw invalidParameterValue(
    `The handler ${handler} needs the file ${base}.js, ${base}.mjs or ${base}.cjs in the zip file; it has ${present.length > 0 ? present.slice(0, 20).join(", ") : "no source files"}.`,
  );
}

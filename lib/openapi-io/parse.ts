import { parse as parseYaml } from "yaml";
import type { ImportProblem } from "./types";

export const MAX_DOCUMENT_BYTES = 6 * 1024 * 1024;

/** JSON or YAML text → a plain object, or the problems (size, syntax, not an object). */
export function parseDocumentText(text: string): { doc: Record<string, unknown> } | { problems: ImportProblem[] } {
  if (Buffer.byteLength(text, "utf8") > MAX_DOCUMENT_BYTES) {
    return { problems: [{ field: "", message: "The document is larger than 6 MB (Amazon API Gateway's import limit)" }] };
  }
  if (text.trim() === "") return { problems: [{ field: "", message: "The document is empty" }] };
  let value: unknown;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { problems: [{ field: "", message: `Not valid JSON: ${(err as Error).message}` }] };
    }
  } else {
    try {
      value = parseYaml(text, { maxAliasCount: 1000 });
    } catch (err) {
      return { problems: [{ field: "", message: `Not valid YAML: ${(err as Error).message.split("\n")[0]}` }] };
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { problems: [{ field: "", message: "The document must be an OpenAPI 3 or Swagger 2.0 object" }] };
  }
  return { doc: value as Record<string, unknown> };
}

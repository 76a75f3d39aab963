import { MAX_DOCUMENT_BYTES } from "./parse";
import { invalid } from "../services/shared";

/** The import body: the document as text (JSON, YAML, text/plain), or JSON `{document: "…"}`. */
export async function readImportBody(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_DOCUMENT_BYTES + 1024) throw invalid([{ field: "", message: "The document is larger than 6 MB (Amazon API Gateway's import limit)" }]);
  const text = await req.text();
  if (Buffer.byteLength(text, "utf8") > MAX_DOCUMENT_BYTES + 1024) throw invalid([{ field: "", message: "The document is larger than 6 MB (Amazon API Gateway's import limit)" }]);
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("json") && text.trimStart().startsWith("{")) {
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length === 1 && keys[0] === "document") {
          const doc = (value as { document: unknown }).document;
          if (typeof doc !== "string") throw invalid([{ field: "document", message: "The document as a string (JSON or YAML text)" }]);
          return doc;
        }
      }
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  return text;
}

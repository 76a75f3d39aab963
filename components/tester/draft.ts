import type { TSavedRequest } from "@/lib/schemas/tester";
import { recordFromRows, rowsFromRecord, type Row } from "../ui/key-value-rows";

/** What the request editor holds (rows keep their order and blanks while editing). */
export interface TesterDraft {
  pathParameters: Row[];
  query: Row[];
  headers: Row[];
  body: string;
  stageVariables: Row[];
}

/** `{id}` and `{proxy+}` names of a resource path. */
export function pathParamNames(resourcePath: string): string[] {
  return [...resourcePath.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
}

export function emptyDraft(resourcePath = "/"): TesterDraft {
  return {
    pathParameters: pathParamNames(resourcePath).map((key) => ({ key, value: "" })),
    query: [],
    headers: [{ key: "Content-Type", value: "application/json" }],
    body: "",
    stageVariables: [],
  };
}

export function draftFromSaved(saved: TSavedRequest, resourcePath?: string): TesterDraft {
  const names = resourcePath ? pathParamNames(resourcePath) : [];
  const params = { ...Object.fromEntries(names.map((n) => [n, ""])), ...saved.pathParameters };
  return {
    pathParameters: rowsFromRecord(params),
    query: rowsFromRecord(saved.query),
    headers: rowsFromRecord(saved.headers),
    body: saved.body ?? "",
    stageVariables: rowsFromRecord(saved.stageVariables),
  };
}

/** `/pets/{id}` with the draft's values (missing ones left as `{id}`). */
export function filledPath(resourcePath: string, params: Record<string, string>): string {
  return resourcePath.replace(/\{([^}+]+)\+?\}/g, (whole, name: string) => {
    const value = params[name];
    if (!value) return whole;
    return whole.endsWith("+}") ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}

export function savedFromDraft(draft: TesterDraft, resourcePath: string, extra: Partial<TSavedRequest> = {}): TSavedRequest {
  const pathParameters = recordFromRows(draft.pathParameters);
  return {
    path: filledPath(resourcePath, pathParameters),
    pathParameters,
    query: recordFromRows(draft.query),
    headers: recordFromRows(draft.headers),
    body: draft.body === "" ? null : draft.body,
    stageVariables: recordFromRows(draft.stageVariables),
    apiKey: null,
    bearerTokenHint: null,
    ...extra,
  };
}

/** Whether the body is meant to be JSON (by its Content-Type, or none given and it looks like JSON). */
export function bodyIsJson(draft: TesterDraft): boolean {
  const type = draft.headers.find((h) => h.key.trim().toLowerCase() === "content-type")?.value ?? "";
  if (type) return /json/i.test(type);
  return /^\s*[[{]/.test(draft.body);
}

/** The JSON problem of a body, or null when it parses (or is empty or not JSON at all). */
export function jsonProblem(body: string): string | null {
  if (body.trim() === "") return null;
  try {
    JSON.parse(body);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Pretty JSON, or indented XML, or null when the text is neither. */
export function prettyBody(text: string, contentType: string): { kind: "json" | "xml"; text: string } | null {
  const trimmed = text.trim();
  if (/json/i.test(contentType) || /^[[{]/.test(trimmed)) {
    try {
      return { kind: "json", text: JSON.stringify(JSON.parse(trimmed), null, 2) };
    } catch {
      // not JSON after all
    }
  }
  if (/xml|html/i.test(contentType) || /^<[?!A-Za-z]/.test(trimmed)) return { kind: "xml", text: indentXml(trimmed) };
  return null;
}

/** Puts each tag on its own line, indented by depth (text content stays with its tag). */
export function indentXml(xml: string): string {
  const tokens = xml.replace(/>\s*</g, "><").split(/(?=<)|(?<=>)/).filter((t) => t.trim() !== "");
  let depth = 0;
  const lines: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (/^<\//.test(token)) {
      depth = Math.max(0, depth - 1);
      lines.push(`${"  ".repeat(depth)}${token}`);
    } else if (/^<[^!?][^>]*[^/]>$/.test(token) || /^<[A-Za-z]>$/.test(token)) {
      // <a>text</a> on one line
      if (tokens[i + 1] && !tokens[i + 1].startsWith("<") && tokens[i + 2]?.startsWith("</")) {
        lines.push(`${"  ".repeat(depth)}${token}${tokens[i + 1]}${tokens[i + 2]}`);
        i += 2;
      } else {
        lines.push(`${"  ".repeat(depth)}${token}`);
        depth++;
      }
    } else lines.push(`${"  ".repeat(depth)}${token}`);
  }
  return lines.join("\n");
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

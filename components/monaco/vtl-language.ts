"use client";

// Loaded only in the browser, with the editors (Monaco touches `window` on import).
// The `vtl` language of mapping templates: highlighting (Monarch) and completion of
// API Gateway's variables. Registered once, however many editors import it.
import { monaco } from "./setup";

export const VTL_LANGUAGE = "vtl";

/** `$context.*` as API Gateway documents it for mapping templates. */
const CONTEXT_VARIABLES = [
  "accountId",
  "apiId",
  "authorizer.claims.property",
  "authorizer.principalId",
  "authorizer.property",
  "awsEndpointRequestId",
  "deploymentId",
  "domainName",
  "domainPrefix",
  "error.message",
  "error.messageString",
  "error.responseType",
  "error.validationErrorString",
  "extendedRequestId",
  "httpMethod",
  "identity.accountId",
  "identity.apiKey",
  "identity.apiKeyId",
  "identity.caller",
  "identity.sourceIp",
  "identity.user",
  "identity.userAgent",
  "identity.userArn",
  "isCanaryRequest",
  "path",
  "protocol",
  "requestId",
  "requestOverride.header.X",
  "requestOverride.path.name",
  "requestOverride.querystring.name",
  "responseOverride.header.X",
  "responseOverride.status",
  "requestTime",
  "requestTimeEpoch",
  "resourceId",
  "resourcePath",
  "stage",
];

interface Member {
  label: string;
  /** Text inserted (a snippet when it has `${1:…}` placeholders). */
  insert?: string;
  snippet?: boolean;
  detail: string;
  kind: "variable" | "method" | "property";
}

const ROOTS: Member[] = [
  { label: "input", detail: "The method request: body, JSON paths, parameters", kind: "variable" },
  { label: "util", detail: "Escaping, JSON and base64 helpers", kind: "variable" },
  { label: "context", detail: "Request context: ids, identity, stage, overrides", kind: "variable" },
  { label: "stageVariables", detail: "The stage's variables ($stageVariables.name)", kind: "variable" },
  { label: "foreach", detail: "Inside #foreach: $foreach.hasNext, $foreach.index, $foreach.count", kind: "variable" },
];

const MEMBERS: Record<string, Member[]> = {
  input: [
    { label: "body", detail: "The raw payload as a string", kind: "property" },
    { label: "json('$')", insert: "json('\\$${1}')", snippet: true, detail: "A JSON path evaluated to a JSON string", kind: "method" },
    { label: "path('$')", insert: "path('\\$${1}')", snippet: true, detail: "A JSON path evaluated to an object", kind: "method" },
    { label: "params()", insert: "params()", detail: "Every path, querystring and header parameter", kind: "method" },
    { label: "params('name')", insert: "params('${1:name}')", snippet: true, detail: "One parameter: path, then querystring, then header", kind: "method" },
  ],
  util: [
    { label: "escapeJavaScript()", insert: "escapeJavaScript(${1})", snippet: true, detail: "Escapes a string for a JSON/JavaScript string", kind: "method" },
    { label: "parseJson()", insert: "parseJson(${1})", snippet: true, detail: "Parses a JSON string into an object", kind: "method" },
    { label: "urlEncode()", insert: "urlEncode(${1})", snippet: true, detail: "application/x-www-form-urlencoded encoding", kind: "method" },
    { label: "urlDecode()", insert: "urlDecode(${1})", snippet: true, detail: "Decodes application/x-www-form-urlencoded", kind: "method" },
    { label: "base64Encode()", insert: "base64Encode(${1})", snippet: true, detail: "Base64-encodes a string", kind: "method" },
    { label: "base64Decode()", insert: "base64Decode(${1})", snippet: true, detail: "Decodes a base64 string", kind: "method" },
  ],
  foreach: [
    { label: "hasNext", detail: "True before the last iteration", kind: "property" },
    { label: "index", detail: "0-based index of the iteration", kind: "property" },
    { label: "count", detail: "1-based count of the iteration", kind: "property" },
  ],
};

// $context.a.b → nested members from the dotted list.
for (const dotted of CONTEXT_VARIABLES) {
  const parts = dotted.split(".");
  for (let i = 0; i < parts.length; i++) {
    const parent = ["context", ...parts.slice(0, i)].join(".");
    const list = (MEMBERS[parent] ??= []);
    if (list.some((m) => m.label === parts[i])) continue;
    const leaf = i === parts.length - 1;
    list.push({ label: parts[i], detail: leaf ? `$context.${dotted}` : `$context.${parts.slice(0, i + 1).join(".")}.…`, kind: "property" });
  }
}

const language: monaco.languages.IMonarchLanguage = {
  defaultToken: "",
  tokenPostfix: ".vtl",
  directives: ["if", "elseif", "else", "end", "foreach", "set", "break", "macro", "stop", "define", "evaluate", "parse", "include"],
  brackets: [
    { open: "{", close: "}", token: "delimiter.curly" },
    { open: "[", close: "]", token: "delimiter.square" },
    { open: "(", close: ")", token: "delimiter.parenthesis" },
  ],
  tokenizer: {
    root: [
      [/##.*$/, "comment"],
      [/#\*/, "comment", "@blockComment"],
      [/#\[\[/, "string", "@unparsed"],
      [/#\{?([a-zA-Z]+)\}?/, { cases: { "$1@directives": "keyword", "@default": "" } }],
      { include: "@reference" },
      [/"/, "string", "@doubleString"],
      [/'/, "string", "@singleString"],
      [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, "number"],
      [/\b(true|false|null)\b/, "keyword.constant"],
      [/\b(and|or|not|eq|ne|lt|gt|le|ge|in)\b/, "operator"],
      [/[{}()[\]]/, "@brackets"],
      [/==|!=|<=|>=|&&|\|\||[=<>!+\-*/%]/, "operator"],
      [/[,:;.]/, "delimiter"],
    ],
    reference: [
      // $!{a.b}, ${a.b}, $a.b.c (method calls' parentheses and arguments are tokenized by root)
      [/\$!?\{[a-zA-Z_][\w-]*(\.[a-zA-Z_][\w-]*)*\}/, "variable"],
      [/\$!?[a-zA-Z_][\w-]*(\.[a-zA-Z_][\w-]*)*/, "variable"],
    ],
    blockComment: [
      [/\*#/, "comment", "@pop"],
      [/[^*]+/, "comment"],
      [/\*/, "comment"],
    ],
    unparsed: [
      [/\]\]#/, "string", "@pop"],
      [/[^\]]+/, "string"],
      [/\]/, "string"],
    ],
    doubleString: [
      { include: "@reference" },
      [/[^"\\$]+/, "string"],
      [/\\./, "string.escape"],
      [/\$/, "string"],
      [/"/, "string", "@pop"],
    ],
    singleString: [
      [/[^'\\]+/, "string"],
      [/\\./, "string.escape"],
      [/'/, "string", "@pop"],
    ],
  },
};

const kindOf = (kind: Member["kind"]) =>
  kind === "method"
    ? monaco.languages.CompletionItemKind.Method
    : kind === "variable"
      ? monaco.languages.CompletionItemKind.Variable
      : monaco.languages.CompletionItemKind.Property;

function provideCompletionItems(model: monaco.editor.ITextModel, position: monaco.Position): monaco.languages.CompletionList {
  const before = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
  // `$`, `$!`, `${`, `$!{`, then an optional dotted path, then the word being typed.
  const m = /\$!?\{?((?:[a-zA-Z_][\w-]*\.)*)([a-zA-Z_][\w-]*)?$/.exec(before);
  if (!m) return { suggestions: [] };
  const path = m[1].replace(/\.$/, "");
  const word = m[2] ?? "";
  const range = {
    startLineNumber: position.lineNumber,
    endLineNumber: position.lineNumber,
    startColumn: position.column - word.length,
    endColumn: position.column,
  };
  const members = path === "" ? ROOTS : MEMBERS[path];
  if (!members) return { suggestions: [] };
  return {
    suggestions: members.map((member) => ({
      label: member.label,
      kind: kindOf(member.kind),
      detail: member.detail,
      insertText: member.insert ?? member.label,
      insertTextRules: member.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
      range,
    })),
  };
}

let registered = false;

/** Registers the `vtl` language once. */
export function registerVtlLanguage() {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: VTL_LANGUAGE, extensions: [".vtl"], aliases: ["VTL", "Velocity"] });
  monaco.languages.setMonarchTokensProvider(VTL_LANGUAGE, language);
  monaco.languages.setLanguageConfiguration(VTL_LANGUAGE, {
    comments: { lineComment: "##", blockComment: ["#*", "*#"] },
    brackets: [
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ],
    autoClosingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: "(", close: ")" },
      { open: '"', close: '"', notIn: ["string"] },
      { open: "'", close: "'", notIn: ["string"] },
    ],
    surroundingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: "(", close: ")" },
      { open: '"', close: '"' },
      { open: "'", close: "'" },
    ],
  });
  monaco.languages.registerCompletionItemProvider(VTL_LANGUAGE, {
    triggerCharacters: ["$", ".", "{"],
    provideCompletionItems,
  });
}

registerVtlLanguage();

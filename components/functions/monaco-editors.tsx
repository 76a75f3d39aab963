"use client";

// Loaded only in the browser (next/dynamic with ssr: false): Monaco touches `window` on import.
import { ThemedEditor as Editor } from "../monaco/themed-editor";
import { monaco } from "../monaco/setup";
import { useEffect, useRef } from "react";
import { LAMBDA_TYPES, LAMBDA_TYPES_FILE } from "@/lib/functions/lambda-types";
import type { TSourceProblem } from "@/lib/schemas/functions";

// The function's globals and Lambda types, so completion knows event.pathParameters, context.functionName, …
// ES2022 only (no DOM): the declarations bring console, fetch and timers as the runtime has them.
const ts = monaco.typescript;
for (const defaults of [ts.typescriptDefaults, ts.javascriptDefaults]) {
  defaults.setCompilerOptions({
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    allowNonTsExtensions: true,
    allowJs: true,
    strict: true,
    esModuleInterop: true,
    lib: ["es2022"],
  });
  defaults.addExtraLib(LAMBDA_TYPES, `file:///${LAMBDA_TYPES_FILE}`);
  defaults.setEagerModelSync(true);
}

const uriOf = (path: string) => monaco.Uri.parse(`file:///${path}`);
const languageOf = (path: string) =>
  path.endsWith(".json")
    ? "json"
    : /\.[cm]?ts$/.test(path)
      ? "typescript"
      : "javascript";

/**
 * The function's files as Monaco models (one per file, so relative imports
 * type-check across them), the active one in the editor, and the last save's
 * problems as markers on their lines.
 */
export function CodeEditor({
  files,
  active,
  onChange,
  problems,
  readOnly,
  reveal,
}: {
  files: Record<string, string>;
  active: string;
  onChange: (path: string, value: string) => void;
  problems: TSourceProblem[];
  readOnly: boolean;
  /** Line to scroll to (from the problems list). */
  reveal?: { file: string; line: number; column: number; at: number } | null;
}) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  // Every file has a model with its current text; removed files lose theirs.
  useEffect(() => {
    for (const [path, text] of Object.entries(files)) {
      const model = monaco.editor.getModel(uriOf(path));
      if (!model)
        monaco.editor.createModel(text, languageOf(path), uriOf(path));
      else if (model.getValue() !== text) model.setValue(text);
    }
    for (const model of monaco.editor.getModels()) {
      const path = model.uri.path.replace(/^\//, "");
      if (
        model.uri.scheme === "file" &&
        path !== LAMBDA_TYPES_FILE &&
        path !== "test-event.json" &&
        !(path in files)
      )
        model.dispose();
    }
  }, [files]);

  useEffect(() => {
    for (const path of Object.keys(files)) {
      const model = monaco.editor.getModel(uriOf(path));
      if (!model) continue;
      monaco.editor.setModelMarkers(
        model,
        "gatehouse",
        problems
          .filter((p) => p.file === path)
          .map((p) => ({
            severity: monaco.MarkerSeverity.Error,
            message: p.message,
            startLineNumber: p.line,
            startColumn: p.column,
            endLineNumber: p.line,
            endColumn: Math.max(
              p.column + 1,
              model.getLineMaxColumn(Math.min(p.line, model.getLineCount())),
            ),
          })),
      );
    }
  }, [problems, files]);

  useEffect(() => {
    if (!reveal || reveal.file !== active || !editorRef.current) return;
    editorRef.current.revealLineInCenter(reveal.line);
    editorRef.current.setPosition({
      lineNumber: reveal.line,
      column: reveal.column,
    });
    editorRef.current.focus();
  }, [reveal, active]);

  return (
    <div className="fn-editor" data-testid="code-editor">
      <Editor
        height={440}
        path={`file:///${active}`}
        language={languageOf(active)}
        value={files[active] ?? ""}
        keepCurrentModel
        onMount={(editor) => {
          editorRef.current = editor;
        }}
        onChange={(value) => onChange(active, value ?? "")}
        loading={<p className="muted">Loading editor…</p>}
        options={{
          readOnly,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 13,
          tabSize: 2,
        }}
      />
    </div>
  );
}

/** An editable JSON document (the test event). */
export function JsonEditor({
  value,
  onChange,
  height = 320,
}: {
  value: string;
  onChange: (value: string) => void;
  height?: number;
}) {
  return (
    <div className="fn-editor" data-testid="event-editor">
      <Editor
        height={height}
        path="file:///test-event.json"
        language="json"
        value={value}
        keepCurrentModel
        onChange={(v) => onChange(v ?? "")}
        loading={<p className="muted">Loading editor…</p>}
        options={{
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 12,
          tabSize: 2,
        }}
      />
    </div>
  );
}

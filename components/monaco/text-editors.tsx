"use client";

// Loaded only in the browser (through ./lazy-editors, next/dynamic with ssr: false): Monaco touches `window` on import.
import { ThemedEditor as Editor } from "./themed-editor";
import { useEffect, useId, useState } from "react";
import { parseTemplate } from "@/lib/vtl/parse";
import type { VtlProblem } from "@/lib/vtl/types";
import { monaco } from "./setup";
import { VTL_LANGUAGE } from "./vtl-language";

const OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 12,
  tabSize: 2,
  lineNumbersMinChars: 3,
  wordWrap: "on",
  fixedOverflowWidgets: true,
};

/** `Line L, column C: message` (the engine's and the API's wording) → a problem, else null. */
export function problemFromMessage(message: string): VtlProblem | null {
  const m = /^Line (\d+), column (\d+): ([\s\S]*)$/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]), message: m[3] } : null;
}

export const problemText = (p: VtlProblem) => `Line ${p.line}, column ${p.column}: ${p.message}`;

function markerOf(model: monaco.editor.ITextModel, p: VtlProblem): monaco.editor.IMarkerData {
  const line = Math.min(Math.max(p.line, 1), model.getLineCount());
  const max = model.getLineMaxColumn(line);
  const column = Math.min(Math.max(p.column, 1), max);
  return {
    severity: monaco.MarkerSeverity.Error,
    message: p.message,
    startLineNumber: line,
    startColumn: column === max && column > 1 ? column - 1 : column,
    endLineNumber: line,
    endColumn: Math.max(column + 1, max),
  };
}

/** A unique in-memory model path per editor instance. */
function useModelPath(ext: string) {
  const id = useId().replace(/[^A-Za-z0-9]/g, "");
  return `inmemory://gatehouse/${id}.${ext}`;
}

/**
 * A mapping template (VTL) in Monaco: highlighting, completion of `$input`,
 * `$util`, `$context`…, the syntax problem marked where it is (checked in the
 * browser ~300 ms after each change) and the last save's problems on their lines.
 */
export function VtlEditor({
  value,
  onChange,
  ariaLabel,
  height = 140,
  readOnly = false,
  serverProblems = [],
}: {
  value: string;
  onChange?: (value: string) => void;
  ariaLabel: string;
  height?: number;
  readOnly?: boolean;
  /** The API's messages for this template (`Line L, column C: …` puts a marker on that line). */
  serverProblems?: string[];
}) {
  const path = useModelPath("vtl");
  const [model, setModel] = useState<monaco.editor.ITextModel | null>(null);
  const [problem, setProblem] = useState<VtlProblem | null>(null);

  // Parse in the browser a moment after the last keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      let found: VtlProblem | null = null;
      try {
        found = parseTemplate(value);
      } catch {
        found = null;
      }
      setProblem(found);
    }, 300);
    return () => clearTimeout(timer);
  }, [value]);

  useEffect(() => {
    if (!model || model.isDisposed()) return;
    monaco.editor.setModelMarkers(model, "vtl-syntax", problem ? [markerOf(model, problem)] : []);
  }, [model, problem, value]);

  // The last save's problems hold for the text that was saved: once edited, the browser's check takes over.
  const serverKey = serverProblems.join("\n");
  const [serverFor, setServerFor] = useState({ key: serverKey, value });
  if (serverFor.key !== serverKey) setServerFor({ key: serverKey, value });
  const current = serverKey !== "" && (serverFor.key !== serverKey || serverFor.value === value);
  const shownServer = current ? serverProblems : [];
  // The same problem found by the browser and by the refused save is shown once.
  const shownProblem = problem && !shownServer.includes(problemText(problem)) ? problem : null;
  useEffect(() => {
    if (!model || model.isDisposed()) return;
    const located = current
      ? serverKey
          .split("\n")
          .map(problemFromMessage)
          .filter((p): p is VtlProblem => p !== null)
      : [];
    monaco.editor.setModelMarkers(model, "vtl-server", located.map((p) => markerOf(model, p)));
  }, [model, serverKey, current]);

  return (
    <div className="template-editor" data-testid="template-editor">
      <div className="monaco-frame">
        <Editor
          height={height}
          path={path}
          language={VTL_LANGUAGE}
          value={value}
          onMount={(editor) => setModel(editor.getModel())}
          onChange={(v) => onChange?.(v ?? "")}
          loading={<p className="muted small">Loading editor…</p>}
          options={{ ...OPTIONS, readOnly, ariaLabel, domReadOnly: readOnly }}
        />
      </div>
      {shownProblem && (
        <p className="field-error" role="status" data-testid="template-syntax-problem">
          Syntax: {problemText(shownProblem)}
        </p>
      )}
      {shownServer.map((message) => (
        <p key={message} className="field-error" data-testid="template-save-problem">
          {message}
        </p>
      ))}
    </div>
  );
}

/** A JSON document in Monaco (Monaco's json language marks syntax errors). */
export function JsonTextEditor({
  value,
  onChange,
  ariaLabel,
  height = 160,
  readOnly = false,
  testId = "json-editor",
}: {
  value: string;
  onChange?: (value: string) => void;
  ariaLabel: string;
  height?: number;
  readOnly?: boolean;
  testId?: string;
}) {
  const path = useModelPath("json");
  return (
    <div className="monaco-frame" data-testid={testId}>
      <Editor
        height={height}
        path={path}
        language="json"
        value={value}
        onChange={(v) => onChange?.(v ?? "")}
        loading={<p className="muted small">Loading editor…</p>}
        options={{ ...OPTIONS, readOnly, ariaLabel, domReadOnly: readOnly }}
      />
    </div>
  );
}

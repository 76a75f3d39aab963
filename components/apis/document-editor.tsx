"use client";

// Loaded only in the browser (next/dynamic with ssr: false from import-api-dialog.tsx): Monaco touches `window`.
import { ThemedEditor as Editor } from "../monaco/themed-editor";
import "../monaco/setup";

/** An OpenAPI document (JSON or YAML) in Monaco; the language follows the first character. */
export function DocumentEditor({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const language = value.trimStart().startsWith("{") ? "json" : "yaml";
  return (
    <div className="monaco-frame" data-testid="import-document-editor">
      <Editor
        height={320}
        path="inmemory://gatehouse/import-document"
        language={language}
        value={value}
        onChange={(v) => onChange(v ?? "")}
        loading={<p className="muted small">Loading editor…</p>}
        options={{
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 12,
          tabSize: 2,
          wordWrap: "on",
          autoClosingBrackets: "never",
          autoClosingQuotes: "never",
          autoIndent: "none",
          formatOnPaste: false,
          ariaLabel: "OpenAPI document",
        }}
      />
    </div>
  );
}

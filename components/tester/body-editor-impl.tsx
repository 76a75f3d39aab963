"use client";

// Loaded only in the browser (through ./body-editor, next/dynamic with ssr: false): Monaco touches `window` on import.
import { ThemedEditor as Editor } from "../monaco/themed-editor";
import { useEffect, useId } from "react";
import { monaco } from "../monaco/setup";

/** Schemas registered by every mounted body editor, by model path: Monaco's JSON options are global. */
const schemas = new Map<string, { uri: string; fileMatch: string[]; schema: unknown }>();

function applySchemas() {
  monaco.json.jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: false, enableSchemaRequest: false, schemas: [...schemas.values()] });
}

/**
 * A request body in Monaco. With `schema` (the method's request model, JSON
 * Schema text) the JSON language completes and checks properties against it.
 */
export function BodyEditor({
  value,
  onChange,
  language,
  schema,
  height = 180,
  ariaLabel = "Request body",
}: {
  value: string;
  onChange: (value: string) => void;
  language: "json" | "plaintext";
  schema?: string | null;
  height?: number;
  ariaLabel?: string;
}) {
  const path = `inmemory://gatehouse/tester-${useId().replace(/[^A-Za-z0-9]/g, "")}.json`;
  useEffect(() => {
    if (!schema) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(schema);
    } catch {
      return;
    }
    schemas.set(path, { uri: `${path}.schema`, fileMatch: [path], schema: parsed });
    applySchemas();
    return () => {
      schemas.delete(path);
      applySchemas();
    };
  }, [path, schema]);
  return (
    <div className="monaco-frame" data-testid="tester-body-editor">
      <Editor
        height={height}
        path={path}
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
          lineNumbersMinChars: 3,
          wordWrap: "on",
          fixedOverflowWidgets: true,
          ariaLabel,
        }}
      />
    </div>
  );
}

"use client";

// Loaded only in the browser (next/dynamic with ssr: false): Monaco touches `window` on import.
import * as monaco from "monaco-editor";
import { DiffEditor, loader } from "@monaco-editor/react";

// Monaco and its workers come from our own bundle, never from a CDN.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    switch (label) {
      case "json":
        return new Worker(new URL("monaco-editor/languages/features/json/json.worker.js", import.meta.url), { type: "module" });
      case "css":
      case "scss":
      case "less":
        return new Worker(new URL("monaco-editor/languages/features/css/css.worker.js", import.meta.url), { type: "module" });
      case "html":
      case "handlebars":
      case "razor":
        return new Worker(new URL("monaco-editor/languages/features/html/html.worker.js", import.meta.url), { type: "module" });
      case "typescript":
      case "javascript":
        return new Worker(new URL("monaco-editor/languages/features/typescript/ts.worker.js", import.meta.url), { type: "module" });
      default:
        return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
    }
  },
};
loader.config({ monaco });

/** Read-only side-by-side diff of two JSON documents. */
export default function JsonDiffEditor({ original, modified, height = 420 }: { original: string; modified: string; height?: number }) {
  return (
    <div className="diff-editor" data-testid="snapshot-diff">
      <DiffEditor
        height={height}
        language="json"
        original={original}
        modified={modified}
        loading={<p className="muted">Loading editor…</p>}
        options={{
          readOnly: true,
          originalEditable: false,
          renderSideBySide: true,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          // Snapshots are long and mostly equal: fold what did not change around the differences.
          hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 10 },
          fontSize: 12,
        }}
      />
    </div>
  );
}

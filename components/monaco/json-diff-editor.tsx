"use client";

// Loaded only in the browser (next/dynamic with ssr: false): Monaco touches `window` on import.
import { ThemedDiffEditor as DiffEditor } from "./themed-editor";
import "./setup";

/** Read-only side-by-side diff of two JSON documents. */
export default function JsonDiffEditor({
  original,
  modified,
  height = 420,
}: {
  original: string;
  modified: string;
  height?: number;
}) {
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
          hideUnchangedRegions: {
            enabled: true,
            contextLineCount: 3,
            minimumLineCount: 3,
            revealLineCount: 10,
          },
          fontSize: 12,
        }}
      />
    </div>
  );
}

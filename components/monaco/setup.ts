"use client";

// Loaded only in the browser (through next/dynamic with ssr: false): Monaco touches `window` on import.
// Every editor imports Monaco from here, so the workers and the loader are configured once, in one place.
import * as monaco from "monaco-editor";
import { loader } from "@monaco-editor/react";

// Monaco and its workers come from our own bundle, never from a CDN.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    switch (label) {
      case "json":
        return new Worker(
          new URL(
            "monaco-editor/languages/features/json/json.worker.js",
            import.meta.url,
          ),
          { type: "module" },
        );
      case "css":
      case "scss":
      case "less":
        return new Worker(
          new URL(
            "monaco-editor/languages/features/css/css.worker.js",
            import.meta.url,
          ),
          { type: "module" },
        );
      case "html":
      case "handlebars":
      case "razor":
        return new Worker(
          new URL(
            "monaco-editor/languages/features/html/html.worker.js",
            import.meta.url,
          ),
          { type: "module" },
        );
      case "typescript":
      case "javascript":
        return new Worker(
          new URL(
            "monaco-editor/languages/features/typescript/ts.worker.js",
            import.meta.url,
          ),
          { type: "module" },
        );
      default:
        return new Worker(
          new URL("monaco-editor/editor/editor.worker.js", import.meta.url),
          { type: "module" },
        );
    }
  },
};
loader.config({ monaco });

export { monaco };

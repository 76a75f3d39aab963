"use client";

// Monaco's editors with the console's colour scheme (Monaco's theme is global: every editor sets the same one).
import { DiffEditor, Editor, type DiffEditorProps, type EditorProps } from "@monaco-editor/react";
import { useMonacoTheme } from "../ui/use-color-scheme";

/** @monaco-editor/react's Editor, "vs-dark" when the console is dark (an explicit `theme` prop wins). */
export function ThemedEditor(props: EditorProps) {
  const theme = useMonacoTheme();
  return <Editor theme={theme} {...props} />;
}

/** @monaco-editor/react's DiffEditor, "vs-dark" when the console is dark (an explicit `theme` prop wins). */
export function ThemedDiffEditor(props: DiffEditorProps) {
  const theme = useMonacoTheme();
  return <DiffEditor theme={theme} {...props} />;
}

"use client";

import dynamic from "next/dynamic";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FILE_PATH_MESSAGE, FILE_PATH_PATTERN } from "@/lib/functions/source";
import type { TFunction, TSourceProblem } from "@/lib/schemas/functions";
import { api, enc, otherProblems } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import { sourceProblems } from "./problems";

const CodeEditor = dynamic(() => import("./monaco-editors").then((m) => m.CodeEditor), {
  ssr: false,
  loading: () => <p className="muted">Loading editor…</p>,
});

/** Whether two file maps hold the same paths with the same text. */
function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** The function's files in Monaco with tabs (add, rename, delete) and Save, which shows syntax and type errors on their lines. */
export function CodeTab({ fn, canEdit, onSaved, reload }: { fn: TFunction; canEdit: boolean; onSaved: (f: TFunction) => void; reload: () => void }) {
  const [files, setFiles] = useState<Record<string, string>>(fn.files);
  const [loadedFiles, setLoadedFiles] = useState(fn.files);
  // Unsaved means "differs from the saved files", so undoing an edit (or deleting a file just added) is clean again.
  const dirty = !sameFiles(files, loadedFiles);
  const [active, setActive] = useState(() => Object.keys(fn.files).sort()[0] ?? "index.ts");
  const [problems, setProblems] = useState<TSourceProblem[]>([]);
  const [reveal, setReveal] = useState<{ file: string; line: number; column: number; at: number } | null>(null);
  const [naming, setNaming] = useState<{ mode: "add" | "rename"; value: string; error: string } | null>(null);

  // Someone (or the settings tab) saved: take the new files unless there are unsaved edits.
  if (fn.files !== loadedFiles) {
    setLoadedFiles(fn.files);
    if (!dirty) setFiles(fn.files);
  }

  const save = useMutation({
    mutationFn: (sent: Record<string, string>) => api.patch<TFunction>(`/functions/${enc(fn.name)}`, { version: fn.version, files: sent }),
    onSuccess: (updated, sent) => {
      // Edits made while saving stay unsaved; otherwise take the saved files as they came back.
      setFiles((current) => (sameFiles(current, sent) ? updated.files : current));
      setLoadedFiles(updated.files);
      setProblems([]);
      onSaved(updated);
    },
    onError: (err) => setProblems(sourceProblems(err)),
  });

  const paths = Object.keys(files).sort();
  const ext = fn.language === "typescript" ? ".ts" : ".js";

  function edit(path: string, value: string) {
    if (files[path] === value) return;
    setFiles((f) => ({ ...f, [path]: value }));
  }

  function commitName() {
    if (!naming) return;
    const value = naming.value.trim();
    if (!FILE_PATH_PATTERN.test(value)) return setNaming({ ...naming, error: FILE_PATH_MESSAGE });
    if (value in files && (naming.mode === "add" || value !== active)) return setNaming({ ...naming, error: `${value} already exists` });
    setFiles((f) => {
      const next = { ...f };
      if (naming.mode === "add") next[value] = "";
      else {
        next[value] = next[active];
        delete next[active];
      }
      return next;
    });
    setActive(value);
    setNaming(null);
  }

  function removeActive() {
    if (paths.length <= 1) return;
    setFiles((f) => {
      const next = { ...f };
      delete next[active];
      return next;
    });
    setActive(paths.find((p) => p !== active) ?? paths[0]);
  }

  const errorFiles = new Set(problems.map((p) => p.file));
  return (
    <section className="card" aria-label="Code">
      <div className="fn-files" role="tablist" aria-label="Files">
        {paths.map((path) => (
          <button
            key={path}
            type="button"
            role="tab"
            className={errorFiles.has(path) ? "fn-file fn-file-error" : "fn-file"}
            aria-selected={path === active}
            onClick={() => setActive(path)}
          >
            {path}
          </button>
        ))}
        {canEdit && (
          <>
            <button type="button" className="button button-small" onClick={() => setNaming({ mode: "add", value: `lib/util${ext}`, error: "" })}>
              Add file
            </button>
            <button type="button" className="button button-small" onClick={() => setNaming({ mode: "rename", value: active, error: "" })}>
              Rename file
            </button>
            <button type="button" className="button button-small" onClick={removeActive} disabled={paths.length <= 1}>
              Delete file
            </button>
          </>
        )}
      </div>
      {naming && (
        <form
          className="inline-form"
          aria-label={naming.mode === "add" ? "New file" : "Rename file"}
          onSubmit={(e) => {
            e.preventDefault();
            commitName();
          }}
        >
          <label className="field">
            <span className="field-label">{naming.mode === "add" ? "New file path" : `Rename ${active} to`}</span>
            <input className="mono" value={naming.value} onChange={(e) => setNaming({ ...naming, value: e.target.value, error: "" })} autoFocus />
            {naming.error && <span className="field-error">{naming.error}</span>}
          </label>
          <button type="submit" className="button button-primary button-small">
            {naming.mode === "add" ? "Add" : "Rename"}
          </button>
          <button type="button" className="button button-small" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      )}
      <CodeEditor files={files} active={active} onChange={edit} problems={problems} readOnly={!canEdit} reveal={reveal} />
      {problems.length > 0 && (
        <div role="alert">
          <p className="error">
            Not saved: {problems.length} problem{problems.length === 1 ? "" : "s"} (the last saved code keeps serving).
          </p>
          <ul className="fn-problems" aria-label="Problems">
            {problems.map((p, i) => (
              <li key={i}>
                <button
                  type="button"
                  onClick={() => {
                    setActive(p.file);
                    setReveal({ file: p.file, line: p.line, column: p.column, at: Date.now() });
                  }}
                >
                  {p.file}:{p.line}:{p.column}
                </button>{" "}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorNotice error={problems.length > 0 ? null : save.error} onReload={reload} problems={otherProblems(save.error, ["files"])} />
      {canEdit && (
        <div className="row-actions" style={{ marginTop: "0.75rem" }}>
          <button type="button" className="button button-primary" onClick={() => save.mutate(files)} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
          {dirty ? <span className="muted small">Unsaved changes</span> : save.isSuccess && <span className="success">Saved.</span>}
        </div>
      )}
    </section>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { otherProblems, problemsFor } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import { KeyValueRows, recordFromRows, rowsFromRecord } from "../ui/key-value-rows";
import type { StageSectionProps } from "./stage-props";

export function StageVariablesEditor({ stage, canEdit, patch, reload }: StageSectionProps) {
  const [rows, setRows] = useState(() => rowsFromRecord(stage.variables));
  const save = useMutation({ mutationFn: () => patch({ variables: recordFromRows(rows) }) });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <section className="card" aria-label="Stage variables">
      <h2>Stage variables</h2>
      <p className="muted small">
        Used as <span className="mono">{"${stageVariables.name}"}</span> in integration URLs.
      </p>
      <form className="form form-compact" onSubmit={submit}>
        <KeyValueRows label="Stage variables" rows={rows} onChange={setRows} disabled={!canEdit} />
        {problemsFor(save.error, "variables").map((m) => (
          <span key={m} className="field-error">
            {m}
          </span>
        ))}
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, ["variables"])} />
        {canEdit && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save variables
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

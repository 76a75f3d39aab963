"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { otherProblems, problemsFor } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";
import type { StageSectionProps } from "./stage-props";

export function StageOverview({ stage, canEdit, patch, reload }: StageSectionProps) {
  const [description, setDescription] = useState(stage.description);
  const save = useMutation({ mutationFn: () => patch({ description }) });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <section className="card" aria-label="Stage details">
      <h2>Details</h2>
      <dl className="details">
        <dt>Deployment</dt>
        <dd className="mono" data-testid="stage-deployment">
          {stage.deploymentId}
        </dd>
        <dt>Created</dt>
        <dd>{formatDate(stage.createdDate)}</dd>
        <dt>Last updated</dt>
        <dd>{formatDate(stage.lastUpdatedDate)}</dd>
      </dl>
      <form className="form form-compact" onSubmit={submit}>
        <Field label="Stage description" errors={problemsFor(save.error, "description")}>
          <input value={description} onChange={(e) => setDescription(e.target.value)} disabled={!canEdit} />
        </Field>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, ["description"])} />
        {canEdit && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save description
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

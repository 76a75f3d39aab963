"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { otherProblems, problemsFor } from "../api/client";
import { useDeployments } from "../api/use-deployments";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";
import { KeyValueRows, recordFromRows, rowsFromRecord } from "../ui/key-value-rows";
import type { StageSectionProps } from "./stage-props";

const FIELDS = ["canarySettings.deploymentId", "canarySettings.percentTraffic", "canarySettings.stageVariableOverrides"];

/** A canary sends a share of the stage's traffic to another deployment, with its own variable overrides. */
export function CanaryEditor({ apiId, stage, canEdit, patch, promote, reload }: StageSectionProps) {
  const { data: deployments } = useDeployments(apiId);
  const canary = stage.canarySettings;
  const [deploymentId, setDeploymentId] = useState(canary?.deploymentId ?? "");
  const [percent, setPercent] = useState(String(canary?.percentTraffic ?? 10));
  const [overrides, setOverrides] = useState(() => rowsFromRecord(canary?.stageVariableOverrides));
  const [confirm, setConfirm] = useState<"promote" | "remove" | null>(null);
  const candidates = (deployments ?? []).filter((d) => d.id !== stage.deploymentId || d.id === deploymentId);
  const chosen = deploymentId || candidates[0]?.id || "";

  const save = useMutation({
    mutationFn: () =>
      patch({
        canarySettings: { deploymentId: chosen, percentTraffic: Number(percent), stageVariableOverrides: recordFromRows(overrides) },
      }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="card" aria-label="Canary">
      <h2>Canary</h2>
      {canary ? (
        <p>
          <span className="badge badge-warn">{canary.percentTraffic}%</span> of requests go to deployment{" "}
          <span className="mono">{canary.deploymentId}</span>; the rest to <span className="mono">{stage.deploymentId}</span>.
        </p>
      ) : (
        <p className="muted small">No canary: every request uses the stage&apos;s deployment.</p>
      )}
      {(canary || canEdit) && (
        <form className="form form-compact" onSubmit={submit} noValidate>
          <fieldset disabled={!canEdit} className="plain">
            <div className="form-grid">
              <Field label="Canary deployment" errors={problemsFor(save.error, "canarySettings.deploymentId")}>
                <select value={chosen} onChange={(e) => setDeploymentId(e.target.value)}>
                  {candidates.length === 0 && <option value="">No other deployment</option>}
                  {candidates.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.id} — {d.description || "no description"} ({formatDate(d.createdDate)})
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Traffic to the canary (%)" errors={problemsFor(save.error, "canarySettings.percentTraffic")}>
                <input type="number" min={0} max={100} step="any" value={percent} onChange={(e) => setPercent(e.target.value)} />
              </Field>
            </div>
            <KeyValueRows label="Variable overrides" rows={overrides} onChange={setOverrides} />
            {problemsFor(save.error, "canarySettings.stageVariableOverrides").map((m) => (
              <span key={m} className="field-error">
                {m}
              </span>
            ))}
          </fieldset>
          <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, FIELDS)} />
          {canEdit && (
            <div className="row-actions">
              <button type="submit" className="button button-primary" disabled={save.isPending || !chosen}>
                {canary ? "Save canary" : "Create canary"}
              </button>
              {canary && (
                <>
                  <button type="button" className="button" onClick={() => setConfirm("promote")}>
                    Promote canary
                  </button>
                  <button type="button" className="button button-danger-outline" onClick={() => setConfirm("remove")}>
                    Remove canary
                  </button>
                </>
              )}
            </div>
          )}
        </form>
      )}
      {confirm === "promote" && canary && (
        <ConfirmDialog
          title="Promote the canary?"
          confirmLabel="Promote"
          onClose={() => setConfirm(null)}
          onReload={reload}
          onConfirm={promote}
        >
          <p>
            Deployment <span className="mono">{canary.deploymentId}</span> and its variable overrides become the stage&apos;s, for
            all traffic; the canary is removed.
          </p>
        </ConfirmDialog>
      )}
      {confirm === "remove" && (
        <ConfirmDialog
          title="Remove the canary?"
          confirmLabel="Remove canary"
          onClose={() => setConfirm(null)}
          onReload={reload}
          onConfirm={() => patch({ canarySettings: null })}
        >
          <p>All traffic goes back to deployment {stage.deploymentId}.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

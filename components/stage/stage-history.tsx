"use client";

import { useState } from "react";
import type { TStageDeployment } from "@/lib/schemas/management";
import { useStageDeployments } from "../api/use-stage-deployments";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { formatDate } from "../ui/format";
import type { StageSectionProps } from "./stage-props";

const REASONS: Record<TStageDeployment["reason"], string> = {
  deploy: "deployed",
  create: "stage created",
  rollback: "rolled back",
  update: "updated",
  promote: "canary promoted",
};

/** The stage's history, newest first, with "Roll back to this" on each earlier deployment. */
export function StageHistory({ apiId, stage, canEdit, patch, reload }: StageSectionProps) {
  const { data: history, error, isPending } = useStageDeployments(apiId, stage.stageName);
  const [target, setTarget] = useState<TStageDeployment | null>(null);
  // A deployment served twice (deployed, then rolled back to) offers its rollback once, on its newest entry.
  const offered = new Set<string>();
  return (
    <>
      <section className="card" aria-label="Deployment history">
        <h2>Deployment history</h2>
        {isPending && <p className="muted">Loading…</p>}
        {error && <p className="error">Could not load the history: {error.message}</p>}
        {history && (
          <table className="table">
            <thead>
              <tr>
                <th>Deployment</th>
                <th>Description</th>
                <th>Served since</th>
                <th>Change</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((d, index) => {
                const serving = d.id === stage.deploymentId;
                const canary = d.id === stage.canarySettings?.deploymentId;
                const offer = canEdit && !serving && !offered.has(d.id);
                offered.add(d.id);
                return (
                  <tr key={`${d.id}-${index}`} className={d.current ? "row-current" : undefined}>
                    <td className="mono">
                      {d.id} {d.current && <span className="badge">current</span>}
                      {canary && index === 0 && <span className="badge badge-warn">canary</span>}
                    </td>
                    <td>
                      {d.description || <span className="muted">—</span>}
                      <div className="muted small">
                        created {formatDate(d.createdDate)} by {d.createdBy || "—"}
                      </div>
                    </td>
                    <td className="small">{formatDate(d.activatedDate)}</td>
                    <td className="small">
                      {REASONS[d.reason] ?? d.reason}
                      {d.activatedBy && <div className="muted">by {d.activatedBy}</div>}
                    </td>
                    <td className="actions-col">
                      {offer && (
                        <button type="button" className="button button-small" aria-label={`Roll back to ${d.id}`} onClick={() => setTarget(d)}>
                          Roll back to this
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {target && (
        <ConfirmDialog
          title={`Roll back ${stage.stageName} to ${target.id}?`}
          confirmLabel="Roll back"
          onClose={() => setTarget(null)}
          onReload={reload}
          onConfirm={() => patch({ deploymentId: target.id })}
        >
          <p>
            Stage <strong>{stage.stageName}</strong> serves deployment <span className="mono">{target.id}</span>
            {target.description && <> ({target.description})</>} again, within a second.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

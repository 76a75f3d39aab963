"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TDeployment } from "@/lib/schemas/management";
import { api, enc } from "../api/client";
import { keys } from "../api/keys";
import { useDeployments } from "../api/use-deployments";
import { usePermissions } from "../current-user";
import { DeploymentDiff } from "../stage/deployment-diff";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { formatDate } from "../ui/format";

export function DeploymentsTab({ apiId }: { apiId: string }) {
  const { data: deployments, error, isPending } = useDeployments(apiId);
  const { canEdit } = usePermissions();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<TDeployment | null>(null);
  return (
    <>
      <section className="card">
        <h2>Deployments</h2>
        {isPending && <p className="muted">Loading…</p>}
        {error && <p className="error">Could not load deployments: {error.message}</p>}
        {deployments && deployments.length === 0 && <p className="muted">No deployments yet.</p>}
        {deployments && deployments.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Deployment</th>
                <th>Description</th>
                <th>Created</th>
                <th>By</th>
                <th>Stages</th>
                {canEdit && <th className="actions-col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {deployments.map((d) => (
                <tr key={d.id}>
                  <td className="mono">{d.id}</td>
                  <td>{d.description || <span className="muted">—</span>}</td>
                  <td className="small">{formatDate(d.createdDate)}</td>
                  <td className="small">{d.createdBy || "—"}</td>
                  <td>{d.stages.join(", ") || <span className="muted">none</span>}</td>
                  {canEdit && (
                    <td className="actions-col">
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        disabled={d.stages.length > 0}
                        title={d.stages.length > 0 ? "A stage uses this deployment" : undefined}
                        aria-label={`Delete deployment ${d.id}`}
                        onClick={() => setDeleting(d)}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {deployments && deployments.length > 0 && <DeploymentDiff apiId={apiId} deployments={deployments} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete deployment ${deleting.id}?`}
          confirmLabel="Delete deployment"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/restapis/${enc(apiId)}/deployments/${enc(deleting.id)}`);
            await queryClient.invalidateQueries({ queryKey: keys.deployments(apiId) });
          }}
        >
          <p>The deployment and its snapshot are deleted; it can no longer be rolled back to.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TRemoteFunction } from "@/lib/schemas/remote-functions";
import { api, enc } from "../api/client";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { RemoteFunctionDialog } from "./remote-function-dialog";
import { accessKeyPrefix, remoteFunctionKeys, useRemoteFunctions } from "./use-remote-functions";

/** Remote functions: function ARNs mapped to a Lambda Invoke API endpoint and the credentials to sign calls with. */
export function RemoteFunctionsSection() {
  const { canEdit } = usePermissions();
  const { data: remotes, error, isPending } = useRemoteFunctions();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<{ mode: "create" } | { mode: "edit"; remote: TRemoteFunction } | null>(null);
  const [deleting, setDeleting] = useState<TRemoteFunction | null>(null);

  return (
    <section className="card" aria-labelledby="remote-functions-heading">
      <div className="page-header-row">
        <h2 id="remote-functions-heading">Remote functions</h2>
        {canEdit && (
          <button type="button" className="button button-primary" onClick={() => setDialog({ mode: "create" })}>
            Register remote function
          </button>
        )}
      </div>
      <p className="muted small" id="remote-functions-hint">
        A function that runs elsewhere: real AWS Lambda or any runtime speaking the Lambda Invoke API. An AWS_PROXY
        integration whose URI names a registered ARN (
        <span className="mono">arn:aws:apigateway:{"{region}"}:lambda:path/2015-03-31/functions/{"{function ARN}"}/invocations</span>) calls
        that endpoint&rsquo;s Invoke API, <span className="mono">POST {"{endpoint}"}/2015-03-31/functions/{"{ARN}"}/invocations</span>, signed
        with SigV4 using these credentials. The ARN is matched when the API is deployed: redeploy after registering.
        Credential and endpoint changes apply without a redeploy. Secrets are stored encrypted and never shown again.
      </p>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load remote functions: {error.message}</p>}
      {remotes && remotes.length === 0 && <p className="muted">No remote functions registered.</p>}
      {remotes && remotes.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="Remote functions" aria-describedby="remote-functions-hint">
            <thead>
              <tr>
                <th>Function ARN</th>
                <th>Endpoint</th>
                <th>Region</th>
                <th>Access key</th>
                <th>Description</th>
                {canEdit && <th className="actions-col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {remotes.map((remote) => (
                <tr key={remote.id}>
                  <td className="mono">{remote.functionArn}</td>
                  <td className="mono">{remote.endpoint}</td>
                  <td className="mono" style={{ whiteSpace: "nowrap" }}>
                    {remote.region}
                  </td>
                  <td>
                    <span className="mono" title="Access key ID (start)">
                      {accessKeyPrefix(remote.accessKeyId)}
                    </span>
                    <div className="muted small">secret stored{remote.hasSessionToken ? " · session token" : ""}</div>
                  </td>
                  <td>{remote.description}</td>
                  {canEdit && (
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Edit ${remote.functionArn}`}
                          onClick={() => setDialog({ mode: "edit", remote })}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button-small button-danger-outline"
                          aria-label={`Delete ${remote.functionArn}`}
                          onClick={() => setDeleting(remote)}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog && (
        <RemoteFunctionDialog key={dialog.mode === "edit" ? dialog.remote.id : "new"} existing={dialog.mode === "edit" ? dialog.remote : undefined} onClose={() => setDialog(null)} />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete remote function?"
          confirmLabel="Delete remote function"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/remote-functions/${enc(deleting.id)}`);
            await queryClient.invalidateQueries({ queryKey: remoteFunctionKeys.all() });
          }}
        >
          <p>
            <span className="mono">{deleting.functionArn}</span> and its stored credentials are removed. Deployed methods whose integration
            names this ARN answer 500 until their API is redeployed.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

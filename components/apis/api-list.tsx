"use client";

import Link from "next/link";
import { useState } from "react";
import type { TRestApi } from "@/lib/schemas/management";
import { useRestApis } from "../api/use-rest-apis";
import { useStages } from "../api/use-stages";
import { usePermissions } from "../current-user";
import { CreateApiDialog } from "./create-api-dialog";
import { DeleteApiDialog } from "./delete-api-dialog";
import { ImportApiDialog } from "./import-api-dialog";

function StageCells({ apiId }: { apiId: string }) {
  const { data: stages, error } = useStages(apiId);
  if (error) return <td colSpan={2} className="error small">{error.message}</td>;
  if (!stages) return <td colSpan={2} className="muted">…</td>;
  return (
    <>
      <td>{stages.map((s) => s.stageName).join(", ") || <span className="muted">not deployed</span>}</td>
      <td className="mono small">
        {stages.map((s) => (
          <div key={s.stageName}>{s.invokeUrl}</div>
        ))}
      </td>
    </>
  );
}

export function ApiList() {
  const { data: apis, error, isPending } = useRestApis();
  const { canEdit } = usePermissions();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<TRestApi | null>(null);

  return (
    <>
      <header className="page-header page-header-row">
        <h1>APIs</h1>
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="button" onClick={() => setImporting(true)}>
              Import API
            </button>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              Create API
            </button>
          </div>
        )}
      </header>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load APIs: {error.message}</p>}
      {apis && apis.length === 0 && <p className="muted">No APIs yet.</p>}
      {apis && apis.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>ID</th>
              <th>Stages</th>
              <th>Invoke URL</th>
              {canEdit && <th className="actions-col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {apis.map((restApi) => (
              <tr key={restApi.id}>
                <td>
                  <Link href={`/apis/${restApi.id}`}>{restApi.name}</Link>
                  {restApi.description && <div className="muted small">{restApi.description}</div>}
                </td>
                <td className="mono">{restApi.id}</td>
                <StageCells apiId={restApi.id} />
                {canEdit && (
                  <td className="actions-col">
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={`Delete ${restApi.name}`}
                      onClick={() => setDeleting(restApi)}
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
      {creating && <CreateApiDialog apis={apis ?? []} onClose={() => setCreating(false)} />}
      {importing && <ImportApiDialog apis={apis ?? []} onClose={() => setImporting(false)} />}
      {deleting && <DeleteApiDialog restApi={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}

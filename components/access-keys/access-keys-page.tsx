"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TAccessKey, TCreatedAccessKey } from "@/lib/schemas/access-keys";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CopySecret } from "../ui/copy-secret";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

const QUERY_KEY = ["access-keys"] as const;

/** SigV4 access keys for AWS_IAM methods: create (the secret is shown once), enable/disable, restrict, delete. */
export function AccessKeysPage() {
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const { data, error, isPending } = useQuery({ queryKey: QUERY_KEY, queryFn: () => api.get<{ items: TAccessKey[] }>("/accesskeys") });
  const [name, setName] = useState("");
  const [apis, setApis] = useState("");
  const [deleting, setDeleting] = useState<TAccessKey | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: QUERY_KEY });
  const create = useMutation({
    mutationFn: () =>
      api.post<TCreatedAccessKey>("/accesskeys", {
        name,
        restApiIds: apis
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      }),
    onSuccess: async () => {
      setName("");
      setApis("");
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: (k: TAccessKey) => api.patch<TAccessKey>(`/accesskeys/${enc(k.id)}`, { version: k.version, enabled: !k.enabled }),
    onSuccess: refresh,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  const keysList = data?.items;
  return (
    <>
      <header className="page-header">
        <h1>Access keys (SigV4)</h1>
        <p className="muted small">
          Key pairs that sign requests to methods with authorization <span className="mono">AWS_IAM</span>, with any AWS Signature Version 4
          signer (service <span className="mono">execute-api</span>, any region). {canEdit ? "You see every key." : "You see your own keys."}
        </p>
      </header>
      <section className="card">
        <h2>Create an access key</h2>
        <form className="inline-form" onSubmit={submit} aria-label="Create access key" noValidate>
          <Field label="Key name" errors={problemsFor(create.error, "name")}>
            <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="billing-service" />
          </Field>
          <Field label="Only these API ids (empty: all)" errors={problemsFor(create.error, "restApiIds")}>
            <input value={apis} onChange={(e) => setApis(e.target.value)} placeholder="a1b2c3d4e5, …" className="mono" />
          </Field>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create access key
          </button>
        </form>
        <ErrorNotice error={create.error} problems={otherProblems(create.error, ["name", "restApiIds"])} />
        {create.data && (
          <div role="status" className="banner banner-success">
            <div>
              Access key <strong>{create.data.accessKey.name}</strong> created. Copy the secret now: it is not shown again.
            </div>
            <CopySecret label="Access key ID" value={create.data.accessKey.id} />
            <CopySecret label="Secret access key" value={create.data.secretAccessKey} />
          </div>
        )}
      </section>
      <section className="card">
        <h2>Access keys</h2>
        {isPending && <p className="muted">Loading…</p>}
        {error && <p className="error">Could not load access keys: {error.message}</p>}
        <ErrorNotice error={update.error} />
        {keysList && keysList.length === 0 && <p className="muted">No access keys yet.</p>}
        {keysList && keysList.length > 0 && (
          <table className="table" aria-label="Access keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Access key ID</th>
                <th>Secret</th>
                <th>User</th>
                <th>APIs</th>
                <th>Status</th>
                <th>Created</th>
                <th className="actions-col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keysList.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.id}</td>
                  <td className="mono small">{k.secretHint}</td>
                  <td className="small">{k.userEmail ?? <span className="muted">application</span>}</td>
                  <td className="small mono">{k.restApiIds.length > 0 ? k.restApiIds.join(", ") : <span className="muted">all</span>}</td>
                  <td>{k.enabled ? <span className="badge">enabled</span> : <span className="badge badge-danger">disabled</span>}</td>
                  <td className="small">{formatDate(k.createdAt)}</td>
                  <td className="actions-col">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`${k.enabled ? "Disable" : "Enable"} ${k.name}`}
                      disabled={update.isPending}
                      onClick={() => update.mutate(k)}
                    >
                      {k.enabled ? "Disable" : "Enable"}
                    </button>{" "}
                    <button type="button" className="button button-small button-danger-outline" aria-label={`Delete ${k.name}`} onClick={() => setDeleting(k)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete access key"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/accesskeys/${enc(deleting.id)}`);
            await refresh();
          }}
        >
          <p>Requests signed with this key are refused from now on (within a second). This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

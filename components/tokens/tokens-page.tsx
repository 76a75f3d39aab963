"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TToken } from "@/lib/schemas/management";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { useTokens } from "../api/use-tokens";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CopySecret } from "../ui/copy-secret";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

export function TokensPage() {
  const queryClient = useQueryClient();
  const { data: tokens, error, isPending } = useTokens();
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [revoking, setRevoking] = useState<TToken | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.post<{ token: TToken; secret: string }>("/tokens", { name, ...(days.trim() ? { expiresInDays: Number(days) } : {}) }),
    onSuccess: async () => {
      setName("");
      setDays("");
      await queryClient.invalidateQueries({ queryKey: keys.tokens() });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <>
      <header className="page-header">
        <h1>Access tokens</h1>
        <p className="muted small">
          Personal access tokens call the management API (<span className="mono">Authorization: Bearer …</span>) with your role.
        </p>
      </header>
      <section className="card">
        <h2>Create a token</h2>
        <form className="inline-form" onSubmit={submit} aria-label="Create token" noValidate>
          <Field label="Token name" errors={problemsFor(create.error, "name")}>
            <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="ci-deploy" />
          </Field>
          <Field label="Expires in days (empty: never)" errors={problemsFor(create.error, "expiresInDays")}>
            <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} className="num" />
          </Field>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create token
          </button>
        </form>
        <ErrorNotice error={create.error} problems={otherProblems(create.error, ["name", "expiresInDays"])} />
        {create.data && (
          <div role="status" className="banner banner-success">
            <div>
              Token <strong>{create.data.token.name}</strong> created.
            </div>
            <CopySecret label="Token secret" value={create.data.secret} />
          </div>
        )}
      </section>
      <section className="card">
        <h2>Your tokens</h2>
        {isPending && <p className="muted">Loading…</p>}
        {error && <p className="error">Could not load tokens: {error.message}</p>}
        {tokens && tokens.length === 0 && <p className="muted">No tokens yet.</p>}
        {tokens && tokens.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Role</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th className="actions-col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{t.role}</td>
                  <td className="small">{formatDate(t.createdDate)}</td>
                  <td className="small">{t.lastUsedDate ? formatDate(t.lastUsedDate) : <span className="muted">never</span>}</td>
                  <td className="small">{t.expiresDate ? formatDate(t.expiresDate) : <span className="muted">never</span>}</td>
                  <td className="actions-col">
                    {t.revoked ? (
                      <span className="badge badge-danger">revoked</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() => setRevoking(t)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke token"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.delete(`/tokens/${enc(revoking.id)}`);
            await queryClient.invalidateQueries({ queryKey: keys.tokens() });
          }}
        >
          <p>Requests with this token are refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TApiKey } from "@/lib/schemas/api-keys";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CopySecret } from "../ui/copy-secret";
import { Dialog } from "../ui/dialog";
import { AccessError } from "./access-error";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

export const apiKeysQueryKey = ["apikeys"] as const;

export function useApiKeys() {
  return useQuery({ queryKey: apiKeysQueryKey, queryFn: async () => (await api.get<{ items: TApiKey[] }>("/apikeys")).items });
}

const CREATE_FIELDS = ["name", "description", "value", "customerId", "enabled"];

function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (key: TApiKey) => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [mode, setMode] = useState<"generate" | "import">("generate");
  const [value, setValue] = useState("");
  const [enabled, setEnabled] = useState(true);
  const create = useMutation({
    mutationFn: () => api.post<TApiKey>("/apikeys", { name, description, enabled, ...(mode === "import" ? { value } : {}) }),
    onSuccess: (key) => onCreated(key),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog title="Create API key" onClose={onClose}>
      <form className="form" onSubmit={submit} aria-label="Create API key" noValidate>
        <Field label="Name" errors={problemsFor(create.error, "name")}>
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus placeholder="mobile-app" />
        </Field>
        <Field label="Description" errors={problemsFor(create.error, "description")}>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <fieldset className="kv">
          <legend>Key value</legend>
          <label className="checkbox" style={{ flexDirection: "row" }}>
            <input type="radio" name="key-mode" checked={mode === "generate"} onChange={() => setMode("generate")} /> Auto-generate (40 characters)
          </label>
          <label className="checkbox" style={{ flexDirection: "row" }}>
            <input type="radio" name="key-mode" checked={mode === "import"} onChange={() => setMode("import")} /> Import a value
          </label>
        </fieldset>
        {mode === "import" && (
          <Field label="Value (20–128 characters)" errors={problemsFor(create.error, "value")}>
            <input value={value} onChange={(e) => setValue(e.target.value)} className="mono" autoComplete="off" />
          </Field>
        )}
        <Field label="Enabled" inline errors={problemsFor(create.error, "enabled")}>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        </Field>
        <AccessError error={create.error} problems={otherProblems(create.error, CREATE_FIELDS)} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function KeyRow({ apiKey, canEdit, onDelete }: { apiKey: TApiKey; canEdit: boolean; onDelete: () => void }) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.patch<TApiKey>(`/apikeys/${enc(apiKey.id)}`, { version: apiKey.version, enabled }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
  const reveal = useMutation({
    mutationFn: () => api.get<TApiKey>(`/apikeys/${enc(apiKey.id)}?includeValue=true`),
    onSuccess: (key) => setRevealed(key.value ?? null),
  });
  return (
    <tr>
      <td>
        <div>{apiKey.name}</div>
        {apiKey.description && <div className="muted small">{apiKey.description}</div>}
        <div className="muted small mono">{apiKey.id}</div>
      </td>
      <td className="mono">
        {revealed ? (
          <output aria-label={`Value of ${apiKey.name}`} className="mono">
            {revealed}
          </output>
        ) : (
          `${apiKey.prefix}…`
        )}
      </td>
      <td>
        <label className="checkbox">
          <input
            type="checkbox"
            aria-label={`Enabled: ${apiKey.name}`}
            checked={toggle.isPending ? Boolean(toggle.variables) : apiKey.enabled}
            disabled={!canEdit || toggle.isPending}
            onChange={(e) => toggle.mutate(e.target.checked)}
          />
          {apiKey.enabled ? "enabled" : "disabled"}
        </label>
        {toggle.error && <div className="error small">{toggle.error.message}</div>}
      </td>
      <td className="small">{apiKey.usagePlans.length === 0 ? <span className="muted">none</span> : apiKey.usagePlans.map((p) => p.name).join(", ")}</td>
      <td className="small">{formatDate(apiKey.createdAt)}</td>
      <td className="actions-col">
        {canEdit && !revealed && (
          <button type="button" className="button button-small" aria-label={`Reveal ${apiKey.name}`} disabled={reveal.isPending} onClick={() => reveal.mutate()}>
            Reveal
          </button>
        )}
        {revealed && (
          <button type="button" className="button button-small" aria-label={`Hide ${apiKey.name}`} onClick={() => setRevealed(null)}>
            Hide
          </button>
        )}{" "}
        {canEdit && (
          <button type="button" className="button button-small button-danger-outline" aria-label={`Delete ${apiKey.name}`} onClick={onDelete}>
            Delete
          </button>
        )}
        {reveal.error && <div className="error small">{reveal.error.message}</div>}
      </td>
    </tr>
  );
}

export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const { data: apiKeys, error, isPending } = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<TApiKey | null>(null);
  const [deleting, setDeleting] = useState<TApiKey | null>(null);
  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1>API keys</h1>
          <p className="muted small">
            Callers send a key in <span className="mono">x-api-key</span> to methods that require one; the key must be in a usage plan of the API
            stage.
          </p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              Create API key
            </button>
          </div>
        )}
      </header>
      {created?.value && (
        <div role="status" className="banner banner-success">
          <div>
            API key <strong>{created.name}</strong> created.
          </div>
          <CopySecret label="API key value" value={created.value} />
          <button type="button" className="button button-small" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <section className="card">
        {isPending && <p className="muted">Loading…</p>}
        {error && <p className="error">Could not load API keys: {error.message}</p>}
        {apiKeys && apiKeys.length === 0 && <p className="muted">No API keys yet.</p>}
        {apiKeys && apiKeys.length > 0 && (
          <table className="table" aria-label="API keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Enabled</th>
                <th>Usage plans</th>
                <th>Created</th>
                <th className="actions-col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {apiKeys.map((k) => (
                <KeyRow key={k.id} apiKey={k} canEdit={canEdit} onDelete={() => setDeleting(k)} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={async (key) => {
            setCreating(false);
            setCreated(key);
            await queryClient.invalidateQueries({ queryKey: apiKeysQueryKey });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete key"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/apikeys/${enc(deleting.id)}`);
            await queryClient.invalidateQueries({ queryKey: apiKeysQueryKey });
          }}
        >
          <p>Requests with this key are refused within a second. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

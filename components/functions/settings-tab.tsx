"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TFunction } from "@/lib/schemas/functions";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";

interface EnvRow {
  name: string;
  value: string;
  secret: boolean;
}

const FIELDS = ["description", "handler", "timeoutSeconds", "memoryMb", "reservedConcurrency", "environment"];

/** Handler, limits, reserved concurrency and environment variables (secrets masked; leaving the mask keeps the stored value). */
export function SettingsTab({
  fn,
  canEdit,
  onSaved,
  reload,
  justSaved = false,
  onEdit,
}: {
  fn: TFunction;
  canEdit: boolean;
  onSaved: (f: TFunction) => void;
  reload: () => void;
  /** This revision was saved from this tab: the tab is remounted with it (keyed by version), so the parent remembers. */
  justSaved?: boolean;
  /** The first edit after a save: the parent forgets `justSaved`. */
  onEdit?: () => void;
}) {
  const [edited, setEdited] = useState(false);
  const touch = () => {
    if (edited) return;
    setEdited(true);
    onEdit?.();
  };
  const [description, setDescription] = useState(fn.description);
  const [handler, setHandler] = useState(fn.handler);
  const [timeout, setTimeoutSeconds] = useState(String(fn.timeoutSeconds));
  const [memory, setMemory] = useState(String(fn.memoryMb));
  const [reserved, setReserved] = useState(fn.reservedConcurrency === null ? "" : String(fn.reservedConcurrency));
  const [env, setEnv] = useState<EnvRow[]>(() => Object.entries(fn.environment).map(([name, v]) => ({ name, ...v })));
  const save = useMutation({
    mutationFn: () =>
      api.patch<TFunction>(`/functions/${enc(fn.name)}`, {
        version: fn.version,
        description,
        handler: handler.trim(),
        timeoutSeconds: Number(timeout),
        memoryMb: Number(memory),
        reservedConcurrency: reserved.trim() === "" ? null : Number(reserved),
        environment: Object.fromEntries(env.filter((r) => r.name.trim()).map((r) => [r.name.trim(), { value: r.value, secret: r.secret }])),
      }),
    onSuccess: onSaved,
  });
  const update = (i: number, patch: Partial<EnvRow>) => setEnv((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const showSaved = !edited && (justSaved || save.isSuccess);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <section className="card" aria-label="Settings">
      <h2>Settings</h2>
      <form className="form form-compact" onSubmit={submit} onChange={touch} noValidate aria-label="Function settings">
        <fieldset disabled={!canEdit} className="plain">
          <Field label="Description" errors={problemsFor(save.error, "description")}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <Field label="Handler" errors={problemsFor(save.error, "handler")} hint="file.export: index.handler runs the export handler of index.ts (or index.js).">
            <input className="mono" value={handler} onChange={(e) => setHandler(e.target.value)} />
          </Field>
          <Field label="Timeout (seconds)" errors={problemsFor(save.error, "timeoutSeconds")} hint="1–900 seconds.">
            <input type="number" min={1} max={900} value={timeout} onChange={(e) => setTimeoutSeconds(e.target.value)} />
          </Field>
          <Field label="Memory (MB)" errors={problemsFor(save.error, "memoryMb")} hint="128–3008 MB.">
            <input type="number" min={128} max={3008} value={memory} onChange={(e) => setMemory(e.target.value)} />
          </Field>
          <Field label="Reserved concurrency" errors={problemsFor(save.error, "reservedConcurrency")} hint="0–1000; empty: unreserved.">
            <input type="number" min={0} max={1000} value={reserved} onChange={(e) => setReserved(e.target.value)} />
          </Field>
          <div className="field">
            <span className="field-label">Environment variables</span>
            {env.length === 0 && <span className="muted small">None.</span>}
            {env.map((row, i) => (
              <div className="fn-env-row" key={i}>
                <input type="text" aria-label={`Variable ${i + 1} name`} className="mono" value={row.name} onChange={(e) => update(i, { name: e.target.value })} placeholder="NAME" />
                <input
                  type={row.secret ? "password" : "text"}
                  aria-label={`Variable ${i + 1} value`}
                  className="mono"
                  value={row.value}
                  onChange={(e) => update(i, { value: e.target.value })}
                  placeholder={row.secret ? "secret value" : "value"}
                />
                <label className="checkbox small">
                  <input type="checkbox" checked={row.secret} onChange={(e) => update(i, { secret: e.target.checked })} /> Secret
                </label>
                <button type="button" className="button button-small" onClick={() => {
                    touch();
                    setEnv((rows) => rows.filter((_, j) => j !== i));
                  }} aria-label={`Remove variable ${i + 1}`}>
                  Remove
                </button>
                {problemsFor(save.error, `environment.${row.name.trim()}`).map((m) => (
                  <span key={m} className="field-error" style={{ gridColumn: "1 / -1" }}>
                    {m}
                  </span>
                ))}
              </div>
            ))}
            <div>
              <button type="button" className="button button-small" onClick={() => {
                  touch();
                  setEnv((rows) => [...rows, { name: "", value: "", secret: false }]);
                }}>
                Add variable
              </button>
            </div>
            <span className="muted small">Secrets are encrypted at rest and never shown again; leave the masked value to keep a secret&rsquo;s value.</span>
          </div>
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, FIELDS)} />
        {canEdit && (
          <div className="row-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save settings
            </button>
            {showSaved && (
              <span className="success" role="status">
                Saved.
              </span>
            )}
          </div>
        )}
      </form>
    </section>
  );
}

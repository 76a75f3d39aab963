"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TFunction, TFunctionVersion } from "@/lib/schemas/functions";
import { api, enc } from "../api/client";
import { functionKeys, useFunctionVersions } from "../api/use-functions";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

/** Publish $LATEST as an immutable version; the list of published versions. */
export function VersionsTab({ fn, canEdit }: { fn: TFunction; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const { data: versions, error, isPending } = useFunctionVersions(fn.name);
  const [description, setDescription] = useState("");
  const publish = useMutation({
    mutationFn: () => api.post<TFunctionVersion>(`/functions/${enc(fn.name)}/versions`, { description, version: fn.version }),
    onSuccess: async () => {
      setDescription("");
      await queryClient.invalidateQueries({ queryKey: functionKeys.one(fn.name) });
      await queryClient.invalidateQueries({ queryKey: functionKeys.all(), exact: true });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    publish.mutate();
  }
  return (
    <section className="card" aria-label="Versions">
      <h2>Versions</h2>
      {canEdit && (
        <form className="inline-form" onSubmit={submit} aria-label="Publish version">
          <Field label="Version description">
            <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What changed" />
          </Field>
          <button type="submit" className="button button-primary" disabled={publish.isPending}>
            Publish new version
          </button>
        </form>
      )}
      <ErrorNotice error={publish.error} />
      {publish.data && (
        <p className="success" role="status">
          Published version {publish.data.number}.
        </p>
      )}
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load versions: {error.message}</p>}
      {versions && versions.length === 0 && <p className="muted">No published versions: integrations call $LATEST.</p>}
      {versions && versions.length > 0 && (
        <table className="table" aria-label="Published versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Description</th>
              <th>Handler</th>
              <th>Timeout</th>
              <th>Memory</th>
              <th>Published</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.number}>
                <td>{v.number}</td>
                <td>{v.description || <span className="muted">—</span>}</td>
                <td className="mono">{v.handler}</td>
                <td>{v.timeoutSeconds} s</td>
                <td>{v.memoryMb} MB</td>
                <td>{formatDate(v.createdDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

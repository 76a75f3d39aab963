"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TMethodResponse } from "@/lib/schemas/management";
import { api } from "../api/client";
import { FlagRows } from "../ui/bool-map-rows";
import { ErrorNotice } from "../ui/error-notice";
import { AddStatusForm } from "./add-status-form";
import { splitByPrefix, type BoxProps } from "./box-props";

const HEADER = "method.response.header.";

export function MethodResponsesBox(props: BoxProps) {
  const { method, base, canEdit, refresh } = props;
  const responses = Object.values(method.methodResponses).sort((a, b) => a.statusCode.localeCompare(b.statusCode));
  return (
    <section className="box" aria-label="Method Response">
      <h3>Method Response</h3>
      {responses.length === 0 && <p className="muted small">No method responses.</p>}
      {responses.map((r) => (
        <MethodResponseForm key={r.statusCode} response={r} {...props} />
      ))}
      {canEdit && (
        <AddStatusForm
          label="Add method response"
          existing={responses.map((r) => r.statusCode)}
          onAdd={async (status) => {
            await api.put(`${base}/responses/${status}`, { responseParameters: {}, responseModels: {} });
            await refresh();
          }}
        />
      )}
    </section>
  );
}

function MethodResponseForm({ response, base, canEdit, refresh, reload }: BoxProps & { response: TMethodResponse }) {
  const [split] = useState(() => splitByPrefix(response.responseParameters, HEADER));
  const [headers, setHeaders] = useState(() => split.matched.map(([name, required]) => ({ name, required })));
  const path = `${base}/responses/${response.statusCode}`;
  const save = useMutation({
    mutationFn: () =>
      api.put(path, {
        responseParameters: {
          ...split.rest,
          ...Object.fromEntries(headers.filter((h) => h.name.trim()).map((h) => [`${HEADER}${h.name.trim()}`, h.required])),
        },
        responseModels: response.responseModels,
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => api.delete(path), onSuccess: refresh });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="form form-compact sub-box" onSubmit={submit} aria-label={`Method response ${response.statusCode}`}>
      <h4>
        Status <span className="mono">{response.statusCode}</span>
      </h4>
      <FlagRows label="Response headers" rows={headers} onChange={setHeaders} namePlaceholder="X-Header" disabled={!canEdit} />
      <ErrorNotice error={save.error ?? remove.error} onReload={reload} />
      {canEdit && (
        <div className="row-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-label={`Save method response ${response.statusCode}`}
            disabled={save.isPending}
          >
            Save
          </button>
          <button
            type="button"
            className="button button-danger-outline"
            aria-label={`Delete method response ${response.statusCode}`}
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            Delete
          </button>
        </div>
      )}
    </form>
  );
}

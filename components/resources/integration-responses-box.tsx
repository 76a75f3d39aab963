"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TIntegrationResponse } from "@/lib/schemas/management";
import { api, otherProblems, problemsFor } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { KeyValueRows, recordFromRows, rowsFromRecord } from "../ui/key-value-rows";
import { TemplateMap, templateRowsFrom, templatesFromRows } from "../templates/template-map";
import { AddStatusForm } from "./add-status-form";
import type { BoxProps } from "./box-props";

const FIELDS = ["selectionPattern", "responseParameters", "responseTemplates", "contentHandling"];
const CONTENT_HANDLING = [
  { value: "", label: "Passthrough (as received)" },
  { value: "CONVERT_TO_TEXT", label: "Convert to text (CONVERT_TO_TEXT)" },
  { value: "CONVERT_TO_BINARY", label: "Convert to binary (CONVERT_TO_BINARY)" },
];

export function IntegrationResponsesBox(props: BoxProps) {
  const { method, base, canEdit, refresh } = props;
  const integration = method.methodIntegration;
  const responses = Object.values(integration?.integrationResponses ?? {}).sort((a, b) => a.statusCode.localeCompare(b.statusCode));
  return (
    <section className="box" aria-label="Integration Response">
      <h3>Integration Response</h3>
      {!integration ? (
        <p className="muted small">Set up the integration request first.</p>
      ) : (
        <>
          {integration.type === "MOCK" && (
            <p className="muted small">A mock answers with the status and body of the integration response its selection pattern picks (the default one has none).</p>
          )}
          {responses.length === 0 && <p className="muted small">No integration responses.</p>}
          {responses.map((r) => (
            <IntegrationResponseForm key={r.statusCode} response={r} {...props} />
          ))}
          {canEdit && (
            <AddStatusForm
              label="Add integration response"
              existing={responses.map((r) => r.statusCode)}
              onAdd={async (status) => {
                await api.put(`${base}/integration/responses/${status}`, {
                  selectionPattern: responses.length === 0 ? "" : status,
                  responseParameters: {},
                  responseTemplates: {},
                });
                await refresh();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function IntegrationResponseForm({ apiId, resource, method, response, base, canEdit, refresh, reload }: BoxProps & { response: TIntegrationResponse }) {
  const [selectionPattern, setSelectionPattern] = useState(response.selectionPattern ?? "");
  const [headers, setHeaders] = useState(() => rowsFromRecord(response.responseParameters));
  const [templates, setTemplates] = useState(() =>
    Object.keys(response.responseTemplates).length > 0
      ? templateRowsFrom(response.responseTemplates)
      : [{ contentType: "application/json", template: "" }],
  );
  const [contentHandling, setContentHandling] = useState(response.contentHandling ?? "");
  const path = `${base}/integration/responses/${response.statusCode}`;
  const save = useMutation({
    mutationFn: () =>
      api.put(path, {
        selectionPattern: selectionPattern === "" ? null : selectionPattern,
        responseParameters: recordFromRows(headers),
        responseTemplates: templatesFromRows(templates),
        contentHandling: contentHandling || null,
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => api.delete(path), onSuccess: refresh });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="form form-compact sub-box" onSubmit={submit} aria-label={`Integration response ${response.statusCode}`}>
      <h4>
        Status <span className="mono">{response.statusCode}</span>
        {!response.selectionPattern && <span className="badge badge-muted">default</span>}
      </h4>
      <fieldset disabled={!canEdit} className="plain">
        <Field
          label="Selection pattern"
          errors={problemsFor(save.error, "selectionPattern")}
          hint="Regular expression on the backend's status (HTTP) or error; empty for the default response."
        >
          <input className="mono" value={selectionPattern} onChange={(e) => setSelectionPattern(e.target.value)} />
        </Field>
        <KeyValueRows
          label="Header mappings"
          keyLabel="Response header"
          valueLabel="Mapped from"
          keyPlaceholder="method.response.header.X-Id"
          valuePlaceholder="'static value'"
          rows={headers}
          onChange={setHeaders}
        />
        <Field label="Content handling" errors={problemsFor(save.error, "contentHandling")}>
          <select value={contentHandling} onChange={(e) => setContentHandling(e.target.value)}>
            {CONTENT_HANDLING.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <TemplateMap
          label="Response templates"
          rows={templates}
          onChange={setTemplates}
          disabled={!canEdit}
          field="responseTemplates"
          error={save.error}
          preview={{ apiId, kind: "response", httpMethod: method.httpMethod, resourcePath: resource.path }}
        />
      </fieldset>
      <ErrorNotice error={save.error ?? remove.error} onReload={reload} problems={otherProblems(save.error, FIELDS)} />
      {canEdit && (
        <div className="row-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-label={`Save integration response ${response.statusCode}`}
            disabled={save.isPending || remove.isPending}
          >
            {save.isPending ? "Saving…" : "Save"}
          </button>
          <button
            type="button"
            className="button button-danger-outline"
            aria-label={`Delete integration response ${response.statusCode}`}
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

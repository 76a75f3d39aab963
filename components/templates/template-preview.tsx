"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { TTemplatePreview } from "@/lib/schemas/management";
import { api, enc, problemsFor } from "../api/client";
import { JsonTextEditor } from "../monaco/lazy-editors";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { KeyValueRows, recordFromRows, type Row } from "../ui/key-value-rows";

export interface PreviewContext {
  apiId: string;
  kind: "request" | "response";
  httpMethod?: string;
  resourcePath?: string;
}

const SAMPLE_BODY = '{\n  "name": "Ada"\n}';

/**
 * Renders a template against a sample request (`POST …/template-preview`),
 * without deploying: the body, parameters and stage variables are typed here.
 */
export function TemplatePreview({ template, context }: { template: string; context: PreviewContext }) {
  const [body, setBody] = useState(SAMPLE_BODY);
  const [headers, setHeaders] = useState<Row[]>([]);
  const [query, setQuery] = useState<Row[]>([]);
  const [pathParameters, setPathParameters] = useState<Row[]>([]);
  const [stageVariables, setStageVariables] = useState<Row[]>([]);
  const [httpMethod, setHttpMethod] = useState(context.httpMethod && context.httpMethod !== "ANY" ? context.httpMethod : "POST");

  const preview = useMutation({
    mutationFn: () =>
      api.post<TTemplatePreview>(`/restapis/${enc(context.apiId)}/template-preview`, {
        template,
        kind: context.kind,
        body,
        headers: recordFromRows(headers),
        query: recordFromRows(query),
        pathParameters: recordFromRows(pathParameters),
        stageVariables: recordFromRows(stageVariables),
        httpMethod,
        resourcePath: context.resourcePath || "/",
      }),
  });
  const syntax = problemsFor(preview.error, "template");
  const result = preview.data;
  const overrides = result?.overrides;
  const hasOverrides =
    !!overrides &&
    (overrides.response.status !== undefined ||
      Object.keys(overrides.response.header).length > 0 ||
      Object.values(overrides.request).some((m) => Object.keys(m).length > 0));

  return (
    <section className="template-preview" aria-label="Template preview">
      <h5>Preview</h5>
      <p className="muted small">
        {context.kind === "request"
          ? "Renders the template against this sample method request."
          : "Renders the template against this sample integration response body."}{" "}
        Nothing is deployed or sent.
      </p>
      <div className="field">
        <span className="field-label">{context.kind === "request" ? "Sample request body" : "Sample response body"}</span>
        <JsonTextEditor value={body} onChange={setBody} ariaLabel="Sample body" height={110} testId="preview-body-editor" />
      </div>
      <Field label="Sample HTTP method">
        <input className="mono" value={httpMethod} onChange={(e) => setHttpMethod(e.target.value.toUpperCase())} size={8} />
      </Field>
      <KeyValueRows label="Sample headers" rows={headers} onChange={setHeaders} keyPlaceholder="Accept" />
      <KeyValueRows label="Sample query string" rows={query} onChange={setQuery} keyPlaceholder="page" />
      <KeyValueRows label="Sample path parameters" rows={pathParameters} onChange={setPathParameters} keyPlaceholder="id" />
      <KeyValueRows label="Sample stage variables" rows={stageVariables} onChange={setStageVariables} keyPlaceholder="backend" />
      <div className="row-actions">
        <button type="button" className="button" onClick={() => preview.mutate()} disabled={preview.isPending}>
          {preview.isPending ? "Rendering…" : "Preview"}
        </button>
      </div>
      {syntax.length > 0 ? (
        <div role="alert" className="banner banner-error">
          {syntax.map((m) => (
            <div key={m}>Syntax error: {m}</div>
          ))}
        </div>
      ) : (
        <ErrorNotice error={preview.error} />
      )}
      {result && result.error !== null && (
        <div role="alert" className="banner banner-error">
          <div>Rendering failed: {result.error}</div>
        </div>
      )}
      {result && result.output !== null && (
        <div className="field">
          <span className="field-label">
            Output
          </span>
          <pre className="preview-output mono" aria-label="Preview output" data-testid="preview-output">
            {result.output}
          </pre>
        </div>
      )}
      {hasOverrides && (
        <div className="field">
          <span className="field-label">Overrides</span>
          <pre className="preview-output mono" aria-label="Preview overrides">
            {JSON.stringify(overrides, null, 2)}
          </pre>
        </div>
      )}
    </section>
  );
}

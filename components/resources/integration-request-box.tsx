"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { functionInvocationUri, parseFunctionInvocationUri, type ArnContext } from "@/lib/arn";
import type { TIntegration } from "@/lib/schemas/management";
import { api, otherProblems, problemsFor } from "../api/client";
import { useFunctions } from "../api/use-functions";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { KeyValueRows, recordFromRows, rowsFromRecord } from "../ui/key-value-rows";
import { TemplateMap, templateRowsFrom, templatesFromRows } from "../templates/template-map";
import type { BoxProps } from "./box-props";

type IntegrationType = TIntegration["type"];
const TYPES: Array<{ value: IntegrationType; label: string }> = [
  { value: "HTTP_PROXY", label: "HTTP proxy (HTTP_PROXY)" },
  { value: "HTTP", label: "HTTP (HTTP)" },
  { value: "AWS_PROXY", label: "Function (AWS_PROXY)" },
  { value: "AWS", label: "AWS (function, custom)" },
  { value: "MOCK", label: "Mock (MOCK)" },
];
const BACKEND_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];
const FIELDS = ["type", "httpMethod", "uri", "timeoutInMillis", "requestParameters", "requestTemplates", "passthroughBehavior", "contentHandling", "cacheKeyParameters"];
type Passthrough = TIntegration["passthroughBehavior"];
const PASSTHROUGH: Array<{ value: Passthrough; label: string }> = [
  { value: "WHEN_NO_MATCH", label: "When no template matches the Content-Type (WHEN_NO_MATCH)" },
  { value: "WHEN_NO_TEMPLATES", label: "When there are no templates (WHEN_NO_TEMPLATES)" },
  { value: "NEVER", label: "Never: 415 without a matching template (NEVER)" },
];
const CONTENT_HANDLING = [
  { value: "", label: "Passthrough (as received)" },
  { value: "CONVERT_TO_TEXT", label: "Convert to text (CONVERT_TO_TEXT)" },
  { value: "CONVERT_TO_BINARY", label: "Convert to binary (CONVERT_TO_BINARY)" },
] as const;
type ContentHandling = TIntegration["contentHandling"];
const MOCK_TEMPLATE = { contentType: "application/json", template: '{"statusCode": 200}' };

export function IntegrationRequestBox({ apiId, resource, method, base, canEdit, refresh, reload, arn }: BoxProps & { arn: ArnContext }) {
  const existing = method.methodIntegration;
  // null until the integration exists: then PATCH with the version read (or last saved).
  const [version, setVersion] = useState(existing?.version ?? null);
  const [type, setType] = useState<IntegrationType>(existing?.type ?? "HTTP_PROXY");
  const [httpMethod, setHttpMethod] = useState(existing?.httpMethod || method.httpMethod);
  const [uri, setUri] = useState(existing?.uri ?? "");
  const [functionName, setFunctionName] = useState(() => parseFunctionInvocationUri(existing?.uri ?? "")?.functionName ?? "");
  const [timeout, setTimeoutMs] = useState(String(existing?.timeoutInMillis ?? 29000));
  const [parameters, setParameters] = useState(() => rowsFromRecord(existing?.requestParameters));
  const [templates, setTemplates] = useState(() => templateRowsFrom(existing?.requestTemplates));
  const [passthrough, setPassthrough] = useState<Passthrough>(existing?.passthroughBehavior ?? "WHEN_NO_MATCH");
  const [contentHandling, setContentHandling] = useState<ContentHandling>(existing?.contentHandling ?? null);
  const [cacheKeys, setCacheKeys] = useState(() => (existing?.cacheKeyParameters ?? []).join(", "));
  const [removing, setRemoving] = useState(false);
  const functions = useFunctions();
  const isHttp = type === "HTTP" || type === "HTTP_PROXY";
  const isFunction = type === "AWS_PROXY" || type === "AWS";
  const proxy = type === "HTTP_PROXY" || type === "AWS_PROXY";

  function changeType(next: IntegrationType) {
    setType(next);
    if (next === "MOCK" && templates.length === 0) setTemplates([MOCK_TEMPLATE]);
    if ((next === "AWS_PROXY" || next === "AWS") && !parseFunctionInvocationUri(uri)) setUri(functionName ? functionInvocationUri(arn, functionName) : "");
  }

  const save = useMutation({
    mutationFn: async () => {
      // Proxies pass the request through: their templates and passthrough settings are not sent (nor shown).
      const body = {
        type,
        ...(type === "MOCK" ? {} : { httpMethod: type === "AWS_PROXY" || type === "AWS" ? "POST" : httpMethod }),
        uri: type === "MOCK" ? "" : uri.trim(),
        timeoutInMillis: Number(timeout),
        requestParameters: recordFromRows(parameters),
        cacheKeyParameters: cacheKeys.split(/[\s,]+/).filter(Boolean),
        ...(proxy ? {} : { requestTemplates: templatesFromRows(templates), passthroughBehavior: passthrough, contentHandling }),
      };
      if (version !== null) return api.patch<TIntegration>(`${base}/integration`, { version, ...body });
      const created = await api.put<TIntegration>(`${base}/integration`, body);
      // As AWS's console does: a new non-proxy integration answers 200 through a default integration and method response.
      if (!proxy && Object.keys(created.integrationResponses ?? {}).length === 0) {
        if (!method.methodResponses["200"]) await api.put(`${base}/responses/200`, { responseParameters: {}, responseModels: {} });
        await api.put(`${base}/integration/responses/200`, { selectionPattern: "", responseParameters: {}, responseTemplates: {} });
      }
      return created;
    },
    onSuccess: async (saved) => {
      setVersion(saved.version);
      await refresh();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="box" aria-label="Integration Request">
      <h3>Integration Request</h3>
      {version === null && <p className="muted small">No integration yet: the method cannot be deployed until it has one.</p>}
      <form className="form form-compact" onSubmit={submit} noValidate>
        <fieldset disabled={!canEdit} className="plain">
          <Field label="Integration type" errors={problemsFor(save.error, "type")}>
            <select value={type} onChange={(e) => changeType(e.target.value as IntegrationType)}>
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          {isHttp && (
            <>
              <Field label="HTTP method" errors={problemsFor(save.error, "httpMethod")}>
                <select value={httpMethod} onChange={(e) => setHttpMethod(e.target.value)}>
                  {BACKEND_VERBS.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                label="Endpoint URL"
                errors={problemsFor(save.error, "uri")}
                hint={
                  <>
                    May use path parameters such as <span className="mono">{"{id}"}</span> and{" "}
                    <span className="mono">{"${stageVariables.name}"}</span>.
                  </>
                }
              >
                <input className="mono" value={uri} onChange={(e) => setUri(e.target.value)} placeholder="https://backend.example/items/{id}" />
              </Field>
            </>
          )}
          {isFunction && (
            <>
              <Field label="Function name" hint={`Builds the ARN in ${arn.region}, account ${arn.accountId}.`}>
                <input
                  list="integration-function-names"
                  value={functionName}
                  onChange={(e) => {
                    setFunctionName(e.target.value);
                    setUri(e.target.value.trim() ? functionInvocationUri(arn, e.target.value.trim()) : "");
                  }}
                  placeholder="my-function"
                />
              </Field>
              <datalist id="integration-function-names">
                {(functions.data ?? []).map((f) => (
                  <option key={f.name} value={f.name} />
                ))}
              </datalist>
              <Field label="Function URI" errors={problemsFor(save.error, "uri")} hint="Or paste a function invocation ARN.">
                <input
                  className="mono"
                  value={uri}
                  onChange={(e) => {
                    setUri(e.target.value);
                    setFunctionName(parseFunctionInvocationUri(e.target.value.trim())?.functionName ?? "");
                  }}
                />
              </Field>
            </>
          )}
          <Field label="Timeout (ms)" errors={problemsFor(save.error, "timeoutInMillis")} hint="50–29000 ms.">
            <input type="number" min={50} max={29000} value={timeout} onChange={(e) => setTimeoutMs(e.target.value)} />
          </Field>
          {type !== "MOCK" && (
            <KeyValueRows
              label="Request parameter mappings"
              keyLabel="Integration parameter"
              valueLabel="Mapped from"
              keyPlaceholder="integration.request.header.x-id"
              valuePlaceholder="method.request.path.id"
              rows={parameters}
              onChange={setParameters}
            />
          )}
          {problemsFor(save.error, "requestParameters").map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
          <Field
            label="Cache key parameters"
            errors={problemsFor(save.error, "cacheKeyParameters")}
            hint="Comma-separated method.request.{querystring|header|path}.name, each also declared as a method request parameter: the response cache keeps one entry per combination of their values."
          >
            <input
              className="mono"
              value={cacheKeys}
              placeholder="method.request.querystring.q, method.request.header.Authorization"
              onChange={(e) => setCacheKeys(e.target.value)}
            />
          </Field>
          {!proxy && (
            <>
              <Field
                label="Request body passthrough"
                errors={problemsFor(save.error, "passthroughBehavior")}
                hint="What happens to a body whose Content-Type has no template."
              >
                <select value={passthrough} onChange={(e) => setPassthrough(e.target.value as Passthrough)}>
                  {PASSTHROUGH.map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Content handling" errors={problemsFor(save.error, "contentHandling")}>
                <select
                  value={contentHandling ?? ""}
                  onChange={(e) => setContentHandling((e.target.value || null) as ContentHandling)}
                >
                  {CONTENT_HANDLING.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </Field>
              <TemplateMap
                label="Request templates"
                rows={templates}
                onChange={setTemplates}
                disabled={!canEdit}
                field="requestTemplates"
                error={save.error}
                preview={{ apiId, kind: "request", httpMethod: method.httpMethod, resourcePath: resource.path }}
                modelsApiId={apiId}
              />
            </>
          )}
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, FIELDS)} />
        {canEdit && (
          <div className="row-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {version !== null ? "Save integration request" : "Create integration"}
            </button>
            {version !== null && (
              <button type="button" className="button button-danger-outline" onClick={() => setRemoving(true)}>
                Remove integration
              </button>
            )}
          </div>
        )}
      </form>
      {removing && (
        <ConfirmDialog
          title="Remove the integration?"
          confirmLabel="Remove integration"
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            await api.delete(`${base}/integration`);
            await reload();
          }}
        >
          <p>The method keeps its settings but has no backend; it cannot be deployed until it gets one.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

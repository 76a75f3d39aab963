"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_DEFAULTS, isGatewayResponseType } from "@/lib/gateway-responses";
import type { TGatewayResponse } from "@/lib/schemas/management";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { useGatewayResponses } from "../api/use-models";
import { usePermissions } from "../current-user";
import { splitByPrefix } from "../resources/box-props";
import { TemplateMap, templateRowsFrom, templatesFromRows } from "../templates/template-map";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { KeyValueRows, recordFromRows } from "../ui/key-value-rows";

const HEADER = "gatewayresponse.header.";
const FIELDS = ["statusCode", "responseParameters", "responseTemplates"];

const defaultsOf = (type: string) => (isGatewayResponseType(type) ? GATEWAY_RESPONSE_DEFAULTS[type] : null);

function statusLabel(response: TGatewayResponse): string {
  if (response.statusCode) return response.statusCode;
  const status = defaultsOf(response.responseType)?.status;
  return status ? String(status) : "—";
}

/** Every gateway response type (the answers the gateway itself gives), with AWS's defaults and this API's customizations. */
export function GatewayResponsesTab({ apiId }: { apiId: string }) {
  const { canEdit } = usePermissions();
  const { data: responses, error, isPending } = useGatewayResponses(apiId);
  const [editing, setEditing] = useState<TGatewayResponse | null>(null);

  return (
    <section className="card" aria-label="Gateway responses">
      <h2>Gateway responses</h2>
      <p className="muted small">
        What the gateway answers when a request fails before or around the integration (no route, bad body, throttled, timeout…).
        DEFAULT_4XX and DEFAULT_5XX apply to every type of their class that is not customized itself. Changes apply to stages at the
        next deploy (Deploy API).
      </p>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load gateway responses: {error.message}</p>}
      {responses && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Response type</th>
              <th>Status</th>
              <th>Customized</th>
              <th className="actions-col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {responses.map((r) => {
              const customizable = defaultsOf(r.responseType)?.customizable ?? true;
              return (
                <tr key={r.responseType} data-testid={`gateway-response-${r.responseType}`}>
                  <td className="mono">{r.responseType}</td>
                  <td className="mono">{statusLabel(r)}</td>
                  <td>{r.defaultResponse ? <span className="badge badge-muted">default</span> : <span className="badge badge-ok">customized</span>}</td>
                  <td className="actions-col">
                    {customizable ? (
                      <button type="button" className="button button-small" aria-label={`${canEdit ? "Edit" : "View"} ${r.responseType}`} onClick={() => setEditing(r)}>
                        {canEdit ? "Edit" : "View"}
                      </button>
                    ) : (
                      <span className="muted small">Not customizable</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing && <GatewayResponseDialog apiId={apiId} response={editing} canEdit={canEdit} onClose={() => setEditing(null)} />}
    </section>
  );
}

function GatewayResponseDialog({
  apiId,
  response,
  canEdit,
  onClose,
}: {
  apiId: string;
  response: TGatewayResponse;
  canEdit: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const defaults = defaultsOf(response.responseType);
  const [split] = useState(() => splitByPrefix(response.responseParameters, HEADER));
  const [statusCode, setStatusCode] = useState(response.statusCode ?? "");
  const [headers, setHeaders] = useState(() => split.matched.map(([key, value]) => ({ key, value })));
  const [templates, setTemplates] = useState(() =>
    Object.keys(response.responseTemplates).length > 0
      ? templateRowsFrom(response.responseTemplates)
      : [{ contentType: "application/json", template: DEFAULT_GATEWAY_RESPONSE_TEMPLATE }],
  );
  const [resetting, setResetting] = useState(false);
  const path = `/restapis/${enc(apiId)}/gatewayresponses/${enc(response.responseType)}`;
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.gatewayResponses(apiId) });
  const save = useMutation({
    mutationFn: () =>
      api.put<TGatewayResponse>(path, {
        ...(statusCode.trim() ? { statusCode: statusCode.trim() } : {}),
        responseParameters: {
          ...split.rest,
          ...Object.fromEntries(Object.entries(recordFromRows(headers)).map(([name, value]) => [`${HEADER}${name}`, value])),
        },
        responseTemplates: templatesFromRows(templates),
      }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const title = `Gateway response ${response.responseType}`;
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form className="form form-compact" onSubmit={submit} noValidate aria-label={title}>
        <p className="muted small">
          Default: {defaults?.status ? `status ${defaults.status}` : "the status of the error it covers"}
          {defaults?.message ? `, message “${defaults.message}”` : ""}.
        </p>
        <fieldset disabled={!canEdit} className="plain form-compact form">
          <Field
            label="Status code"
            errors={problemsFor(save.error, "statusCode")}
            hint={defaults?.status ? `Empty keeps the default, ${defaults.status}.` : "Empty keeps the status of each error."}
          >
            <input value={statusCode} onChange={(e) => setStatusCode(e.target.value)} placeholder={defaults?.status ? String(defaults.status) : ""} inputMode="numeric" size={5} />
          </Field>
          <KeyValueRows
            label="Response headers"
            keyLabel="Header"
            valueLabel="Value"
            keyPlaceholder="Access-Control-Allow-Origin"
            valuePlaceholder="'*'"
            rows={headers}
            onChange={setHeaders}
          />
          <span className="muted small">
            A static value goes in single quotes (<span className="mono">&apos;*&apos;</span>); otherwise an expression such as{" "}
            <span className="mono">method.request.header.Origin</span>, <span className="mono">stageVariables.name</span> or{" "}
            <span className="mono">context.requestId</span>.
          </span>
          {problemsFor(save.error, "responseParameters").map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
          <TemplateMap label="Body templates" rows={templates} onChange={setTemplates} disabled={!canEdit} field="responseTemplates" error={save.error} />
        </fieldset>
        <ErrorNotice error={save.error} onReload={() => void refresh().then(onClose)} problems={otherProblems(save.error, FIELDS)} />
        <div className="dialog-actions">
          {canEdit && !response.defaultResponse && (
            <button type="button" className="button button-danger-outline" onClick={() => setResetting(true)} disabled={save.isPending}>
              Reset to default
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {canEdit ? "Cancel" : "Close"}
          </button>
          {canEdit && (
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save gateway response"}
            </button>
          )}
        </div>
      </form>
      {resetting && (
        <ConfirmDialog
          title={`Reset ${response.responseType} to default?`}
          confirmLabel="Reset to default"
          onClose={() => setResetting(false)}
          onConfirm={async () => {
            await api.delete(path);
            await refresh();
            onClose();
          }}
        >
          <p>Its status, headers and body go back to AWS&apos;s defaults at the next deploy.</p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TMethod, TRequestValidator } from "@/lib/schemas/management";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { useModels, useRequestValidators } from "../api/use-models";
import { useAuthorizers } from "../authorizers/use-authorizers";
import { FlagRows, type FlagRow } from "../ui/bool-map-rows";
import { RowsFieldset } from "../ui/key-value-rows";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { splitByPrefix, type BoxProps } from "./box-props";

const QUERY = "method.request.querystring.";
const HEADER = "method.request.header.";
const FIELDS = ["authorizationType", "authorizerId", "authorizationScopes", "apiKeyRequired", "requestParameters", "requestValidatorId", "requestModels"];
/** The authorization select's value: NONE, AWS_IAM or `authorizer:{id}`. */
const AUTHORIZER_PREFIX = "authorizer:";
const CREATE_VALIDATOR = "__create__";
type ModelRow = { contentType: string; modelName: string };

const toRows = (entries: Array<[string, boolean]>): FlagRow[] => entries.map(([name, required]) => ({ name, required }));
const fromRows = (rows: FlagRow[], prefix: string) =>
  Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [`${prefix}${r.name.trim()}`, r.required]));

export function MethodRequestBox({ apiId, method, base, canEdit, refresh, reload }: BoxProps) {
  const [version, setVersion] = useState(method.version);
  const [authorizationType, setAuthorizationType] = useState(method.authorizationType);
  const [authorizerId, setAuthorizerId] = useState<string | null>(method.authorizerId ?? null);
  const [scopes, setScopes] = useState((method.authorizationScopes ?? []).join(" "));
  const authorizers = useAuthorizers(apiId);
  const selectedAuthorizer = (authorizers.data ?? []).find((a) => a.id === authorizerId);
  const authValue = authorizerId && authorizationType !== "NONE" && authorizationType !== "AWS_IAM" ? `${AUTHORIZER_PREFIX}${authorizerId}` : authorizationType;
  function chooseAuthorization(value: string) {
    if (!value.startsWith(AUTHORIZER_PREFIX)) {
      setAuthorizationType(value as typeof authorizationType);
      setAuthorizerId(null);
      return;
    }
    const id = value.slice(AUTHORIZER_PREFIX.length);
    const chosen = (authorizers.data ?? []).find((a) => a.id === id);
    setAuthorizerId(id);
    // A JWT authorizer serves JWT (or COGNITO_USER_POOLS, kept when the method had it) methods; functions serve CUSTOM.
    setAuthorizationType(chosen?.type === "JWT" ? (authorizationType === "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "JWT") : "CUSTOM");
  }
  const [apiKeyRequired, setApiKeyRequired] = useState(method.apiKeyRequired);
  const [initial] = useState(() => {
    const q = splitByPrefix(method.requestParameters, QUERY);
    const h = splitByPrefix(q.rest, HEADER);
    return { query: toRows(q.matched), headers: toRows(h.matched), other: h.rest };
  });
  const [query, setQuery] = useState(initial.query);
  const [headers, setHeaders] = useState(initial.headers);
  const [validatorId, setValidatorId] = useState<string | null>(method.requestValidatorId ?? null);
  const [creatingValidator, setCreatingValidator] = useState(false);
  const [models, setModels] = useState<ModelRow[]>(() =>
    Object.entries(method.requestModels ?? {}).map(([contentType, modelName]) => ({ contentType, modelName })),
  );
  const validators = useRequestValidators(apiId);
  const modelList = useModels(apiId);

  const save = useMutation({
    mutationFn: () =>
      api.patch<TMethod>(base, {
        version,
        authorizationType,
        authorizerId: authorizationType === "NONE" || authorizationType === "AWS_IAM" ? null : authorizerId,
        authorizationScopes: selectedAuthorizer?.type === "JWT" ? scopes.split(/[\s,]+/).filter(Boolean) : [],
        apiKeyRequired,
        requestParameters: { ...initial.other, ...fromRows(query, QUERY), ...fromRows(headers, HEADER) },
        requestValidatorId: validatorId,
        requestModels: Object.fromEntries(
          models.filter((m) => m.contentType.trim() && m.modelName).map((m) => [m.contentType.trim(), m.modelName]),
        ),
      }),
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
    <section className="box" aria-label="Method Request">
      <h3>Method Request</h3>
      <form className="form form-compact" onSubmit={submit}>
        <fieldset disabled={!canEdit} className="plain">
          <Field
            label="Authorization"
            errors={[...problemsFor(save.error, "authorizationType"), ...problemsFor(save.error, "authorizerId")]}
            hint={authorizers.error ? `Could not load authorizers: ${authorizers.error.message}` : undefined}
          >
            <select aria-label="Authorization" value={authValue} onChange={(e) => chooseAuthorization(e.target.value)}>
              <option value="NONE">NONE</option>
              <option value="AWS_IAM">AWS_IAM (Signature V4)</option>
              {(authorizers.data ?? []).map((a) => (
                <option key={a.id} value={`${AUTHORIZER_PREFIX}${a.id}`}>
                  {a.name} ({a.type === "JWT" ? "JWT" : `function, ${a.type}`})
                </option>
              ))}
              {authorizerId && authorizers.data && !selectedAuthorizer && <option value={authValue}>{authorizerId} (missing)</option>}
            </select>
          </Field>
          {selectedAuthorizer?.type === "JWT" && (
            <Field
              label="Authorization scopes"
              hint="Space-separated; the token needs any one of them (empty: none required)."
              errors={problemsFor(save.error, "authorizationScopes")}
            >
              <input aria-label="Authorization scopes" value={scopes} onChange={(e) => setScopes(e.target.value)} placeholder="pets/read admin" />
            </Field>
          )}
          <Field label="API key required" errors={problemsFor(save.error, "apiKeyRequired")} inline>
            <input type="checkbox" checked={apiKeyRequired} onChange={(e) => setApiKeyRequired(e.target.checked)} />
          </Field>
          <FlagRows label="Query string parameters" rows={query} onChange={setQuery} namePlaceholder="name" />
          <FlagRows label="Request headers" rows={headers} onChange={setHeaders} namePlaceholder="X-Header" />
          {problemsFor(save.error, "requestParameters").map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
          <Field
            label="Request validator"
            errors={problemsFor(save.error, "requestValidatorId")}
            hint={validators.error ? `Could not load validators: ${validators.error.message}` : undefined}
          >
            <select
              value={creatingValidator ? CREATE_VALIDATOR : (validatorId ?? "")}
              onChange={(e) => {
                if (e.target.value === CREATE_VALIDATOR) return setCreatingValidator(true);
                setCreatingValidator(false);
                setValidatorId(e.target.value || null);
              }}
            >
              <option value="">None</option>
              {(validators.data ?? []).map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name} ({validatorSummary(v)})
                </option>
              ))}
              {validatorId && validators.data && !validators.data.some((v) => v.id === validatorId) && (
                <option value={validatorId}>{validatorId}</option>
              )}
              {canEdit && <option value={CREATE_VALIDATOR}>Create validator…</option>}
            </select>
          </Field>
          <RowsFieldset
            label="Request models"
            rows={models}
            onChange={setModels}
            blank={(rows) => ({ contentType: rows.some((r) => r.contentType === "application/json") ? "" : "application/json", modelName: "" })}
            renderRow={(row, index, update, remove) => (
              <>
                <input
                  aria-label={`Request models content type ${index + 1}`}
                  placeholder="application/json"
                  value={row.contentType}
                  onChange={(e) => update({ contentType: e.target.value })}
                />
                <select aria-label={`Request models model ${index + 1}`} value={row.modelName} onChange={(e) => update({ modelName: e.target.value })}>
                  <option value="">Model…</option>
                  {(modelList.data ?? []).map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                    </option>
                  ))}
                  {row.modelName && modelList.data && !modelList.data.some((m) => m.name === row.modelName) && (
                    <option value={row.modelName}>{row.modelName}</option>
                  )}
                </select>
                {remove}
              </>
            )}
            extra={problemsFor(save.error, "requestModels").map((m) => (
              <span key={m} className="field-error">
                {m}
              </span>
            ))}
          />
          {modelList.data && modelList.data.length === 0 && (
            <span className="muted small">No models yet: add them in the API&apos;s Models tab.</span>
          )}
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, FIELDS)} />
        {canEdit && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending || creatingValidator}>
              {save.isPending ? "Saving…" : "Save method request"}
            </button>
          </div>
        )}
      </form>
      {creatingValidator && (
        <CreateValidatorForm
          apiId={apiId}
          onCancel={() => setCreatingValidator(false)}
          onCreated={(v) => {
            setValidatorId(v.id);
            setCreatingValidator(false);
          }}
        />
      )}
    </section>
  );
}

const validatorSummary = (v: TRequestValidator) =>
  [v.validateRequestBody && "body", v.validateRequestParameters && "parameters"].filter(Boolean).join(" and ") || "nothing";

/** "Create validator…": a name and what it checks; the new validator is then selected (saved with the method request). */
function CreateValidatorForm({
  apiId,
  onCancel,
  onCreated,
}: {
  apiId: string;
  onCancel: () => void;
  onCreated: (validator: TRequestValidator) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [body, setBody] = useState(true);
  const [parameters, setParameters] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api.post<TRequestValidator>(`/restapis/${enc(apiId)}/requestvalidators`, {
        name: name.trim(),
        validateRequestBody: body,
        validateRequestParameters: parameters,
      }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: keys.requestValidators(apiId) });
      onCreated(created);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form className="form form-compact sub-box" onSubmit={submit} aria-label="New request validator">
      <h4>New request validator</h4>
      <Field label="Validator name" errors={problemsFor(create.error, "name")}>
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </Field>
      <Field label="Validate body" inline errors={problemsFor(create.error, "validateRequestBody")}>
        <input type="checkbox" checked={body} onChange={(e) => setBody(e.target.checked)} />
      </Field>
      <Field label="Validate query string parameters and headers" inline errors={problemsFor(create.error, "validateRequestParameters")}>
        <input type="checkbox" checked={parameters} onChange={(e) => setParameters(e.target.checked)} />
      </Field>
      <ErrorNotice error={create.error} problems={otherProblems(create.error, ["name", "validateRequestBody", "validateRequestParameters"])} />
      <div className="row-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create validator"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TModel, TRequestValidator } from "@/lib/schemas/management";
import { ApiError, api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { fetchDefaultTemplate, useModels, useRequestValidators } from "../api/use-models";
import { usePermissions } from "../current-user";
import { JsonTextEditor, VtlEditor } from "../monaco/lazy-editors";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import "../templates/templates.css";

const NEW_SCHEMA = `{
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "Item",
  "type": "object",
  "properties": {
    "name": { "type": "string" }
  },
  "required": ["name"]
}`;

const UNDEPLOYED = "Changes apply to stages at the next deploy (Deploy API).";

/** A delete refused because something still uses the object: its message, not the "changed elsewhere" banner. */
async function deleteOrExplain(path: string) {
  try {
    await api.delete(path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) throw new Error(err.message);
    throw err;
  }
}

/** The API's models (JSON schemas for request bodies) and request validators. */
export function ModelsTab({ apiId }: { apiId: string }) {
  return (
    <>
      <ModelsSection apiId={apiId} />
      <ValidatorsSection apiId={apiId} />
    </>
  );
}

function ModelsSection({ apiId }: { apiId: string }) {
  const { canEdit } = usePermissions();
  const queryClient = useQueryClient();
  const { data: models, error, isPending } = useModels(apiId);
  const [editing, setEditing] = useState<TModel | "new" | null>(null);
  const [deleting, setDeleting] = useState<TModel | null>(null);
  const [generating, setGenerating] = useState<TModel | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.models(apiId) });

  return (
    <section className="card" aria-label="Models">
      <div className="panel-header">
        <div>
          <h2>Models</h2>
          <div className="muted small">JSON schemas (draft-04) for request bodies: used by request validation and to generate mapping templates.</div>
        </div>
        {canEdit && (
          <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
            Create model
          </button>
        )}
      </div>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load models: {error.message}</p>}
      {models && models.length === 0 && <p className="muted">No models yet.</p>}
      {models && models.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Content type</th>
              <th>Description</th>
              <th className="actions-col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <tr key={model.name}>
                <td className="mono">{model.name}</td>
                <td className="mono small">{model.contentType}</td>
                <td className="small">{model.description || <span className="muted">—</span>}</td>
                <td className="actions-col">
                  <div className="row-actions">
                    <button type="button" className="button button-small" aria-label={`Generate template from ${model.name}`} onClick={() => setGenerating(model)}>
                      Generate template
                    </button>
                    <button type="button" className="button button-small" aria-label={`${canEdit ? "Edit" : "View"} model ${model.name}`} onClick={() => setEditing(model)}>
                      {canEdit ? "Edit" : "View"}
                    </button>
                    {canEdit && (
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={`Delete model ${model.name}`}
                        onClick={() => setDeleting(model)}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <ModelDialog apiId={apiId} model={editing === "new" ? null : editing} canEdit={canEdit} onClose={() => setEditing(null)} onSaved={refresh} />
      )}
      {generating && <GenerateTemplateDialog apiId={apiId} model={generating} onClose={() => setGenerating(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete model ${deleting.name}?`}
          confirmLabel="Delete model"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteOrExplain(`/restapis/${enc(apiId)}/models/${enc(deleting.name)}`);
            await refresh();
          }}
        >
          <p>A model that a method or another model still uses cannot be deleted. {UNDEPLOYED}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const MODEL_FIELDS = ["name", "description", "contentType", "schema"];

function ModelDialog({
  apiId,
  model,
  canEdit,
  onClose,
  onSaved,
}: {
  apiId: string;
  model: TModel | null;
  canEdit: boolean;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [name, setName] = useState(model?.name ?? "");
  const [description, setDescription] = useState(model?.description ?? "");
  const [contentType, setContentType] = useState(model?.contentType ?? "application/json");
  const [schema, setSchema] = useState(model?.schema ?? NEW_SCHEMA);
  const [version, setVersion] = useState(model?.version ?? 0);
  const save = useMutation({
    mutationFn: () =>
      model
        ? api.patch<TModel>(`/restapis/${enc(apiId)}/models/${enc(model.name)}`, { version, description, contentType, schema })
        : api.post<TModel>(`/restapis/${enc(apiId)}/models`, { name: name.trim(), description, contentType, schema }),
    onSuccess: async (saved) => {
      setVersion(saved.version);
      await onSaved();
      onClose();
    },
  });
  const reload = async () => {
    const fresh = await api.get<TModel>(`/restapis/${enc(apiId)}/models/${enc(model!.name)}`);
    setDescription(fresh.description);
    setContentType(fresh.contentType);
    setSchema(fresh.schema);
    setVersion(fresh.version);
    save.reset();
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const schemaErrors = problemsFor(save.error, "schema");
  const title = model ? (canEdit ? `Edit model ${model.name}` : `Model ${model.name}`) : "Create model";
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form className="form form-compact" onSubmit={submit} noValidate aria-label={title}>
        <fieldset disabled={!canEdit} className="plain">
          {!model && (
            <Field label="Model name" errors={problemsFor(save.error, "name")} hint="Letters and digits only.">
              <input value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="off" />
            </Field>
          )}
          <Field label="Model description" errors={problemsFor(save.error, "description")}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <Field label="Model content type" errors={problemsFor(save.error, "contentType")}>
            <input className="mono" value={contentType} onChange={(e) => setContentType(e.target.value)} />
          </Field>
          <div className="field">
            <span className="field-label">Schema (JSON Schema draft-04)</span>
            <JsonTextEditor value={schema} onChange={canEdit ? setSchema : undefined} readOnly={!canEdit} ariaLabel="Model schema" height={260} testId="model-schema-editor" />
            <span className="muted small">
              Reference other models with <span className="mono">{`{"$ref": "https://apigateway.amazonaws.com/restapis/${apiId}/models/Name"}`}</span>.
            </span>
            {schemaErrors.length > 0 && (
              <span className="field-errors" data-testid="schema-errors">
                {schemaErrors.map((m) => (
                  <span key={m} className="field-error">
                    {m}
                  </span>
                ))}
              </span>
            )}
          </div>
        </fieldset>
        <ErrorNotice error={save.error} onReload={model ? reload : undefined} problems={otherProblems(save.error, MODEL_FIELDS)} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {canEdit ? "Cancel" : "Close"}
          </button>
          {canEdit && (
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : model ? "Save model" : "Create model"}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

/** The mapping template AWS would generate from the model, read-only, with Copy. */
function GenerateTemplateDialog({ apiId, model, onClose }: { apiId: string; model: TModel; onClose: () => void }) {
  const template = useQuery({
    queryKey: [...keys.models(apiId), model.name, "default_template", model.version],
    queryFn: () => fetchDefaultTemplate(apiId, model.name),
  });
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(template.data ?? "");
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <Dialog title={`Template from ${model.name}`} onClose={onClose} wide>
      <p className="muted small">A mapping template that rebuilds the model&apos;s shape from the request body. Paste it into a request template and adjust.</p>
      {template.isPending && <p className="muted">Generating…</p>}
      <ErrorNotice error={template.error} />
      {template.data !== undefined && <VtlEditor value={template.data} ariaLabel={`Template generated from ${model.name}`} readOnly height={280} />}
      <div className="dialog-actions">
        {copied === "yes" && <span className="success small">Copied.</span>}
        {copied === "no" && <span className="muted small">Copying needs a secure context: select the text instead.</span>}
        <button type="button" className="button" onClick={copy} disabled={template.data === undefined}>
          Copy
        </button>
        <button type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

const VALIDATOR_FIELDS = ["name", "validateRequestBody", "validateRequestParameters"];

function ValidatorsSection({ apiId }: { apiId: string }) {
  const { canEdit } = usePermissions();
  const queryClient = useQueryClient();
  const { data: validators, error, isPending } = useRequestValidators(apiId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.requestValidators(apiId) });
  return (
    <section className="card" aria-label="Request validators">
      <h2>Request validators</h2>
      <div className="muted small">
        What a method checks before calling its integration: the body against its request model, and required parameters. Select one in a
        method&apos;s Method Request. {UNDEPLOYED}
      </div>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load validators: {error.message}</p>}
      {validators && validators.length === 0 && <p className="muted">No validators yet.</p>}
      {validators?.map((v) => (
        <ValidatorForm key={`${v.id}-${v.version}`} apiId={apiId} validator={v} canEdit={canEdit} refresh={refresh} />
      ))}
      {canEdit && <NewValidatorForm apiId={apiId} refresh={refresh} />}
    </section>
  );
}

function ValidatorForm({
  apiId,
  validator,
  canEdit,
  refresh,
}: {
  apiId: string;
  validator: TRequestValidator;
  canEdit: boolean;
  refresh: () => Promise<unknown>;
}) {
  const [name, setName] = useState(validator.name);
  const [body, setBody] = useState(validator.validateRequestBody);
  const [parameters, setParameters] = useState(validator.validateRequestParameters);
  const [deleting, setDeleting] = useState(false);
  const path = `/restapis/${enc(apiId)}/requestvalidators/${enc(validator.id)}`;
  const save = useMutation({
    mutationFn: () =>
      api.patch<TRequestValidator>(path, { version: validator.version, name: name.trim(), validateRequestBody: body, validateRequestParameters: parameters }),
    onSuccess: refresh,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="inline-form sub-box" onSubmit={submit} aria-label={`Validator ${validator.name}`}>
      <fieldset disabled={!canEdit} className="plain inline-form">
        <Field label={`Name of validator ${validator.name}`} errors={problemsFor(save.error, "name")}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Validate body" inline>
          <input type="checkbox" checked={body} onChange={(e) => setBody(e.target.checked)} />
        </Field>
        <Field label="Validate parameters" inline>
          <input type="checkbox" checked={parameters} onChange={(e) => setParameters(e.target.checked)} />
        </Field>
        <span className="muted small mono">{validator.id}</span>
      </fieldset>
      {canEdit && (
        <div className="row-actions">
          <button type="submit" className="button button-small button-primary" disabled={save.isPending} aria-label={`Save validator ${validator.name}`}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
          <button type="button" className="button button-small button-danger-outline" aria-label={`Delete validator ${validator.name}`} onClick={() => setDeleting(true)}>
            Delete
          </button>
        </div>
      )}
      <ErrorNotice error={save.error} onReload={() => void refresh()} problems={otherProblems(save.error, VALIDATOR_FIELDS)} />
      {deleting && (
        <ConfirmDialog
          title={`Delete validator ${validator.name}?`}
          confirmLabel="Delete validator"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteOrExplain(path);
            await refresh();
          }}
        >
          <p>Methods using it must select another validator first. {UNDEPLOYED}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

function NewValidatorForm({ apiId, refresh }: { apiId: string; refresh: () => Promise<unknown> }) {
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
    onSuccess: async () => {
      setName("");
      await refresh();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Create request validator">
      <Field label="New validator name" errors={problemsFor(create.error, "name")}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="body" />
      </Field>
      <Field label="Validate body" inline>
        <input type="checkbox" checked={body} onChange={(e) => setBody(e.target.checked)} />
      </Field>
      <Field label="Validate parameters" inline>
        <input type="checkbox" checked={parameters} onChange={(e) => setParameters(e.target.checked)} />
      </Field>
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create validator"}
      </button>
      <ErrorNotice error={create.error} problems={otherProblems(create.error, VALIDATOR_FIELDS)} />
    </form>
  );
}

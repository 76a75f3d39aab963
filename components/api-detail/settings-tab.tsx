"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TRestApi } from "@/lib/schemas/management";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { usePermissions } from "../current-user";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";

const FIELDS = ["name", "description", "binaryMediaTypes", "apiKeySource"] as const;

/**
 * The API's own settings: name, description, binary media types (which bodies
 * are binary for proxies and content handling) and where API keys come from.
 * Like every API change, they reach the gateway with the next deploy.
 */
export function SettingsTab({ restApi }: { restApi: TRestApi }) {
  const { canEdit } = usePermissions();
  const queryClient = useQueryClient();
  const [name, setName] = useState(restApi.name);
  const [description, setDescription] = useState(restApi.description);
  const [binaryTypes, setBinaryTypes] = useState(restApi.binaryMediaTypes.join("\n"));
  const [apiKeySource, setApiKeySource] = useState(restApi.apiKeySource);
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: () =>
      api.patch<TRestApi>(`/restapis/${enc(restApi.id)}`, {
        version: restApi.version,
        name,
        description,
        binaryMediaTypes: binaryTypes
          .split(/[\n,]/)
          .map((t) => t.trim())
          .filter(Boolean),
        apiKeySource,
      }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.restApi(restApi.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.restApis() });
      setSaved(true);
    },
  });
  const edit = <T,>(set: (v: T) => void) => (value: T) => {
    setSaved(false);
    set(value);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="card" aria-label="API settings">
      <h2>Settings</h2>
      <form className="form" onSubmit={submit} noValidate>
        <fieldset disabled={!canEdit || save.isPending} className="plain">
          <Field label="API name" errors={problemsFor(save.error, "name")}>
            <input value={name} onChange={(e) => edit(setName)(e.target.value)} />
          </Field>
          <Field label="Description" errors={problemsFor(save.error, "description")}>
            <textarea rows={2} value={description} onChange={(e) => edit(setDescription)(e.target.value)} />
          </Field>
          <Field
            label="Binary media types"
            errors={problemsFor(save.error, "binaryMediaTypes")}
            hint="One per line, e.g. image/png or image/*. Bodies of these types pass through as bytes (base64 in proxy events) unless an integration's content handling converts them."
          >
            <textarea className="mono" rows={3} value={binaryTypes} onChange={(e) => edit(setBinaryTypes)(e.target.value)} />
          </Field>
          <Field
            label="API key source"
            errors={problemsFor(save.error, "apiKeySource")}
            hint="Where methods that require an API key read it: the x-api-key header, or the usageIdentifierKey a function authorizer returns."
          >
            <select value={apiKeySource} onChange={(e) => edit(setApiKeySource)(e.target.value as TRestApi["apiKeySource"])}>
              <option value="HEADER">HEADER (x-api-key)</option>
              <option value="AUTHORIZER">AUTHORIZER (usageIdentifierKey)</option>
            </select>
          </Field>
          {canEdit && (
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? "Saving…" : "Save settings"}
              </button>
              {saved && (
                <span role="status" className="muted small">
                  Saved. Deploy the API for the gateway to use these settings.
                </span>
              )}
            </div>
          )}
        </fieldset>
        <ErrorNotice error={save.error} problems={otherProblems(save.error, FIELDS)} onReload={() => queryClient.invalidateQueries({ queryKey: keys.restApi(restApi.id) })} />
      </form>
    </section>
  );
}

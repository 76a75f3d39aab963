"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TMethod } from "@/lib/schemas/management";
import { api, otherProblems, problemsFor } from "../api/client";
import { FlagRows, type FlagRow } from "../ui/bool-map-rows";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { splitByPrefix, type BoxProps } from "./box-props";

const QUERY = "method.request.querystring.";
const HEADER = "method.request.header.";
const AUTH_TYPES = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"] as const;
const FIELDS = ["authorizationType", "apiKeyRequired", "requestParameters"];

const toRows = (entries: Array<[string, boolean]>): FlagRow[] => entries.map(([name, required]) => ({ name, required }));
const fromRows = (rows: FlagRow[], prefix: string) =>
  Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [`${prefix}${r.name.trim()}`, r.required]));

export function MethodRequestBox({ method, base, canEdit, refresh, reload }: BoxProps) {
  const [version, setVersion] = useState(method.version);
  const [authorizationType, setAuthorizationType] = useState(method.authorizationType);
  const [apiKeyRequired, setApiKeyRequired] = useState(method.apiKeyRequired);
  const [initial] = useState(() => {
    const q = splitByPrefix(method.requestParameters, QUERY);
    const h = splitByPrefix(q.rest, HEADER);
    return { query: toRows(q.matched), headers: toRows(h.matched), other: h.rest };
  });
  const [query, setQuery] = useState(initial.query);
  const [headers, setHeaders] = useState(initial.headers);

  const save = useMutation({
    mutationFn: () =>
      api.patch<TMethod>(base, {
        version,
        authorizationType,
        apiKeyRequired,
        requestParameters: { ...initial.other, ...fromRows(query, QUERY), ...fromRows(headers, HEADER) },
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
          <Field label="Authorization" errors={problemsFor(save.error, "authorizationType")}>
            <select value={authorizationType} onChange={(e) => setAuthorizationType(e.target.value as typeof authorizationType)}>
              {AUTH_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
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
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, FIELDS)} />
        {canEdit && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save method request
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

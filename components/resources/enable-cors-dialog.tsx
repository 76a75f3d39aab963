"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TEnableCorsResult } from "@/lib/schemas/cors";
import type { TResource } from "@/lib/schemas/management";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";

const ALL_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
const DEFAULT_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token";
const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The AWS console's "Enable CORS": an OPTIONS MOCK method answering
 * preflights, Access-Control-Allow-Origin on the resource's other methods,
 * and CORS headers on DEFAULT_4XX/5XX. Deploy afterwards.
 */
export function EnableCorsDialog({ apiId, resource, onClose }: { apiId: string; resource: TResource; onClose: () => void }) {
  const queryClient = useQueryClient();
  const existing = Object.keys(resource.resourceMethods).filter((v) => v !== "OPTIONS" && v !== "ANY");
  const [origins, setOrigins] = useState("*");
  const [methods, setMethods] = useState<string[]>(existing.length > 0 ? existing : ["GET"]);
  const [headers, setHeaders] = useState(DEFAULT_HEADERS);
  const [expose, setExpose] = useState("");
  const [maxAge, setMaxAge] = useState("");
  const [credentials, setCredentials] = useState(false);
  const [gatewayResponses, setGatewayResponses] = useState(true);
  const enable = useMutation({
    mutationFn: () => {
      const originList = list(origins);
      return api.post<TEnableCorsResult>(`/restapis/${enc(apiId)}/resources/${enc(resource.id)}/cors`, {
        allowOrigins: originList.length === 1 && originList[0] === "*" ? "*" : originList,
        allowMethods: methods,
        allowHeaders: list(headers),
        ...(list(expose).length > 0 ? { exposeHeaders: list(expose) } : {}),
        ...(maxAge.trim() ? { maxAgeSeconds: Number(maxAge) } : {}),
        allowCredentials: credentials,
        gatewayResponses,
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.restApi(apiId) });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    enable.mutate();
  }
  const toggle = (verb: string) => setMethods((m) => (m.includes(verb) ? m.filter((x) => x !== verb) : [...m, verb]));
  const result = enable.data;
  return (
    <Dialog title={`Enable CORS on ${resource.path}`} onClose={onClose} wide>
      {result ? (
        <div role="status" aria-label="CORS result">
          <p>CORS configured. Deploy the API for it to take effect.</p>
          <ul>
            {result.changes.map((c) => (
              <li key={c.target}>
                <span className="badge">{c.action}</span> <span className="mono">{c.target}</span>: {c.detail}
              </li>
            ))}
          </ul>
          {result.notes.length > 0 && (
            <ul className="muted small">
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} aria-label="Enable CORS" noValidate>
          <Field label="Allowed origins (* or origins, comma-separated; one value is mapped: the first)" errors={problemsFor(enable.error, "allowOrigins")}>
            <input value={origins} onChange={(e) => setOrigins(e.target.value)} className="mono" />
          </Field>
          <fieldset>
            <legend>Allowed methods (OPTIONS is always included)</legend>
            {ALL_VERBS.map((verb) => (
              <label key={verb} className="checkbox">
                <input type="checkbox" checked={methods.includes(verb)} onChange={() => toggle(verb)} /> {verb}
              </label>
            ))}
          </fieldset>
          {problemsFor(enable.error, "allowMethods").map((p) => (
            <p key={p} className="error small">
              {p}
            </p>
          ))}
          <Field label="Allowed headers" errors={problemsFor(enable.error, "allowHeaders")}>
            <input value={headers} onChange={(e) => setHeaders(e.target.value)} className="mono" />
          </Field>
          <Field label="Exposed headers (optional)" errors={problemsFor(enable.error, "exposeHeaders")}>
            <input value={expose} onChange={(e) => setExpose(e.target.value)} className="mono" />
          </Field>
          <Field label="Max age in seconds (optional)" errors={problemsFor(enable.error, "maxAgeSeconds")}>
            <input type="number" min={0} max={86400} value={maxAge} onChange={(e) => setMaxAge(e.target.value)} className="num" />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={credentials} onChange={(e) => setCredentials(e.target.checked)} /> Allow credentials
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={gatewayResponses} onChange={(e) => setGatewayResponses(e.target.checked)} /> Add CORS headers to DEFAULT_4XX
            and DEFAULT_5XX gateway responses
          </label>
          <ErrorNotice error={enable.error} problems={otherProblems(enable.error, ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAgeSeconds"])} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={enable.isPending}>
              {enable.isPending ? "Working…" : "Enable CORS"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

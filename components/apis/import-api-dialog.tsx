"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState, type ChangeEvent } from "react";
import type { TRestApi } from "@/lib/schemas/management";
import type { TImportResult, TImportValidation } from "@/lib/schemas/openapi-io";
import { ApiError, api } from "../api/client";
import { keys } from "../api/keys";
import { Dialog } from "../ui/dialog";

const DocumentEditor = dynamic(() => import("./document-editor").then((m) => m.DocumentEditor), {
  ssr: false,
  loading: () => <p className="muted small">Loading editor…</p>,
});

type Mode = "create" | "overwrite" | "merge";
const MAX_BYTES = 6 * 1024 * 1024;

/**
 * "Import API": an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML) uploaded or pasted, validated
 * (problems by JSON pointer, warnings, what it creates) before it is imported as a new API or into one.
 */
export function ImportApiDialog({ apis, onClose }: { apis: TRestApi[]; onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [mode, setMode] = useState<Mode>("create");
  const [target, setTarget] = useState("");
  const [validation, setValidation] = useState<TImportValidation | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const validate = useMutation({
    mutationFn: () => api.post<TImportValidation>("/restapis/import/validate", { document: text }),
    onSuccess: setValidation,
  });
  const importIt = useMutation({
    mutationFn: () => {
      const query = new URLSearchParams({ mode, ...(mode === "create" ? {} : { restApiId: target }) });
      return api.post<TImportResult>(`/restapis/import?${query}`, { document: text });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: keys.restApis() });
      router.push(`/apis/${result.restApi.id}`);
    },
  });

  function change(value: string) {
    setText(value);
    setValidation(null);
    importIt.reset();
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError("The file is larger than 6 MB.");
      return;
    }
    change(await file.text());
  }

  const problems = importIt.error instanceof ApiError ? importIt.error.problems : [];
  const canImport = validation?.valid === true && (mode === "create" || target !== "") && !importIt.isPending;

  return (
    <Dialog title="Import API" onClose={onClose} wide>
      <div className="form">
        <p className="muted small">
          An OpenAPI 3.0/3.1 or Swagger 2.0 document, JSON or YAML (up to 6 MB), with Amazon API Gateway&apos;s x-amazon-apigateway-* extensions.
        </p>
        <label className="field">
          <span className="field-label">Upload a file</span>
          <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" onChange={upload} data-testid="import-file" />
        </label>
        {fileError && <p className="error small">{fileError}</p>}
        <div className="field">
          <span className="field-label">Or paste the document</span>
          <DocumentEditor value={text} onChange={change} />
        </div>
        <div className="field-row">
          <label className="field">
            <span className="field-label">Import as</span>
            <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} aria-label="Import mode">
              <option value="create">A new API</option>
              <option value="merge">Merge into an existing API</option>
              <option value="overwrite">Overwrite an existing API</option>
            </select>
          </label>
          {mode !== "create" && (
            <label className="field">
              <span className="field-label">API</span>
              <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Target API">
                <option value="">Choose…</option>
                {apis.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.id})
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {mode === "overwrite" && <p className="warning small">Overwrite replaces every resource, method, model, validator, authorizer and gateway response of that API.</p>}

        {validate.error && <p className="error">{validate.error.message}</p>}
        {validation && <ValidationResult validation={validation} />}
        {importIt.error && (
          <div className="error" role="alert">
            <p>{importIt.error.message}</p>
            {problems.length > 0 && (
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    <code>{p.field || "(document)"}</code> {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button" disabled={text.trim() === "" || validate.isPending} onClick={() => validate.mutate()}>
            {validate.isPending ? "Validating…" : "Validate"}
          </button>
          <button type="button" className="button button-primary" disabled={!canImport} onClick={() => importIt.mutate()}>
            {importIt.isPending ? "Importing…" : "Import"}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function ValidationResult({ validation }: { validation: TImportValidation }) {
  const s = validation.summary;
  return (
    <div className="import-validation" data-testid="import-validation">
      {validation.valid ? (
        <p className="success">
          Valid{validation.name ? <>: <strong>{validation.name}</strong></> : null}.
        </p>
      ) : (
        <p className="error">The document cannot be imported:</p>
      )}
      {s && (
        <p className="small" data-testid="import-summary">
          {s.resources} resources, {s.methods} methods, {s.models} models, {s.requestValidators} request validators, {s.authorizers} authorizers,{" "}
          {s.gatewayResponses} gateway responses
          {Object.keys(s.integrations).length > 0 && <> · integrations: {Object.entries(s.integrations).map(([t, n]) => `${t} ${n}`).join(", ")}</>}
        </p>
      )}
      {validation.problems.length > 0 && (
        <ul className="error small">
          {validation.problems.map((p, i) => (
            <li key={i}>
              <code>{p.field || "(document)"}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
      {validation.warnings.length > 0 && (
        <>
          <p className="small">Warnings:</p>
          <ul className="warning small">
            {validation.warnings.map((w, i) => (
              <li key={i}>
                {w.pointer && <code>{w.pointer}</code>} {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

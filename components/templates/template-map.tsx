"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api/client";
import { fetchDefaultTemplate, useModels } from "../api/use-models";
import { VtlEditor } from "../monaco/lazy-editors";
import { ErrorNotice } from "../ui/error-notice";
import { RowsFieldset } from "../ui/key-value-rows";
import { TemplatePreview, type PreviewContext } from "./template-preview";
import "./templates.css";

export type TemplateRow = { contentType: string; template: string };

export const templateRowsFrom = (record: Record<string, string> | undefined): TemplateRow[] =>
  Object.entries(record ?? {}).map(([contentType, template]) => ({ contentType, template }));

export const templatesFromRows = (rows: TemplateRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.contentType.trim() !== "").map((r) => [r.contentType.trim(), r.template]));

/**
 * The API's problems for one template of a map: `field["content/type"]`
 * (the API's wording), also `field.content/type` and `field['content/type']`.
 */
export function templateProblems(error: unknown, field: string, contentType: string): string[] {
  if (!(error instanceof ApiError)) return [];
  const ct = contentType.trim();
  const names = [`${field}["${ct}"]`, `${field}['${ct}']`, `${field}.${ct}`, `${field}[${ct}]`];
  return error.problems.filter((p) => names.includes(p.field)).map((p) => p.message);
}

/** The API's problems on the map itself (`field`) or on a content type no row has. */
function mapProblems(error: unknown, field: string, rows: TemplateRow[]): string[] {
  if (!(error instanceof ApiError)) return [];
  const claimed = new Set(rows.flatMap((r) => templateProblems(error, field, r.contentType)));
  return error.problems
    .filter((p) => p.field === field || p.field.startsWith(`${field}[`) || p.field.startsWith(`${field}.`))
    .map((p) => p.message)
    .filter((m) => !claimed.has(m));
}

/**
 * Mapping templates by content type, each in a VTL editor (request templates,
 * integration response bodies, gateway response bodies), with an optional
 * preview against a sample request and "Generate from model".
 */
export function TemplateMap({
  label,
  rows,
  onChange,
  disabled = false,
  field,
  error,
  preview,
  modelsApiId,
}: {
  label: string;
  rows: TemplateRow[];
  onChange: (rows: TemplateRow[]) => void;
  disabled?: boolean;
  /** The API's field for this map (`requestTemplates`): its problems go under the matching editor. */
  field?: string;
  error?: unknown;
  /** Offers "Preview" with a sample request. */
  preview?: PreviewContext;
  /** Offers "Generate from model" with this API's models. */
  modelsApiId?: string;
}) {
  const [previewing, setPreviewing] = useState<number | null>(null);
  const leftover = field ? mapProblems(error, field, rows) : [];
  return (
    <RowsFieldset
      label={label}
      rows={rows}
      onChange={(next) => {
        if (next.length < rows.length) setPreviewing(null);
        onChange(next);
      }}
      disabled={disabled}
      rowClassName="template-row"
      blank={(current) => ({ contentType: current.some((r) => r.contentType === "application/json") ? "" : "application/json", template: "" })}
      extra={leftover.map((m) => (
        <span key={m} className="field-error">
          {m}
        </span>
      ))}
      renderRow={(row, index, update, remove) => (
        <>
          <div className="kv-row">
            <input
              aria-label={`${label} content type ${index + 1}`}
              placeholder="application/json"
              value={row.contentType}
              onChange={(e) => update({ contentType: e.target.value })}
            />
            {preview && (
              <button
                type="button"
                className="button button-small"
                aria-expanded={previewing === index}
                aria-label={`${previewing === index ? "Hide" : "Show"} preview of ${label.toLowerCase()} ${index + 1}`}
                onClick={() => setPreviewing(previewing === index ? null : index)}
              >
                {previewing === index ? "Hide preview" : "Preview…"}
              </button>
            )}
            {remove}
          </div>
          <VtlEditor
            value={row.template}
            onChange={disabled ? undefined : (template) => update({ template })}
            ariaLabel={`${label} body ${index + 1}`}
            readOnly={disabled}
            serverProblems={field ? templateProblems(error, field, row.contentType) : []}
          />
          {modelsApiId && !disabled && (
            <GenerateFromModel apiId={modelsApiId} label={`${label} ${index + 1}`} onGenerated={(template) => update({ template })} />
          )}
          {preview && previewing === index && <TemplatePreview template={row.template} context={preview} />}
        </>
      )}
    />
  );
}

/** A model select and "Generate from model": replaces the template with the model's generated one. */
function GenerateFromModel({ apiId, label, onGenerated }: { apiId: string; label: string; onGenerated: (template: string) => void }) {
  const models = useModels(apiId);
  const [model, setModel] = useState("");
  const generate = useMutation({
    mutationFn: () => fetchDefaultTemplate(apiId, model),
    onSuccess: onGenerated,
  });
  if (!models.data || models.data.length === 0) return null;
  return (
    <div className="kv-row generate-row">
      <select aria-label={`Model for ${label.toLowerCase()}`} value={model} onChange={(e) => setModel(e.target.value)}>
        <option value="">Model…</option>
        {models.data.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name}
          </option>
        ))}
      </select>
      <button type="button" className="button button-small" disabled={!model || generate.isPending} onClick={() => generate.mutate()}>
        Generate from model
      </button>
      <ErrorNotice error={generate.error} />
    </div>
  );
}

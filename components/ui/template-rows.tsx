"use client";

export type TemplateRow = { contentType: string; template: string };

export const templateRowsFrom = (record: Record<string, string> | undefined): TemplateRow[] =>
  Object.entries(record ?? {}).map(([contentType, template]) => ({ contentType, template }));

export const templatesFromRows = (rows: TemplateRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.contentType.trim() !== "").map((r) => [r.contentType.trim(), r.template]));

/** Mapping templates by content type (request templates, response bodies). */
export function TemplateRows({
  label,
  rows,
  onChange,
  placeholder,
  disabled = false,
}: {
  label: string;
  rows: TemplateRow[];
  onChange: (rows: TemplateRow[]) => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  const update = (index: number, patch: Partial<TemplateRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="kv" disabled={disabled}>
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted small">None.</p>}
      {rows.map((row, index) => (
        <div className="template-row" key={index}>
          <div className="kv-row">
            <input
              aria-label={`${label} content type ${index + 1}`}
              placeholder="application/json"
              value={row.contentType}
              onChange={(e) => update(index, { contentType: e.target.value })}
            />
            <button
              type="button"
              className="button button-small"
              aria-label={`Remove ${label.toLowerCase()} row ${index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
          <textarea
            className="mono"
            aria-label={`${label} body ${index + 1}`}
            rows={4}
            placeholder={placeholder}
            value={row.template}
            onChange={(e) => update(index, { template: e.target.value })}
          />
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...rows, { contentType: rows.length === 0 ? "application/json" : "", template: "" }])}
      >
        Add {label.toLowerCase().replace(/s$/, "")}
      </button>
    </fieldset>
  );
}

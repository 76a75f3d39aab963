"use client";

export type Row = { key: string; value: string };

export const rowsFromRecord = (record: Record<string, string> | undefined): Row[] =>
  Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));

export const recordFromRows = (rows: Row[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));

/** Editable key/value rows (stage variables, parameter mappings, overrides). */
export function KeyValueRows({
  label,
  rows,
  onChange,
  keyLabel = "Name",
  valueLabel = "Value",
  keyPlaceholder,
  valuePlaceholder,
  disabled = false,
}: {
  label: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  keyLabel?: string;
  valueLabel?: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  disabled?: boolean;
}) {
  const update = (index: number, patch: Partial<Row>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="kv" disabled={disabled}>
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted small">None.</p>}
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`${label} ${keyLabel.toLowerCase()} ${index + 1}`}
            placeholder={keyPlaceholder ?? keyLabel}
            value={row.key}
            onChange={(e) => update(index, { key: e.target.value })}
          />
          <input
            aria-label={`${label} ${valueLabel.toLowerCase()} ${index + 1}`}
            placeholder={valuePlaceholder ?? valueLabel}
            value={row.value}
            onChange={(e) => update(index, { value: e.target.value })}
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
      ))}
      <button type="button" className="button button-small" onClick={() => onChange([...rows, { key: "", value: "" }])}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </button>
    </fieldset>
  );
}

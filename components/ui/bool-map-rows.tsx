"use client";

export type FlagRow = { name: string; required: boolean };

/** Rows of names with a "Required" flag: method request parameters, method response headers. */
export function FlagRows({
  label,
  rows,
  onChange,
  namePlaceholder,
  disabled = false,
}: {
  label: string;
  rows: FlagRow[];
  onChange: (rows: FlagRow[]) => void;
  namePlaceholder?: string;
  disabled?: boolean;
}) {
  const update = (index: number, patch: Partial<FlagRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="kv" disabled={disabled}>
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted small">None.</p>}
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`${label} name ${index + 1}`}
            placeholder={namePlaceholder ?? "Name"}
            value={row.name}
            onChange={(e) => update(index, { name: e.target.value })}
          />
          <label className="checkbox">
            <input type="checkbox" checked={row.required} onChange={(e) => update(index, { required: e.target.checked })} />
            Required
          </label>
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
      <button type="button" className="button button-small" onClick={() => onChange([...rows, { name: "", required: false }])}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </button>
    </fieldset>
  );
}

"use client";

import type { ReactNode } from "react";

export type Row = { key: string; value: string };

export const rowsFromRecord = (record: Record<string, string> | undefined): Row[] =>
  Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));

export const recordFromRows = (rows: Row[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));

/**
 * The one editable-rows fieldset every row editor builds on (key/value rows,
 * flag rows, template maps): a legend, "None." when empty, each row with its
 * Remove button, and "Add …" at the end.
 */
export function RowsFieldset<R>({
  label,
  rows,
  onChange,
  blank,
  renderRow,
  rowClassName = "kv-row",
  disabled = false,
  extra,
}: {
  label: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  /** The row "Add" appends (may depend on the rows there are). */
  blank: (rows: R[]) => R;
  /** The row's controls; `remove` is its Remove button, placed where the row wants it. */
  renderRow: (row: R, index: number, update: (patch: Partial<R>) => void, remove: ReactNode) => ReactNode;
  rowClassName?: string;
  disabled?: boolean;
  /** Shown after the rows (before "Add"): problems of the whole map, for instance. */
  extra?: ReactNode;
}) {
  const update = (index: number, patch: Partial<R>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="kv" disabled={disabled}>
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted small">None.</p>}
      {rows.map((row, index) => (
        <div className={rowClassName} key={index}>
          {renderRow(
            row,
            index,
            (patch) => update(index, patch),
            <button
              type="button"
              className="button button-small"
              aria-label={`Remove ${label.toLowerCase()} row ${index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              Remove
            </button>,
          )}
        </div>
      ))}
      {extra}
      <button type="button" className="button button-small" onClick={() => onChange([...rows, blank(rows)])}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </button>
    </fieldset>
  );
}

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
  return (
    <RowsFieldset
      label={label}
      rows={rows}
      onChange={onChange}
      disabled={disabled}
      blank={() => ({ key: "", value: "" })}
      renderRow={(row, index, update, remove) => (
        <>
          <input
            aria-label={`${label} ${keyLabel.toLowerCase()} ${index + 1}`}
            placeholder={keyPlaceholder ?? keyLabel}
            value={row.key}
            onChange={(e) => update({ key: e.target.value })}
          />
          <input
            aria-label={`${label} ${valueLabel.toLowerCase()} ${index + 1}`}
            placeholder={valuePlaceholder ?? valueLabel}
            value={row.value}
            onChange={(e) => update({ value: e.target.value })}
          />
          {remove}
        </>
      )}
    />
  );
}

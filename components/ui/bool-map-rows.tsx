"use client";

import { RowsFieldset } from "./key-value-rows";

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
  return (
    <RowsFieldset
      label={label}
      rows={rows}
      onChange={onChange}
      disabled={disabled}
      blank={() => ({ name: "", required: false })}
      renderRow={(row, index, update, remove) => (
        <>
          <input
            aria-label={`${label} name ${index + 1}`}
            placeholder={namePlaceholder ?? "Name"}
            value={row.name}
            onChange={(e) => update({ name: e.target.value })}
          />
          <label className="checkbox">
            <input type="checkbox" checked={row.required} onChange={(e) => update({ required: e.target.checked })} />
            Required
          </label>
          {remove}
        </>
      )}
    />
  );
}

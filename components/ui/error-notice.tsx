"use client";

import { ApiError, type FieldProblem } from "../api/client";

/**
 * Shows a failed request: a conflict banner with a Reload action for 409s,
 * otherwise the message and any problems no field claimed.
 */
export function ErrorNotice({
  error,
  onReload,
  problems,
}: {
  error: unknown;
  onReload?: () => void;
  /** Problems to list; defaults to all of the error's problems. */
  problems?: FieldProblem[];
}) {
  if (!error) return null;
  if (error instanceof ApiError && error.isConflict) {
    return (
      <div role="alert" className="banner banner-warning">
        <span>
          <strong>Changed elsewhere.</strong> {error.message || "Someone else changed this since you loaded it."} Your edits
          were not saved.
        </span>
        {onReload && (
          <button type="button" className="button" onClick={onReload}>
            Reload
          </button>
        )}
      </div>
    );
  }
  const all = error instanceof ApiError ? error.problems : [];
  const list = problems ?? all;
  // When every problem is shown next to its field, the summary need not repeat them.
  const message =
    all.length > 0 && list.length === 0
      ? "Not saved: check the fields marked in red."
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div role="alert" className="banner banner-error">
      <div>{message}</div>
      {list.length > 0 && (
        <ul className="problem-list">
          {list.map((p, i) => (
            <li key={`${p.field}-${i}`}>
              {p.field && <span className="mono">{p.field}</span>}
              {p.field && ": "}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

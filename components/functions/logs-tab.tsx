"use client";

import { useState } from "react";
import type { TFunction } from "@/lib/schemas/functions";
import { useFunctionLogs } from "../api/use-functions";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

/** Recent log lines of the function (newest first), filterable by request id. */
export function LogsTab({ fn }: { fn: TFunction }) {
  const [filter, setFilter] = useState("");
  const [requestId, setRequestId] = useState("");
  const { data: logs, error, isPending, refetch, isFetching } = useFunctionLogs(fn.name, requestId);
  return (
    <section className="card" aria-label="Logs">
      <h2>Logs</h2>
      <form
        className="inline-form"
        aria-label="Filter logs"
        onSubmit={(e) => {
          e.preventDefault();
          setRequestId(filter.trim());
        }}
      >
        <Field label="Request id">
          <input className="mono" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="All requests" />
        </Field>
        <button type="submit" className="button">
          Filter
        </button>
        <button type="button" className="button" onClick={() => void refetch()} disabled={isFetching}>
          Refresh
        </button>
      </form>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load logs: {error.message}</p>}
      {logs && logs.length === 0 && <p className="muted">No log lines{requestId ? " for this request" : ""} yet.</p>}
      {logs && logs.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Log lines">
            <thead>
              <tr>
                <th>Time</th>
                <th>Level</th>
                <th>Request id</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {logs.map((l, i) => (
                <tr key={`${l.time}-${i}`}>
                  <td style={{ whiteSpace: "nowrap" }}>{formatDate(l.time)}</td>
                  <td className={`fn-level-${l.level.toUpperCase()}`}>{l.level.toUpperCase()}</td>
                  <td className="mono small">
                    <button type="button" className="link-button" onClick={() => (setFilter(l.requestId), setRequestId(l.requestId))}>
                      {l.requestId}
                    </button>
                  </td>
                  <td className="mono small" style={{ whiteSpace: "pre-wrap" }}>
                    {l.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

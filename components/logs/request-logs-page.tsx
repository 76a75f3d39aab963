"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { TRequestLogs } from "@/lib/schemas/logs";
import { ApiError, api, enc } from "../api/client";
import { formatDate } from "../ui/format";
import "./logs.css";

/** One request: its access entry, its execution log (steps with durations) and the function log lines it produced. */
export function RequestLogsPage({ requestId }: { requestId: string }) {
  const { data, error, isPending, refetch, isFetching } = useQuery({
    queryKey: ["logs", "request", requestId],
    queryFn: () => api.get<TRequestLogs>(`/logs/requests/${enc(requestId)}`),
    retry: false,
  });
  const a = data?.access;
  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <div className="muted small">
            <Link href="/logs">Logs</Link> /
          </div>
          <h1>
            Request <span className="mono">{requestId}</span>
          </h1>
        </div>
        <div className="header-actions">
          <button type="button" className="button" onClick={() => void refetch()} disabled={isFetching}>
            Refresh
          </button>
        </div>
      </header>
      {isPending && <p className="muted">Loading…</p>}
      {error && (
        <p className="error">
          {error instanceof ApiError && error.status === 404 ? error.message : `Could not load the request's logs: ${error.message}`}
        </p>
      )}
      {data && (
        <>
          <section className="card" aria-label="Access log entry">
            <h2>Access log entry</h2>
            {a ? (
              <>
                <dl className="kv-list">
                  <dt>Time</dt>
                  <dd>{formatDate(a.time)}</dd>
                  <dt>API / stage</dt>
                  <dd>
                    <Link href={`/apis/${a.restApiId}`}>{a.restApiId}</Link> / {a.stage}
                  </dd>
                  <dt>Request</dt>
                  <dd className="mono">
                    {a.httpMethod} {a.path} {a.resourcePath ? <span className="muted">({a.resourcePath})</span> : null}
                  </dd>
                  <dt>Status</dt>
                  <dd data-testid="access-status">{a.status}</dd>
                  <dt>Latency</dt>
                  <dd>
                    {a.latencyMs} ms{a.integrationLatencyMs !== null ? `, integration ${a.integrationLatencyMs} ms` : ""}
                  </dd>
                  <dt>Response length</dt>
                  <dd>{a.responseLength} bytes</dd>
                  <dt>Source IP / user agent</dt>
                  <dd>
                    {a.sourceIp} {a.userAgent ? `· ${a.userAgent}` : ""}
                  </dd>
                  {a.apiKeyId && (
                    <>
                      <dt>API key id</dt>
                      <dd className="mono">{a.apiKeyId}</dd>
                    </>
                  )}
                  {a.errorMessage && (
                    <>
                      <dt>Error</dt>
                      <dd>{a.errorMessage}</dd>
                    </>
                  )}
                </dl>
                <pre className="mono small" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }} aria-label="Access log line">
                  {a.line}
                </pre>
              </>
            ) : (
              <p className="muted">No access log entry (access logging is off for this stage).</p>
            )}
          </section>
          <section className="card" aria-label="Execution log">
            <h2>Execution log</h2>
            {data.execution.length === 0 ? (
              <p className="muted">No execution log lines (the method&apos;s logging level is OFF, or ERROR and the request succeeded).</p>
            ) : (
              <div className="table-scroll">
                <table className="table table-compact" aria-label="Execution log lines">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Step</th>
                      <th>Duration</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.execution.map((l) => (
                      <tr key={l.id} className={l.level === "ERROR" ? "log-error" : undefined}>
                        <td style={{ whiteSpace: "nowrap" }} className="small">
                          {new Date(l.time).toISOString().slice(11, 23)}
                        </td>
                        <td className="small" style={{ whiteSpace: "nowrap" }}>
                          {l.level === "ERROR" ? <span className="badge badge-danger">ERROR</span> : null} {l.step}
                        </td>
                        <td className="small" style={{ whiteSpace: "nowrap" }}>
                          {l.durationMs === null ? "" : `${l.durationMs} ms`}
                        </td>
                        <td className="mono small" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                          {l.message}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-label="Function logs">
            <h2>Function logs</h2>
            {data.functionLogs.length === 0 ? (
              <p className="muted">No function log lines for this request.</p>
            ) : (
              <div className="table-scroll">
                <table className="table table-compact" aria-label="Function log lines">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Function</th>
                      <th>Level</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.functionLogs.map((l, i) => (
                      <tr key={`${l.time}-${i}`}>
                        <td className="small">{formatDate(l.time)}</td>
                        <td className="small">
                          <Link href={`/functions/${enc(l.functionName)}`}>{l.functionName}</Link>:{l.qualifier}
                        </td>
                        <td className="small">{l.level.toUpperCase()}</td>
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
        </>
      )}
    </>
  );
}

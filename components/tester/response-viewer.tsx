"use client";

import { useMemo, useState } from "react";
import { formatBytes, prettyBody } from "./draft";

/** What the viewer shows: the tester's result, or any response shaped like it (function test, authorizer test). */
export interface ViewedResponse {
  status: number | null;
  latency: number | null;
  headers?: Array<[string, string]>;
  body: string;
  bodyEncoding?: "text" | "base64";
  bodySize?: number;
  truncated?: boolean;
  log?: Array<{ step: string; durationMs: number | null; level: string; message: string }>;
  timedOut?: boolean;
  requestId?: string | null;
  timing?: { totalMs: number; integrationMs: number | null; gatewayMs: number | null; note: string | null } | null;
}

/** Characters of a body rendered in the page; the rest is in the download. */
export const VIEW_CHARS = 200_000;

function decodeBase64(b64: string): Uint8Array {
  const raw = atob(b64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The execution log as a table: step, duration, level, message. */
export function ExecutionLogTable({ log }: { log: NonNullable<ViewedResponse["log"]> }) {
  if (log.length === 0) return <p className="muted small">No log lines.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="execution-log">
        <thead>
          <tr>
            <th>Step</th>
            <th>Duration</th>
            <th>Level</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {log.map((l, i) => (
            <tr key={i} className={l.level === "ERROR" ? "row-error" : undefined}>
              <td className="nowrap">{l.step}</td>
              <td className="nowrap mono small">{l.durationMs === null ? "" : `${l.durationMs} ms`}</td>
              <td className="small">{l.level}</td>
              <td>
                <pre className="log-message" style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>{l.message}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Status, latency (split when known), headers, body (pretty JSON/XML or raw, binary size, truncation + download) and the log. */
export function ResponseViewer({ result, title = "Response" }: { result: ViewedResponse; title?: string }) {
  const [raw, setRaw] = useState(false);
  const contentType = result.headers?.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? "";
  const binary = result.bodyEncoding === "base64";
  const size = result.bodySize ?? (binary ? Math.floor((result.body.length * 3) / 4) : new TextEncoder().encode(result.body).length);
  const cutInView = !binary && result.body.length > VIEW_CHARS;
  const shownText = cutInView ? result.body.slice(0, VIEW_CHARS) : result.body;
  const pretty = useMemo(() => (binary || cutInView ? null : prettyBody(result.body, contentType)), [binary, cutInView, result.body, contentType]);
  const needsDownload = binary || cutInView || Boolean(result.truncated);
  const download = () => {
    const blob = new Blob([binary ? (decodeBase64(result.body) as BlobPart) : result.body], { type: contentType || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = "response-body";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const ok = result.status !== null && result.status >= 200 && result.status < 400;
  return (
    <section className="card tester-response" aria-label={title}>
      <h2>{title}</h2>
      <dl className="fn-metrics">
        <div>
          <dt className="muted small">Status</dt>
          <dd data-testid="response-status">
            <span className={`badge ${ok ? "badge-ok" : "badge-danger"}`}>{result.timedOut ? "Timed out" : (result.status ?? "—")}</span>
          </dd>
        </div>
        <div>
          <dt className="muted small">Latency</dt>
          <dd data-testid="response-latency">{result.latency === null ? "—" : `${result.latency} ms`}</dd>
        </div>
        {result.timing && (
          <div>
            <dt className="muted small">Gateway / integration</dt>
            <dd data-testid="response-timing">
              {result.timing.integrationMs !== null ? `${result.timing.gatewayMs} ms / ${result.timing.integrationMs} ms` : "total only"}
            </dd>
          </div>
        )}
        <div>
          <dt className="muted small">Body size</dt>
          <dd data-testid="response-size">{formatBytes(size)}</dd>
        </div>
      </dl>
      {result.timing?.note && <p className="muted small">{result.timing.note}</p>}
      {result.timedOut && (
        <p className="error" role="alert">
          The request timed out; the log below is what was recorded until then.
        </p>
      )}
      {result.requestId && (
        <p className="muted small">
          Request id <span className="mono">{result.requestId}</span>
        </p>
      )}
      {result.headers && result.headers.length > 0 && (
        <details>
          <summary>Headers ({result.headers.length})</summary>
          <table className="table" data-testid="response-headers">
            <tbody>
              {result.headers.map(([n, v], i) => (
                <tr key={i}>
                  <td className="mono small">{n}</td>
                  <td className="mono small">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <div className="row-actions">
        <h3>Body</h3>
        {pretty && (
          <button type="button" className="button button-small" onClick={() => setRaw(!raw)}>
            {raw ? `Pretty ${pretty.kind.toUpperCase()}` : "Raw"}
          </button>
        )}
        {needsDownload && (
          <button type="button" className="button button-small" onClick={download} data-testid="response-download">
            Download body
          </button>
        )}
      </div>
      {(cutInView || result.truncated) && (
        <p className="muted small" data-testid="response-truncated">
          Truncated: the body is {formatBytes(size)}; {cutInView ? `the first ${formatBytes(VIEW_CHARS)} are shown` : "only part of it was returned"}. Download it for the rest
          {result.truncated ? " (the download holds what was returned)" : ""}.
        </p>
      )}
      {binary ? (
        <p className="muted" data-testid="response-binary">
          Binary body ({formatBytes(size)}).
        </p>
      ) : (
        <pre className="tester-body-view" data-testid="response-body" style={{ maxHeight: 480, overflow: "auto", whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
          {pretty && !raw ? pretty.text : shownText}
        </pre>
      )}
      {result.log && (
        <>
          <h3>Execution log</h3>
          <ExecutionLogTable log={result.log} />
        </>
      )}
    </section>
  );
}

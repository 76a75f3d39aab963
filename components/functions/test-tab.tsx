"use client";

import dynamic from "next/dynamic";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { EVENT_TEMPLATES } from "@/lib/functions/templates";
import type { TFunction, TInvokeResult } from "@/lib/schemas/functions";
import { api, enc } from "../api/client";
import { useFunctionVersions } from "../api/use-functions";
import { usePermissions } from "../current-user";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { ResponseViewer, type ViewedResponse } from "../tester/response-viewer";

const JsonEditor = dynamic(() => import("./monaco-editors").then((m) => m.JsonEditor), {
  ssr: false,
  loading: () => <p className="muted">Loading editor…</p>,
});

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** A proxy-integration result (`{statusCode, headers, body}`) as the gateway would answer it, else null. */
function asHttpResponse(payload: unknown, latency: number): ViewedResponse | null {
  if (!payload || typeof payload !== "object") return null;
  const p = payload as { statusCode?: unknown; headers?: unknown; body?: unknown; isBase64Encoded?: unknown };
  if (typeof p.statusCode !== "number") return null;
  const headers = p.headers && typeof p.headers === "object" ? Object.entries(p.headers as Record<string, unknown>).map(([n, v]) => [n, String(v)] as [string, string]) : [];
  const body = typeof p.body === "string" ? p.body : p.body === undefined ? "" : JSON.stringify(p.body);
  return { status: p.statusCode, latency, headers, body, bodyEncoding: p.isBase64Encoded === true ? "base64" : "text" };
}

/** Runs the function through the gateway with an event from a template (editable), showing the result, timings and logs. */
export function TestTab({ fn }: { fn: TFunction }) {
  const { canTest } = usePermissions();
  const versions = useFunctionVersions(fn.name);
  const [template, setTemplate] = useState(EVENT_TEMPLATES[0].id);
  const [eventText, setEventText] = useState(() => pretty(EVENT_TEMPLATES[0].event));
  const [qualifier, setQualifier] = useState("$LATEST");
  const [parseError, setParseError] = useState("");
  const run = useMutation({
    mutationFn: (event: unknown) =>
      api.post<TInvokeResult>(`/functions/${enc(fn.name)}/invoke`, { event, ...(qualifier === "$LATEST" ? {} : { qualifier }) }),
  });

  function pick(id: string) {
    setTemplate(id);
    const found = EVENT_TEMPLATES.find((t) => t.id === id);
    if (found) setEventText(pretty(found.event));
  }

  function submit() {
    let event: unknown;
    try {
      event = JSON.parse(eventText);
    } catch (err) {
      setParseError(`The event is not valid JSON: ${(err as Error).message}`);
      return;
    }
    setParseError("");
    run.mutate(event);
  }

  const result = run.data;
  return (
    <div className="fn-test">
      <section className="card" aria-label="Test event">
        <h2>Test event</h2>
        <div className="inline-form">
          <Field label="Template">
            <select value={template} onChange={(e) => pick(e.target.value)}>
              {EVENT_TEMPLATES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Version">
            <select value={qualifier} onChange={(e) => setQualifier(e.target.value)}>
              <option value="$LATEST">$LATEST</option>
              {(versions.data ?? []).map((v) => (
                <option key={v.number} value={String(v.number)}>
                  {v.number}
                  {v.description ? ` — ${v.description}` : ""}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <JsonEditor value={eventText} onChange={setEventText} />
        {parseError && (
          <p className="error" role="alert">
            {parseError}
          </p>
        )}
        <div className="row-actions" style={{ marginTop: "0.75rem" }}>
          <button type="button" className="button button-primary" onClick={submit} disabled={!canTest || run.isPending}>
            {run.isPending ? "Running…" : "Run"}
          </button>
          {!canTest && <span className="muted small">Your role cannot run tests.</span>}
        </div>
        <ErrorNotice error={run.error} />
      </section>
      <section className="card fn-result" aria-label="Result">
        <h2>Result</h2>
        {!result && <p className="muted">Run the function to see its result and logs.</p>}
        {result && (
          <>
            <p>
              {result.ok ? <span className="badge badge-ok">Succeeded</span> : <span className="badge badge-danger">Failed</span>}{" "}
              <span className="muted small">
                request id <span className="mono">{result.requestId}</span>
              </span>
            </p>
            <dl className="fn-metrics" aria-label="Metrics">
              <div>
                <dt className="muted small">Duration</dt>
                <dd data-testid="duration">{result.durationMs.toFixed(2)} ms</dd>
              </div>
              <div>
                <dt className="muted small">Billed duration</dt>
                <dd data-testid="billed-duration">{result.billedDurationMs} ms</dd>
              </div>
              <div>
                <dt className="muted small">Peak memory</dt>
                <dd data-testid="peak-memory">
                  {result.peakMemoryMb} MB / {fn.memoryMb} MB
                </dd>
              </div>
            </dl>
            {result.errorMessage && <p className="error">{result.errorMessage}</p>}
            <h3>Response</h3>
            <pre data-testid="invoke-payload">{pretty(result.payload)}</pre>
            {asHttpResponse(result.payload, result.durationMs) && <ResponseViewer title="As the gateway would answer (proxy integration)" result={asHttpResponse(result.payload, result.durationMs)!} />}
            <h3>Logs</h3>
            <div className="fn-logs">
              {result.logs.length === 0 ? (
                <p className="muted small">No log output.</p>
              ) : (
                <pre data-testid="invoke-logs">
                  {result.logs.map((l) => `${l.time}  ${l.level.padEnd(5)}  ${l.message}`).join("\n")}
                </pre>
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}

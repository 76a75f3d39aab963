"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { TStage } from "@/lib/schemas/management";
import type { TAccessLogEntry, TAccessLogList } from "@/lib/schemas/logs";
import { api, enc } from "../api/client";
import { useRestApis } from "../api/use-rest-apis";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

const FILTER_NAMES = ["from", "to", "restApiId", "stage", "status", "method", "path", "apiKeyId", "requestId", "text"] as const;
type FilterName = (typeof FILTER_NAMES)[number];
type Filters = Partial<Record<FilterName, string>>;

/** A datetime-local value (local time) as ISO, or undefined. */
const toIso = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

function queryString(filters: Filters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const raw = filters[name]?.trim();
    if (!raw) continue;
    params.set(name, name === "from" || name === "to" ? (toIso(raw) ?? raw) : raw);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

const statusClass = (status: number) => (status >= 500 ? "badge badge-danger" : status >= 400 ? "badge badge-warn" : "badge badge-ok");

/**
 * The logs explorer: access log entries filtered by time, API, stage, status,
 * method, path, API key, request id and text, newest first with "Load more";
 * live tail adds new entries as the gateway writes them (server-sent events).
 * A row opens the request's page (access entry, execution log, function logs).
 */
export function LogsExplorer() {
  const search = useSearchParams();
  const router = useRouter();
  const initial = useMemo(() => Object.fromEntries(FILTER_NAMES.map((n) => [n, search.get(n) ?? ""])) as Filters, [search]);
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const [live, setLive] = useState(false);
  const [tail, setTail] = useState<TAccessLogEntry[]>([]);
  const [liveAfter, setLiveAfter] = useState<string | undefined>(undefined);
  const [liveState, setLiveState] = useState<"connecting" | "open" | "error">("connecting");
  const { data: apis } = useRestApis();
  const { data: stages } = useQuery({
    queryKey: ["restapis", draft.restApiId, "stages"],
    queryFn: async () => (await api.get<{ items: TStage[] }>(`/restapis/${enc(draft.restApiId!)}/stages`)).items,
    enabled: Boolean(draft.restApiId),
  });

  const qs = queryString(filters);
  const list = useInfiniteQuery({
    queryKey: ["logs", qs],
    queryFn: ({ pageParam }) => api.get<TAccessLogList>(`/logs?${queryString(filters, pageParam ? { cursor: pageParam } : {})}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const newestId = list.data?.pages[0]?.items[0]?.id;

  useEffect(() => {
    if (!live) return;
    const after = liveAfter;
    const source = new EventSource(`/api/v1/logs/stream?${queryString(filters, after ? { after } : {})}`);
    source.onopen = () => setLiveState("open");
    source.onerror = () => setLiveState(source.readyState === EventSource.CLOSED ? "error" : "connecting");
    source.addEventListener("access", (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as TAccessLogEntry;
      setTail((rows) => (rows.some((r) => r.id === entry.id) ? rows : [entry, ...rows].slice(0, 1000)));
    });
    return () => source.close();
  }, [live, qs, liveAfter, filters]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    setTail([]);
    const params = new URLSearchParams();
    for (const n of FILTER_NAMES) if (draft[n]?.trim()) params.set(n, draft[n]!.trim());
    router.replace(`/logs${params.size ? `?${params}` : ""}`);
  }
  const set = (name: FilterName) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value }));

  const listed = list.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = [...tail.filter((t) => !listed.some((r) => r.id === t.id)), ...listed];

  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1>Logs</h1>
          <p className="muted small">
            Access log entries of stages with access logging on (stage page → Logging), newest first. Open a request to read its
            execution log and function logs.
          </p>
        </div>
      </header>
      <section className="card" aria-label="Log filters">
        <form className="inline-form" onSubmit={submit} aria-label="Filter access logs">
          <Field label="From">
            <input type="datetime-local" value={draft.from ?? ""} onChange={set("from")} />
          </Field>
          <Field label="To">
            <input type="datetime-local" value={draft.to ?? ""} onChange={set("to")} />
          </Field>
          <Field label="API">
            <select value={draft.restApiId ?? ""} onChange={(e) => setDraft((d) => ({ ...d, restApiId: e.target.value, stage: "" }))}>
              <option value="">All APIs</option>
              {(apis ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.id})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Stage">
            {draft.restApiId ? (
              <select value={draft.stage ?? ""} onChange={set("stage")}>
                <option value="">All stages</option>
                {(stages ?? []).map((s) => (
                  <option key={s.stageName} value={s.stageName}>
                    {s.stageName}
                  </option>
                ))}
              </select>
            ) : (
              <input value={draft.stage ?? ""} onChange={set("stage")} placeholder="Any" />
            )}
          </Field>
          <Field label="Status">
            <input value={draft.status ?? ""} onChange={set("status")} placeholder="404 or 5xx" size={8} />
          </Field>
          <Field label="Method">
            <select value={draft.method ?? ""} onChange={set("method")}>
              <option value="">Any</option>
              {["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field label="Path">
            <input value={draft.path ?? ""} onChange={set("path")} placeholder="/items" />
          </Field>
          <Field label="API key id">
            <input value={draft.apiKeyId ?? ""} onChange={set("apiKeyId")} />
          </Field>
          <Field label="Request id">
            <input className="mono" value={draft.requestId ?? ""} onChange={set("requestId")} />
          </Field>
          <Field label="Text">
            <input value={draft.text ?? ""} onChange={set("text")} placeholder="in line, path or error" />
          </Field>
          <button type="submit" className="button button-primary">
            Search
          </button>
          <button type="button" className="button" onClick={() => void list.refetch()} disabled={list.isFetching}>
            Refresh
          </button>
          <label className="small">
            <input
              type="checkbox"
              checked={live}
              onChange={(e) => {
                setTail([]);
                setLiveAfter(newestId);
                setLiveState("connecting");
                setLive(e.target.checked);
              }}
              aria-label="Live tail"
            />{" "}
            Live tail
            {live && <span className="muted" data-testid="live-state"> ({liveState === "open" ? "connected" : liveState})</span>}
          </label>
        </form>
      </section>
      <section className="card" aria-label="Access log entries">
        {list.isPending && <p className="muted">Loading…</p>}
        {list.error && <p className="error">Could not load logs: {list.error.message}</p>}
        {!list.isPending && rows.length === 0 && !list.error && (
          <p className="muted">No entries match. Access logging is per stage: turn it on in the stage&apos;s Logging section.</p>
        )}
        {rows.length > 0 && (
          <div className="table-scroll">
            <table className="table table-compact" aria-label="Access log">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Status</th>
                  <th>Method</th>
                  <th>Path</th>
                  <th>API / stage</th>
                  <th>Latency</th>
                  <th>Request id</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-request-id={r.requestId}>
                    <td style={{ whiteSpace: "nowrap" }}>{formatDate(r.time)}</td>
                    <td>
                      <span className={statusClass(r.status)}>{r.status}</span>
                    </td>
                    <td>{r.httpMethod}</td>
                    <td className="mono small">{r.path}</td>
                    <td className="small">
                      <Link href={`/apis/${r.restApiId}`}>{r.restApiId}</Link> / {r.stage}
                    </td>
                    <td className="small">
                      {r.latencyMs} ms{r.integrationLatencyMs !== null ? ` (integration ${r.integrationLatencyMs} ms)` : ""}
                    </td>
                    <td className="mono small">
                      <Link href={`/logs/${encodeURIComponent(r.requestId)}`}>{r.requestId}</Link>
                    </td>
                    <td className="small">{r.errorMessage ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.hasNextPage && (
          <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : "Load older entries"}
          </button>
        )}
      </section>
    </>
  );
}

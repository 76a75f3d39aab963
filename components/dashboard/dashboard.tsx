"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TStage } from "@/lib/schemas/management";
import type { TMetricsOut, TMetricTotals } from "@/lib/schemas/metrics";
import { api, enc } from "../api/client";
import { useRestApis } from "../api/use-rest-apis";
import { chartProps } from "../ui/chart-theme";
import { Field } from "../ui/field";
import { useChartColors } from "../ui/use-color-scheme";

const REFRESH_MS = 10_000;
type Range = "1h" | "24h" | "7d" | "custom";

const pct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)} %`;
const ms = (v: number | null) => (v === null ? "—" : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
const bytes = (v: number) => (v >= 1e9 ? `${(v / 1e9).toFixed(2)} GB` : v >= 1e6 ? `${(v / 1e6).toFixed(1)} MB` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} kB` : `${v} B`);

function timeLabel(iso: string, range: Range) {
  const d = new Date(iso);
  return range === "7d" ? d.toLocaleDateString([], { weekday: "short", hour: "2-digit" }) : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

type SortKey = "count" | "p99" | "errors";
const errors = (t: TMetricTotals) => t.count4xx + t.count5xx;

/**
 * Metrics dashboard: the account overview (requests, error rate, p99, top APIs
 * and keys) or one API / stage (each metric over time, a per-method table
 * sortable by traffic, latency and errors). Ranges 1 h / 24 h / 7 d / custom;
 * refreshes every 10 s while open.
 */
export function MetricsDashboard() {
  const [range, setRange] = useState<Range>("1h");
  const [restApiId, setRestApiId] = useState("");
  const [stage, setStage] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [sort, setSort] = useState<SortKey>("count");
  const { data: apis } = useRestApis();
  const { data: stages } = useQuery({
    queryKey: ["restapis", restApiId, "stages"],
    queryFn: async () => (await api.get<{ items: TStage[] }>(`/restapis/${enc(restApiId)}/stages`)).items,
    enabled: Boolean(restApiId),
  });
  const qs = useMemo(() => {
    const p = new URLSearchParams({ range });
    if (restApiId) p.set("restApiId", restApiId);
    if (restApiId && stage) p.set("stage", stage);
    if (range === "custom" && from && to) {
      p.set("from", new Date(from).toISOString());
      p.set("to", new Date(to).toISOString());
    }
    return p.toString();
  }, [range, restApiId, stage, from, to]);
  const ready = range !== "custom" || (from && to);
  const { data, error, isPending } = useQuery({
    queryKey: ["metrics", qs],
    queryFn: () => api.get<TMetricsOut>(`/metrics?${qs}`),
    refetchInterval: range === "custom" ? false : REFRESH_MS,
    enabled: Boolean(ready),
  });
  const methods = useMemo(() => {
    const list = [...(data?.methods ?? [])];
    const by: Record<SortKey, (t: TMetricTotals) => number> = { count: (t) => t.count, p99: (t) => t.latency.p99 ?? -1, errors };
    return list.sort((a, b) => by[sort](b) - by[sort](a));
  }, [data, sort]);

  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1>Dashboard</h1>
          <p className="muted small">
            Requests, errors and latency from every gateway (per-minute rows, merged histograms). <Link href="/dashboard/usage">Usage and cost →</Link>
          </p>
        </div>
      </header>
      <section className="card" aria-label="Dashboard filters">
        <div className="inline-form">
          <Field label="Range">
            <select value={range} onChange={(e) => setRange(e.target.value as Range)} aria-label="Range">
              <option value="1h">Last hour</option>
              <option value="24h">Last 24 hours</option>
              <option value="7d">Last 7 days</option>
              <option value="custom">Custom</option>
            </select>
          </Field>
          {range === "custom" && (
            <>
              <Field label="From">
                <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
              </Field>
              <Field label="To">
                <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
              </Field>
            </>
          )}
          <Field label="API">
            <select value={restApiId} onChange={(e) => (setRestApiId(e.target.value), setStage(""))} aria-label="API">
              <option value="">All APIs (account)</option>
              {(apis ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.id})
                </option>
              ))}
            </select>
          </Field>
          {restApiId && (
            <Field label="Stage">
              <select value={stage} onChange={(e) => setStage(e.target.value)} aria-label="Stage">
                <option value="">All stages</option>
                {(stages ?? []).map((s) => (
                  <option key={s.stageName} value={s.stageName}>
                    {s.stageName}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
      </section>
      {!ready ? (
        <p className="muted">Choose a start and an end.</p>
      ) : isPending ? (
        <p className="muted">Loading…</p>
      ) : error ? (
        <p className="error">Could not load metrics: {error.message}</p>
      ) : (
        <>
          <section className="card" aria-label="Totals">
            <dl className="kv-list" data-testid="dashboard-totals">
              <dt>Requests</dt>
              <dd data-testid="total-count">{data.totals.count}</dd>
              <dt>Error rate</dt>
              <dd>
                {pct(data.totals.errorRate)} ({data.totals.count4xx} 4XX, {data.totals.count5xx} 5XX)
              </dd>
              <dt>Latency p50 / p90 / p99</dt>
              <dd>
                {ms(data.totals.latency.p50)} / {ms(data.totals.latency.p90)} / <strong data-testid="total-p99">{ms(data.totals.latency.p99)}</strong>
              </dd>
              <dt>Integration latency p99</dt>
              <dd>{ms(data.totals.integrationLatency.p99)}</dd>
              <dt>Cache hits / misses</dt>
              <dd>
                {data.totals.cacheHits} / {data.totals.cacheMisses}
              </dd>
              <dt>Throttled</dt>
              <dd>{data.totals.throttled}</dd>
              <dt>Data in / out</dt>
              <dd>
                {bytes(data.totals.bytesIn)} / {bytes(data.totals.bytesOut)}
              </dd>
              {data.dropped.buffer + data.dropped.cardinality > 0 && (
                <>
                  <dt>Dropped metrics</dt>
                  <dd className="error">
                    {data.dropped.buffer} requests lost (database unavailable), {data.dropped.cardinality} folded into “~other” (series cap)
                  </dd>
                </>
              )}
            </dl>
          </section>
          <Charts data={data} range={range} />
          {restApiId ? (
            <section className="card" aria-label="Methods">
              <h2>Methods</h2>
              <p className="muted small">
                Sort by{" "}
                {(["count", "p99", "errors"] as const).map((k) => (
                  <button key={k} type="button" className={`button${sort === k ? " button-primary" : ""}`} onClick={() => setSort(k)} aria-pressed={sort === k}>
                    {k === "count" ? "traffic" : k === "p99" ? "latency" : "errors"}
                  </button>
                ))}
              </p>
              <div className="table-scroll">
                <table className="table table-compact" data-testid="methods-table">
                  <thead>
                    <tr>
                      <th>Method</th>
                      <th>Resource</th>
                      <th>Requests</th>
                      <th>4XX</th>
                      <th>5XX</th>
                      <th>p50</th>
                      <th>p99</th>
                      <th>Integration p99</th>
                    </tr>
                  </thead>
                  <tbody>
                    {methods.map((m) => (
                      <tr key={`${m.method} ${m.resource}`}>
                        <td className="mono">{m.method || "—"}</td>
                        <td className="mono">{m.resource || "(no match)"}</td>
                        <td>{m.count}</td>
                        <td>{m.count4xx}</td>
                        <td>{m.count5xx}</td>
                        <td>{ms(m.latency.p50)}</td>
                        <td>{ms(m.latency.p99)}</td>
                        <td>{ms(m.integrationLatency.p99)}</td>
                      </tr>
                    ))}
                    {methods.length === 0 && (
                      <tr>
                        <td colSpan={8} className="muted">
                          No requests in this range.
                        </td>
                      </tr>
                    )}
                  </tbody>
                </table>
              </div>
            </section>
          ) : (
            <section className="card" aria-label="Top APIs">
              <h2>Top APIs</h2>
              <TopTable rows={data.topApis.map((a) => ({ key: a.restApiId, label: a.name ? `${a.name} (${a.restApiId})` : a.restApiId, t: a }))} />
            </section>
          )}
          <section className="card" aria-label="Top API keys">
            <h2>Top API keys</h2>
            <TopTable rows={data.topKeys.map((k) => ({ key: k.apiKeyId, label: k.name ? `${k.name} (${k.apiKeyId})` : k.apiKeyId, t: k }))} />
          </section>
        </>
      )}
    </>
  );
}

function TopTable({ rows }: { rows: Array<{ key: string; label: string; t: TMetricTotals }> }) {
  if (rows.length === 0) return <p className="muted small">No requests in this range.</p>;
  return (
    <div className="table-scroll">
      <table className="table table-compact">
        <thead>
          <tr>
            <th>Name</th>
            <th>Requests</th>
            <th>Error rate</th>
            <th>p99</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="mono">{r.label}</td>
              <td>{r.t.count}</td>
              <td>{pct(r.t.errorRate)}</td>
              <td>{ms(r.t.latency.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Charts({ data, range }: { data: TMetricsOut; range: Range }) {
  const c = useChartColors();
  const p = chartProps(c);
  const points = data.points.map((p) => ({
    time: p.time,
    "2xx": p.count - p.count4xx - p.count5xx,
    "4xx": p.count4xx,
    "5xx": p.count5xx,
    p50: p.latency.p50,
    p90: p.latency.p90,
    p99: p.latency.p99,
    integration: p.integrationLatency.p99,
    hits: p.cacheHits,
    misses: p.cacheMisses,
    throttled: p.throttled,
  }));
  const label = (v: unknown) => timeLabel(String(v), range);
  const chart = (title: string, body: React.ReactElement) => (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <div style={{ width: "100%", height: 220 }}>
        <ResponsiveContainer>{body}</ResponsiveContainer>
      </div>
    </section>
  );
  const step = data.stepSeconds >= 3600 ? `${data.stepSeconds / 3600} h` : `${data.stepSeconds / 60} min`;
  return (
    <div className="chart-grid" data-testid="dashboard-charts">
      {chart(
        `Requests (per ${step})`,
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid {...p.grid} />
          <XAxis dataKey="time" tickFormatter={label} minTickGap={40} {...p.axis} />
          <YAxis allowDecimals={false} {...p.axis} />
          <Tooltip labelFormatter={label} {...p.tooltip} cursor={p.barCursor} />
          <Legend {...p.legend} />
          <Bar dataKey="2xx" stackId="s" fill={c.ok} isAnimationActive={false} />
          <Bar dataKey="4xx" stackId="s" fill={c.warn} isAnimationActive={false} />
          <Bar dataKey="5xx" stackId="s" fill={c.error} isAnimationActive={false} />
        </BarChart>,
      )}
      {chart(
        "Latency (ms)",
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid {...p.grid} />
          <XAxis dataKey="time" tickFormatter={label} minTickGap={40} {...p.axis} />
          <YAxis {...p.axis} />
          <Tooltip labelFormatter={label} {...p.tooltip} cursor={p.lineCursor} />
          <Legend {...p.legend} />
          <Line dataKey="p50" stroke={c.series[0]} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="p90" stroke={c.series[4]} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="p99" stroke={c.error} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="integration" name="integration p99" stroke={c.series[5]} strokeDasharray="4 2" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>,
      )}
      {chart(
        "Cache and throttling",
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid {...p.grid} />
          <XAxis dataKey="time" tickFormatter={label} minTickGap={40} {...p.axis} />
          <YAxis allowDecimals={false} {...p.axis} />
          <Tooltip labelFormatter={label} {...p.tooltip} cursor={p.barCursor} />
          <Legend {...p.legend} />
          <Bar dataKey="hits" name="cache hits" fill={c.ok} isAnimationActive={false} />
          <Bar dataKey="misses" name="cache misses" fill={c.neutral} isAnimationActive={false} />
          <Bar dataKey="throttled" fill={c.error} isAnimationActive={false} />
        </BarChart>,
      )}
    </div>
  );
}

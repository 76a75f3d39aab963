"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TUsageOut } from "@/lib/schemas/metrics";
import { api } from "../api/client";
import { Field } from "../ui/field";

const money = (v: number) => v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const gb = (b: number) => `${(b / 1024 ** 3).toFixed(3)} GB`;
const thisMonth = () => new Date().toISOString().slice(0, 7);

/** Usage and estimated cost per API, stage and key for a month, with CSV export. */
export function UsageReport() {
  const [month, setMonth] = useState(thisMonth());
  const { data, error, isPending } = useQuery({
    queryKey: ["usage", month],
    queryFn: () => api.get<TUsageOut>(`/usage?month=${month}`),
    refetchInterval: 30_000,
  });
  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1>Usage and cost</h1>
          <p className="muted small">An estimate from the metrics, priced with the GATEHOUSE_PRICE_* settings. Cache hours assume a cache that is on now was on all month.</p>
        </div>
        <div className="header-actions">
          <a className="button" href={`/api/v1/usage?month=${month}&format=csv`} download>
            Export CSV
          </a>
        </div>
      </header>
      <section className="card">
        <div className="inline-form">
          <Field label="Month">
            <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
          </Field>
        </div>
      </section>
      {isPending ? (
        <p className="muted">Loading…</p>
      ) : error ? (
        <p className="error">Could not load usage: {error.message}</p>
      ) : (
        <>
          <section className="card" aria-label="Estimated bill">
            <dl className="kv-list">
              <dt>Requests</dt>
              <dd>
                {data.total.requests} × {data.prices.perMillionRequests} per million = {money(data.total.requestCost)}
              </dd>
              <dt>Data out</dt>
              <dd>
                {gb(data.total.bytesOut)} × {data.prices.perGbOut} per GB = {money(data.total.dataCost)}
              </dd>
              <dt>Caches</dt>
              <dd>{money(data.total.cacheCost)}</dd>
              <dt>Estimated total</dt>
              <dd>
                <strong data-testid="usage-total">{money(data.total.cost)}</strong>
              </dd>
            </dl>
          </section>
          <section className="card" aria-label="Usage by API, stage and key">
            <div className="table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>API</th>
                    <th>Stage</th>
                    <th>API key</th>
                    <th>Requests</th>
                    <th>Data out</th>
                    <th>Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={`${r.restApiId}/${r.stage}/${r.apiKeyId}`}>
                      <td>{r.apiName ?? r.restApiId}</td>
                      <td className="mono">{r.stage}</td>
                      <td>{r.apiKeyId ? (r.apiKeyName ?? r.apiKeyId) : <span className="muted">none</span>}</td>
                      <td>{r.requests}</td>
                      <td>{gb(r.bytesOut)}</td>
                      <td>{money(r.cost)}</td>
                    </tr>
                  ))}
                  {data.caches.map((c) => (
                    <tr key={`cache ${c.restApiId}/${c.stage}`}>
                      <td>{c.restApiId}</td>
                      <td className="mono">{c.stage}</td>
                      <td className="muted">cache {c.size} GB, {c.hours} h</td>
                      <td />
                      <td />
                      <td>{money(c.cost)}</td>
                    </tr>
                  ))}
                  {data.rows.length + data.caches.length === 0 && (
                    <tr>
                      <td colSpan={6} className="muted">
                        No usage this month.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}

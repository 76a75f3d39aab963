"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TKeyUsage, TUsage, TUsagePlan, TUsagePlanKey } from "@/lib/schemas/api-keys";
import { api, enc } from "../api/client";
import { chartProps } from "../ui/chart-theme";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { useChartColors } from "../ui/use-color-scheme";
import { planKeysQueryKey } from "./plan-keys";

const day = (offsetDays: number) => new Date(Date.now() - offsetDays * 86_400_000).toISOString().slice(0, 10);

function QuotaActions({ plan, keyInfo }: { plan: TUsagePlan; keyInfo: TUsagePlanKey }) {
  const queryClient = useQueryClient();
  const [extendBy, setExtendBy] = useState("100");
  const current = useQuery({
    queryKey: ["usageplans", plan.id, "keys", keyInfo.id, "usage"],
    queryFn: () => api.get<TKeyUsage>(`/usageplans/${enc(plan.id)}/keys/${enc(keyInfo.id)}/usage`),
    refetchInterval: 5_000,
  });
  const update = useMutation({
    mutationFn: (body: { reset: true } | { extendBy: number }) => api.patch<TKeyUsage>(`/usageplans/${enc(plan.id)}/keys/${enc(keyInfo.id)}/usage`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["usageplans", plan.id] }),
  });
  return (
    <tr>
      <td>{keyInfo.name}</td>
      <td className="small">{current.data ? `${current.data.used} used, ${current.data.remaining} of ${current.data.limit} left` : "…"}</td>
      <td>
        <div className="inline-form">
          <button type="button" className="button button-small" aria-label={`Reset quota of ${keyInfo.name}`} disabled={update.isPending} onClick={() => update.mutate({ reset: true })}>
            Reset quota
          </button>
          <Field label={`Extend ${keyInfo.name} by`}>
            <input type="number" min={1} className="num" value={extendBy} onChange={(e) => setExtendBy(e.target.value)} />
          </Field>
          <button type="button" className="button button-small" aria-label={`Extend quota of ${keyInfo.name}`} disabled={update.isPending || !(Number(extendBy) >= 1)} onClick={() => update.mutate({ extendBy: Number(extendBy) })}>
            Extend
          </button>
        </div>
        <ErrorNotice error={update.error} />
      </td>
    </tr>
  );
}

/** Requests per key per day (last 7 or 30 days), and for admins the quota reset / extend actions. */
export function UsageChart({ plan, isAdmin }: { plan: TUsagePlan; isAdmin: boolean }) {
  const [days, setDays] = useState(7);
  const colors = useChartColors();
  const p = chartProps(colors);
  const startDate = day(days - 1);
  const endDate = day(0);
  const usage = useQuery({
    queryKey: ["usageplans", plan.id, "usage", startDate, endDate],
    queryFn: () => api.get<TUsage>(`/usageplans/${enc(plan.id)}/usage?startDate=${startDate}&endDate=${endDate}`),
    refetchInterval: 5_000,
  });
  const members = useQuery({
    queryKey: planKeysQueryKey(plan.id),
    queryFn: async () => (await api.get<{ items: TUsagePlanKey[] }>(`/usageplans/${enc(plan.id)}/keys`)).items,
  });
  const nameOf = (id: string) => members.data?.find((k) => k.id === id)?.name ?? id;
  const keyIds = Object.keys(usage.data?.items ?? {});
  const points = Array.from({ length: days }, (_, i) => {
    const point: Record<string, string | number> = { day: day(days - 1 - i) };
    for (const id of keyIds) point[nameOf(id)] = usage.data!.items[id][i]?.[0] ?? 0;
    return point;
  });
  return (
    <section className="card" aria-label="Usage">
      <div className="page-header-row">
        <h2>Usage per key per day</h2>
        <Field label="Period">
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
          </select>
        </Field>
      </div>
      {usage.isPending && <p className="muted">Loading…</p>}
      {usage.error && <p className="error">Could not load usage: {usage.error.message}</p>}
      {usage.data && keyIds.length === 0 && <p className="muted">No keys, no usage yet.</p>}
      {usage.data && keyIds.length > 0 && (
        <div style={{ width: "100%", height: 240 }} data-testid="usage-chart">
          <ResponsiveContainer>
            <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid {...p.grid} />
              <XAxis dataKey="day" minTickGap={20} {...p.axis} />
              <YAxis allowDecimals={false} {...p.axis} />
              <Tooltip {...p.tooltip} cursor={p.barCursor} />
              <Legend {...p.legend} />
              {keyIds.map((id, i) => (
                <Bar key={id} dataKey={nameOf(id)} stackId="k" fill={colors.series[i % colors.series.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {plan.quota && members.data && members.data.length > 0 && (
        <table className="table table-compact" aria-label="Quota per key">
          <thead>
            <tr>
              <th>Key</th>
              <th>This {plan.quota.period.toLowerCase()}</th>
              <th>{isAdmin ? "Quota actions (admins)" : ""}</th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((k) =>
              isAdmin ? (
                <QuotaActions key={k.id} plan={plan} keyInfo={k} />
              ) : (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td colSpan={2} className="muted small">
                    Admins can reset or extend quotas.
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

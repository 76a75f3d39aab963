"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RequestSeries } from "@/lib/services/metrics";
import { fetchJson } from "./fetch-json";
import { chartProps } from "./ui/chart-theme";
import { useChartColors } from "./ui/use-color-scheme";

const REFRESH_MS = 5_000;

function useRequestSeries(restApiId: string) {
  return useQuery({
    queryKey: ["request-series", restApiId, 60],
    queryFn: () => fetchJson<RequestSeries>(`/api/v1/restapis/${restApiId}/metrics?minutes=60`),
    refetchInterval: REFRESH_MS,
  });
}

const timeLabel = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function RequestsChart({ restApiId, height = 240 }: { restApiId: string; height?: number }) {
  const { data, error, isPending } = useRequestSeries(restApiId);
  const c = useChartColors();
  const p = chartProps(c);
  if (isPending) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">Could not load metrics: {error.message}</p>;
  return (
    <div>
      <p>
        Total: <strong data-testid="requests-total">{data.total}</strong> requests
      </p>
      <div style={{ width: "100%", height }} data-testid="requests-chart">
        <ResponsiveContainer>
          <BarChart data={data.points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid {...p.grid} />
            <XAxis dataKey="minute" tickFormatter={timeLabel} minTickGap={40} {...p.axis} />
            <YAxis allowDecimals={false} {...p.axis} />
            <Tooltip labelFormatter={(v) => timeLabel(String(v))} {...p.tooltip} cursor={p.barCursor} />
            <Legend {...p.legend} />
            <Bar dataKey="2xx" stackId="s" fill={c.ok} isAnimationActive={false} />
            <Bar dataKey="4xx" stackId="s" fill={c.warn} isAnimationActive={false} />
            <Bar dataKey="5xx" stackId="s" fill={c.error} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

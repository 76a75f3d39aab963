import type { CSSProperties } from "react";
import type { ChartColors } from "./use-color-scheme";

/** Recharts props that follow the console's theme (colours from useChartColors()). */
export function chartProps(c: ChartColors) {
  const tooltipBox: CSSProperties = {
    background: "var(--panel)",
    border: "1px solid var(--border)",
    borderRadius: 6,
    color: "var(--text)",
    boxShadow: "0 4px 14px var(--shadow)",
  };
  return {
    grid: { stroke: c.grid, strokeDasharray: "3 3", vertical: false },
    axis: { fontSize: 12, stroke: c.grid, tick: { fill: c.axis }, tickLine: { stroke: c.grid } },
    tooltip: { contentStyle: tooltipBox, labelStyle: { color: "var(--text)", fontWeight: 600 }, wrapperStyle: { outline: "none" } },
    barCursor: { fill: c.cursor },
    lineCursor: { stroke: c.axis, strokeDasharray: "3 3" },
    legend: { wrapperStyle: { fontSize: 12 } },
  };
}

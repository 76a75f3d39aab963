"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import { THEME_CHANGE_EVENT, THEME_STORAGE_KEY, type ColorScheme, type ThemePreference } from "./theme";

// The boot script in app/layout.tsx owns `data-theme` on <html>; these hooks read it and ask it to re-apply.

function subscribeToRoot(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-theme-preference"] });
  return () => observer.disconnect();
}

const schemeOf = (): ColorScheme => (document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "light");

function preferenceOf(): ThemePreference {
  const v = document.documentElement.getAttribute("data-theme-preference");
  return v === "light" || v === "dark" ? v : "system";
}

/** The applied colour scheme ("light" on the server and during hydration, then the real one). */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribeToRoot, schemeOf, () => "light");
}

/** The user's choice (System / Light / Dark) and a setter that remembers it in localStorage. */
export function useThemePreference(): [ThemePreference, (next: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribeToRoot, preferenceOf, () => "system" as const);
  const setPreference = useCallback((next: ThemePreference) => {
    try {
      if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage unavailable (privacy mode): nothing can be remembered; the OS's scheme stays.
    }
    window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
  }, []);
  return [preference, setPreference];
}

/** Monaco's built-in theme for the applied colour scheme. */
export function useMonacoTheme(): "vs-dark" | "light" {
  return useColorScheme() === "dark" ? "vs-dark" : "light";
}

export interface ChartColors {
  /** The scheme these colours were read for. */
  scheme: ColorScheme;
  grid: string;
  axis: string;
  cursor: string;
  /** --series-1 … --series-8 */
  series: string[];
  ok: string;
  warn: string;
  error: string;
  neutral: string;
}

/** Light values, used until the page has hydrated (and on the server); the CSS variables hold the truth. */
const FALLBACK: ChartColors = {
  scheme: "light",
  grid: "#d5dae1",
  axis: "#6b7785",
  cursor: "rgba(100, 116, 139, 0.15)",
  series: ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"],
  ok: "#16a34a",
  warn: "#d97706",
  error: "#dc2626",
  neutral: "#94a3b8",
};

const noopSubscribe = () => () => {};

/**
 * Chart colours from the CSS variables (--chart-grid, --chart-axis, --chart-cursor, --series-1…8,
 * --series-ok/-warn/-error/-neutral) as resolved values: SVG presentation attributes (recharts' `fill`,
 * `stroke`) do not resolve var(). Re-read whenever the colour scheme changes.
 */
export function useChartColors(): ChartColors {
  const scheme = useColorScheme();
  const hydrated = useSyncExternalStore(noopSubscribe, () => true, () => false);
  return useMemo(() => {
    if (!hydrated) return FALLBACK;
    const style = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      scheme,
      grid: read("--chart-grid", FALLBACK.grid),
      axis: read("--chart-axis", FALLBACK.axis),
      cursor: read("--chart-cursor", FALLBACK.cursor),
      series: FALLBACK.series.map((c, i) => read(`--series-${i + 1}`, c)),
      ok: read("--series-ok", FALLBACK.ok),
      warn: read("--series-warn", FALLBACK.warn),
      error: read("--series-error", FALLBACK.error),
      neutral: read("--series-neutral", FALLBACK.neutral),
    };
  }, [hydrated, scheme]);
}

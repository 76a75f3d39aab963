"use client";

import dynamic from "next/dynamic";

// Monaco touches `window` on import: the editors load in the browser only, from our own bundle.
const loading = () => <p className="muted small">Loading editor…</p>;

/** A mapping template (VTL) editor; see ./text-editors. */
export const VtlEditor = dynamic(() => import("./text-editors").then((m) => m.VtlEditor), { ssr: false, loading });

/** A JSON document editor; see ./text-editors. */
export const JsonTextEditor = dynamic(() => import("./text-editors").then((m) => m.JsonTextEditor), { ssr: false, loading });

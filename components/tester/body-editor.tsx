"use client";

import dynamic from "next/dynamic";

/** The request body editor (Monaco, browser only); see ./body-editor-impl. */
export const BodyEditor = dynamic(() => import("./body-editor-impl").then((m) => m.BodyEditor), {
  ssr: false,
  loading: () => <p className="muted small">Loading editor…</p>,
});

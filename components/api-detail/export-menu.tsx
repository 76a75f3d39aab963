"use client";

import { useState } from "react";

/**
 * "Export": downloads the API's working copy, or a stage's deployment, as OpenAPI 3.0
 * (JSON or YAML, with or without the x-amazon-apigateway-* extensions).
 */
export function ExportMenu({ restApiId, stageName }: { restApiId: string; stageName?: string }) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<"json" | "yaml">("json");
  const [extensions, setExtensions] = useState(true);
  const base = stageName
    ? `/api/v1/restapis/${encodeURIComponent(restApiId)}/stages/${encodeURIComponent(stageName)}/export`
    : `/api/v1/restapis/${encodeURIComponent(restApiId)}/export`;
  const href = `${base}?format=${format}&extensions=${extensions}`;
  return (
    <span className="export-menu">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Export
      </button>
      {open && (
        <span className="export-menu-panel" role="group" aria-label="Export options">
          <select value={format} onChange={(e) => setFormat(e.target.value as "json" | "yaml")} aria-label="Export format">
            <option value="json">OpenAPI 3.0 JSON</option>
            <option value="yaml">OpenAPI 3.0 YAML</option>
          </select>
          <label className="small">
            <input type="checkbox" checked={extensions} onChange={(e) => setExtensions(e.target.checked)} /> API Gateway extensions
          </label>
          <a className="button button-primary" href={href} download data-testid="export-download">
            Download
          </a>
          <a className="button" href={href} target="_blank" rel="noreferrer">
            View
          </a>
        </span>
      )}
    </span>
  );
}

"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import type { TDeployment } from "@/lib/schemas/management";
import { useDeployment } from "../api/use-deployment";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";

const JsonDiffEditor = dynamic(() => import("../monaco/json-diff-editor"), {
  ssr: false,
  loading: () => <p className="muted">Loading editor…</p>,
});

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Side-by-side diff of two deployments' snapshots (newest first in `deployments`). */
export function DeploymentDiff({ apiId, deployments }: { apiId: string; deployments: TDeployment[] }) {
  const [left, setLeft] = useState<string | null>(null);
  const [right, setRight] = useState<string | null>(null);
  const leftId = left ?? deployments[1]?.id ?? deployments[0]?.id ?? null;
  const rightId = right ?? deployments[0]?.id ?? null;
  const original = useDeployment(apiId, leftId);
  const modified = useDeployment(apiId, rightId);
  const option = (d: TDeployment) => (
    <option key={d.id} value={d.id}>
      {d.id} — {d.description || "no description"} ({formatDate(d.createdDate)})
    </option>
  );
  const error = original.error ?? modified.error;
  return (
    <section className="card" aria-label="Compare deployments">
      <h2>Compare deployments</h2>
      <div className="diff-pickers">
        <Field label="Original (left)">
          <select value={leftId ?? ""} onChange={(e) => setLeft(e.target.value)}>
            {deployments.map(option)}
          </select>
        </Field>
        <Field label="Modified (right)">
          <select value={rightId ?? ""} onChange={(e) => setRight(e.target.value)}>
            {deployments.map(option)}
          </select>
        </Field>
      </div>
      {error && <p className="error">Could not load a snapshot: {error.message}</p>}
      {original.data && modified.data ? (
        <>
          {pretty(original.data.snapshot) === pretty(modified.data.snapshot) && (
            <p className="muted small">The two snapshots are identical.</p>
          )}
          <JsonDiffEditor original={pretty(original.data.snapshot)} modified={pretty(modified.data.snapshot)} />
        </>
      ) : (
        !error && <p className="muted">Loading snapshots…</p>
      )}
    </section>
  );
}

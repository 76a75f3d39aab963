"use client";

import Link from "next/link";
import { enc } from "../api/client";
import { useStages } from "../api/use-stages";
import { formatDate } from "../ui/format";

export function StagesTab({ apiId }: { apiId: string }) {
  const { data: stages, error, isPending } = useStages(apiId);
  return (
    <section className="card">
      <h2>Stages</h2>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load stages: {error.message}</p>}
      {stages && stages.length === 0 && <p className="muted">Not deployed yet. Use “Deploy API” to create a stage.</p>}
      {stages && stages.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Stage</th>
              <th>Deployment</th>
              <th>Canary</th>
              <th>Invoke URL</th>
              <th>Last updated</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.stageName}>
                <td>
                  <Link href={`/apis/${apiId}/stages/${enc(stage.stageName)}`}>{stage.stageName}</Link>
                  {stage.description && <div className="muted small">{stage.description}</div>}
                </td>
                <td className="mono">{stage.deploymentId}</td>
                <td>
                  {stage.canarySettings ? (
                    <span className="badge badge-warn">{stage.canarySettings.percentTraffic}%</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="mono small">{stage.invokeUrl}</td>
                <td className="small">{formatDate(stage.lastUpdatedDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

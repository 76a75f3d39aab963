"use client";

import { useQuery } from "@tanstack/react-query";
import type { TFunctionPermission } from "@/lib/schemas/functions";
import { api, enc } from "../api/client";
import { functionKeys } from "../api/use-functions";
import { formatDate } from "../ui/format";

/**
 * The function's resource-based policy: statements added with the Lambda API's
 * AddPermission (`aws lambda add-permission`, Terraform's aws_lambda_permission).
 * Read-only here; Gatehouse records them but does not enforce them.
 */
export function PolicySection({ name }: { name: string }) {
  const { data, error, isPending } = useQuery({
    queryKey: [...functionKeys.one(name), "permissions"],
    queryFn: async () => (await api.get<{ items: TFunctionPermission[] }>(`/functions/${enc(name)}/permissions`)).items,
  });
  return (
    <section className="card" aria-label="Resource-based policy">
      <h2>Resource-based policy</h2>
      <p className="muted small">
        Statements added through the Lambda API (AddPermission). They are recorded and shown; the gateway does not enforce them.
      </p>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load the policy: {error.message}</p>}
      {data && data.length === 0 && <p className="muted">No statements.</p>}
      {data && data.length > 0 && (
        <table className="table" aria-label="Policy statements">
          <thead>
            <tr>
              <th>Statement id</th>
              <th>Principal</th>
              <th>Action</th>
              <th>Conditions</th>
              <th>Version</th>
              <th>Added</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={`${p.qualifier}/${p.statementId}`}>
                <td className="mono">{p.statementId}</td>
                <td className="mono">{p.principal}</td>
                <td className="mono">{p.action}</td>
                <td className="mono small">
                  {p.sourceArn && <div>SourceArn {p.sourceArn}</div>}
                  {p.sourceAccount && <div>SourceAccount {p.sourceAccount}</div>}
                  {!p.sourceArn && !p.sourceAccount && <span className="muted">—</span>}
                </td>
                <td>{p.qualifier || <span className="muted">unqualified</span>}</td>
                <td>
                  {formatDate(p.createdDate)}
                  {p.createdBy && <span className="muted small"> by {p.createdBy}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

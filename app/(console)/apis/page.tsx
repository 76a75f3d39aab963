import Link from "next/link";
import { prisma } from "@/lib/db";
import { listApis } from "@/lib/services/restapis";

export const dynamic = "force-dynamic";

export default async function ApisPage() {
  const apis = await listApis(prisma());
  return (
    <>
      <header className="page-header">
        <h1>APIs</h1>
      </header>
      {apis.length === 0 ? (
        <p className="muted">No APIs yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>ID</th>
              <th>Stages</th>
              <th>Invoke URL</th>
            </tr>
          </thead>
          <tbody>
            {apis.map((api) => (
              <tr key={api.id}>
                <td>
                  <Link href={`/apis/${api.id}`}>{api.name}</Link>
                  {api.description && <div className="muted small">{api.description}</div>}
                </td>
                <td className="mono">{api.id}</td>
                <td>{api.stages.map((s) => s.name).join(", ") || <span className="muted">not deployed</span>}</td>
                <td className="mono small">
                  {api.stages.map((s) => (
                    <div key={s.name}>{s.invokeUrl}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

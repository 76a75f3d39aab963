import Link from "next/link";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getApi } from "@/lib/services/restapis";
import { RequestsChart } from "@/components/requests-chart";

export const dynamic = "force-dynamic";

export default async function ApiPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const api = await getApi(prisma(), apiId).catch((err) => {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  });
  return (
    <>
      <header className="page-header">
        <div className="muted small">
          <Link href="/apis">APIs</Link> /
        </div>
        <h1>{api.name}</h1>
        <div className="muted small mono">{api.id}</div>
        {api.description && <p>{api.description}</p>}
      </header>

      <section className="card">
        <h2>Requests, last hour</h2>
        <RequestsChart restApiId={api.id} />
      </section>

      <section className="card">
        <h2>Stages</h2>
        {api.stages.length === 0 ? (
          <p className="muted">Not deployed yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Deployment</th>
                <th>Invoke URL</th>
              </tr>
            </thead>
            <tbody>
              {api.stages.map((stage) => (
                <tr key={stage.name}>
                  <td>{stage.name}</td>
                  <td className="mono">{stage.deploymentId}</td>
                  <td className="mono small">{stage.invokeUrl}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card">
        <h2>Resources</h2>
        <table className="table">
          <thead>
            <tr>
              <th>Path</th>
              <th>Method</th>
              <th>Integration</th>
            </tr>
          </thead>
          <tbody>
            {api.resources.flatMap((resource) =>
              resource.methods.length === 0
                ? [
                    <tr key={resource.id}>
                      <td className="mono">{resource.path}</td>
                      <td colSpan={2} className="muted">
                        no methods
                      </td>
                    </tr>,
                  ]
                : resource.methods.map((method) => (
                    <tr key={`${resource.id}-${method.httpMethod}`}>
                      <td className="mono">{resource.path}</td>
                      <td>
                        <span className="badge">{method.httpMethod}</span>
                      </td>
                      <td>
                        {method.integrationType ?? <span className="muted">none</span>}
                        {method.uri && <div className="muted small mono">{method.uri}</div>}
                      </td>
                    </tr>
                  )),
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}

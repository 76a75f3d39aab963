"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ArnContext } from "@/lib/arn";
import { ApiError } from "../api/client";
import { useRestApi } from "../api/use-rest-api";
import { DeleteApiDialog } from "../apis/delete-api-dialog";
import { usePermissions } from "../current-user";
import { RequestsChart } from "../requests-chart";
import { ResourceEditor } from "../resources/resource-editor";
import { DeployDialog } from "./deploy-dialog";
import { ExportMenu } from "./export-menu";
import { AuthorizersTab } from "../authorizers/authorizers-tab";
import { DeploymentsTab } from "./deployments-tab";
import { GatewayResponsesTab } from "./gateway-responses-tab";
import { ModelsTab } from "./models-tab";
import { SettingsTab } from "./settings-tab";
import { StagesTab } from "./stages-tab";
import { API_TABS, type ApiTab } from "./tabs";

export function ApiPage({ apiId, tab, arn }: { apiId: string; tab: ApiTab; arn: ArnContext }) {
  const { data: restApi, error, isPending } = useRestApi(apiId);
  const { canEdit } = usePermissions();
  const router = useRouter();
  const [deploying, setDeploying] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (isPending) return <p className="muted">Loading…</p>;
  if (error) {
    return (
      <>
        <div className="muted small">
          <Link href="/apis">APIs</Link> /
        </div>
        <p className="error">{error instanceof ApiError && error.status === 404 ? `API ${apiId} does not exist.` : error.message}</p>
      </>
    );
  }
  // The API may say which region and account its ARNs use; otherwise the server's settings.
  const arnContext: ArnContext = {
    region: (restApi as { region?: string }).region ?? arn.region,
    accountId: (restApi as { accountId?: string }).accountId ?? arn.accountId,
  };

  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <div className="muted small">
            <Link href="/apis">APIs</Link> /
          </div>
          <h1>{restApi.name}</h1>
          <div className="muted small mono">{restApi.id}</div>
          {restApi.description && <p className="description">{restApi.description}</p>}
        </div>
        <ExportMenu restApiId={restApi.id} />
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="button button-danger-outline" onClick={() => setDeleting(true)}>
              Delete API
            </button>
            <button type="button" className="button button-primary" onClick={() => setDeploying(true)}>
              Deploy API
            </button>
          </div>
        )}
      </header>

      <section className="card">
        <h2>Requests, last hour</h2>
        <RequestsChart restApiId={restApi.id} height={170} />
      </section>

      <nav className="tabs" aria-label="API sections">
        {API_TABS.map((t) => (
          <Link
            key={t.id}
            href={t.id === "resources" ? `/apis/${apiId}` : `/apis/${apiId}?tab=${t.id}`}
            className={t.id === tab ? "tab tab-active" : "tab"}
            aria-current={t.id === tab ? "page" : undefined}
            scroll={false}
          >
            {t.label}
          </Link>
        ))}
      </nav>

      {tab === "resources" && <ResourceEditor apiId={apiId} arn={arnContext} />}
      {tab === "models" && <ModelsTab apiId={apiId} />}
      {tab === "authorizers" && <AuthorizersTab apiId={apiId} />}
      {tab === "gateway-responses" && <GatewayResponsesTab apiId={apiId} />}
      {tab === "stages" && <StagesTab apiId={apiId} />}
      {tab === "deployments" && <DeploymentsTab apiId={apiId} />}
      {tab === "settings" && <SettingsTab restApi={restApi} />}

      {deploying && <DeployDialog apiId={apiId} onClose={() => setDeploying(false)} />}
      {deleting && <DeleteApiDialog restApi={restApi} onClose={() => setDeleting(false)} onDeleted={() => router.push("/apis")} />}
    </>
  );
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { TStage } from "@/lib/schemas/management";
import { ApiError, api, enc } from "../api/client";
import { keys } from "../api/keys";
import { useRestApi } from "../api/use-rest-api";
import { useStage } from "../api/use-stage";
import { useStageDeployments } from "../api/use-stage-deployments";
import { DeployDialog } from "../api-detail/deploy-dialog";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CanaryEditor } from "./canary-editor";
import { DeploymentDiff } from "./deployment-diff";
import { MethodSettingsEditor } from "./method-settings-editor";
import { CacheSettings } from "./cache-settings";
import { LoggingSettings } from "./logging-settings";
import { ThrottleSettings } from "./throttle-settings";
import { StageHistory } from "./stage-history";
import { StageOverview } from "./stage-overview";
import type { StageSectionProps } from "./stage-props";
import { StageVariablesEditor } from "./stage-variables-editor";
import { useStageEditing } from "./use-stage-editing";
import { ExportMenu } from "../api-detail/export-menu";

export function StagePage({ apiId, stageName }: { apiId: string; stageName: string }) {
  const { data: restApi } = useRestApi(apiId);
  const { data: stage, error, isPending } = useStage(apiId, stageName);
  const crumbs = (
    <div className="muted small">
      <Link href="/apis">APIs</Link> / <Link href={`/apis/${apiId}`}>{restApi?.name ?? apiId}</Link> /{" "}
      <Link href={`/apis/${apiId}?tab=stages`}>Stages</Link> /
    </div>
  );
  if (isPending) {
    return (
      <>
        {crumbs}
        <p className="muted">Loading…</p>
      </>
    );
  }
  if (error) {
    return (
      <>
        {crumbs}
        <p className="error">{error instanceof ApiError && error.status === 404 ? `Stage ${stageName} does not exist.` : error.message}</p>
      </>
    );
  }
  return <StageEditor apiId={apiId} stage={stage} crumbs={crumbs} />;
}

function StageEditor({ apiId, stage, crumbs }: { apiId: string; stage: TStage; crumbs: ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { canEdit } = usePermissions();
  const path = `/restapis/${enc(apiId)}/stages/${enc(stage.stageName)}`;
  const { patch, promote, reload, generation } = useStageEditing(apiId, stage, path);
  const { data: history } = useStageDeployments(apiId, stage.stageName);
  // Each deployment once, newest first, for the diff pickers.
  const served = (history ?? []).filter((d, i, all) => all.findIndex((o) => o.id === d.id) === i);
  const [deploying, setDeploying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const props: StageSectionProps = { apiId, stage, path, canEdit, patch, promote, reload };

  return (
    <>
      <header className="page-header page-header-row">
        <div>
          {crumbs}
          <h1>Stage {stage.stageName}</h1>
          <div className="muted small">
            Invoke URL:{" "}
            <a className="mono" href={stage.invokeUrl} data-testid="invoke-url">
              {stage.invokeUrl}
            </a>
          </div>
        </div>
        <ExportMenu restApiId={apiId} stageName={stage.stageName} />
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="button button-danger-outline" onClick={() => setDeleting(true)}>
              Delete stage
            </button>
            <button type="button" className="button button-primary" onClick={() => setDeploying(true)}>
              Deploy API
            </button>
          </div>
        )}
      </header>
      <StageOverview key={`overview-${generation}`} {...props} />
      <StageHistory {...props} />
      <StageVariablesEditor key={`variables-${generation}`} {...props} />
      <MethodSettingsEditor key={`settings-${generation}`} {...props} />
      <ThrottleSettings key={`throttle-${generation}`} {...props} />
      <CacheSettings key={`cache-${generation}`} {...props} />
      <LoggingSettings key={`logging-${generation}`} {...props} />
      <CanaryEditor key={`canary-${generation}-${stage.canarySettings ? "on" : "off"}`} {...props} />
      {served.length > 1 && <DeploymentDiff apiId={apiId} deployments={served} />}
      {deploying && (
        <DeployDialog
          apiId={apiId}
          initialStage={stage.stageName}
          onDeployed={reload}
          onClose={() => setDeploying(false)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete stage ${stage.stageName}?`}
          confirmLabel="Delete stage"
          typeToConfirm={stage.stageName}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(path);
            queryClient.removeQueries({ queryKey: keys.stage(apiId, stage.stageName) });
            await queryClient.invalidateQueries({ queryKey: keys.stages(apiId) });
            router.push(`/apis/${apiId}?tab=stages`);
          }}
        >
          <p>
            The stage stops answering at <span className="mono">{stage.invokeUrl}</span>. Its deployments are kept.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { TDeployment } from "@/lib/schemas/management";
import { ApiError, api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { useStages } from "../api/use-stages";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";

const NEW_STAGE = "__new__";
const FIELDS = ["stageName", "description", "stageDescription"] as const;

/** "Deploy API": to an existing stage or a new one. A deploy with problems deploys nothing and lists them all. */
export function DeployDialog({
  apiId,
  onClose,
  onDeployed,
  initialStage,
}: {
  apiId: string;
  onClose: () => void;
  /** After a successful deploy (which changes the stage and its version). */
  onDeployed?: () => Promise<void>;
  initialStage?: string;
}) {
  const queryClient = useQueryClient();
  const { data: stages } = useStages(apiId);
  const [choice, setChoice] = useState<string | null>(initialStage ?? null);
  const [newStageName, setNewStageName] = useState("");
  const [stageDescription, setStageDescription] = useState("");
  const [description, setDescription] = useState("");
  const selected = choice ?? (stages && stages.length > 0 ? stages[0].stageName : NEW_STAGE);
  const isNew = selected === NEW_STAGE;
  const stageName = isNew ? newStageName.trim() : selected;

  const deploy = useMutation({
    mutationFn: async () => {
      const deployment = await api.post<TDeployment>(`/restapis/${enc(apiId)}/deployments`, {
        stageName,
        description,
        ...(isNew && stageDescription ? { stageDescription } : {}),
      });
      return { deployment, stageName };
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.restApi(apiId) });
      await onDeployed?.();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    deploy.mutate();
  }

  const invalid = deploy.error instanceof ApiError && deploy.error.code === "deploy-invalid" ? deploy.error : null;

  return (
    <Dialog title="Deploy API" onClose={onClose}>
      {deploy.isSuccess ? (
        <div className="form">
          <p role="status" className="success">
            Deployed <span className="mono">{deploy.data.deployment.id}</span> to stage <strong>{deploy.data.stageName}</strong>.
          </p>
          <div className="dialog-actions">
            <Link className="button" href={`/apis/${apiId}/stages/${enc(deploy.data.stageName)}`}>
              Open stage {deploy.data.stageName}
            </Link>
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="Stage" errors={isNew ? [] : problemsFor(deploy.error, "stageName")}>
            <select value={selected} onChange={(e) => setChoice(e.target.value)}>
              {(stages ?? []).map((s) => (
                <option key={s.stageName} value={s.stageName}>
                  {s.stageName}
                </option>
              ))}
              <option value={NEW_STAGE}>[New stage]</option>
            </select>
          </Field>
          {isNew && (
            <>
              <Field label="Stage name" errors={problemsFor(deploy.error, "stageName")}>
                <input value={newStageName} onChange={(e) => setNewStageName(e.target.value)} required autoFocus />
              </Field>
              <Field label="Stage description" errors={problemsFor(deploy.error, "stageDescription")}>
                <input value={stageDescription} onChange={(e) => setStageDescription(e.target.value)} />
              </Field>
            </>
          )}
          <Field label="Deployment description" errors={problemsFor(deploy.error, "description")}>
            <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
          </Field>
          {invalid ? (
            <div role="alert" className="banner banner-error">
              <div>
                <strong>Nothing was deployed.</strong> {invalid.message}:
              </div>
              <ul className="problem-list" aria-label="Deploy problems">
                {invalid.problems.map((p, i) => (
                  <li key={i}>
                    {p.field && <span className="mono">{p.field}</span>}
                    {p.field && ": "}
                    {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <ErrorNotice error={deploy.error} problems={otherProblems(deploy.error, FIELDS)} />
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={deploy.isPending || !stageName}>
              {deploy.isPending ? "Deploying…" : "Deploy"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

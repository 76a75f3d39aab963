"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TSavedRequest, TTestResult } from "@/lib/schemas/tester";
import { api, enc } from "../api/client";
import { useModels } from "../api/use-models";
import { useStages } from "../api/use-stages";
import { usePermissions } from "../current-user";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { recordFromRows } from "../ui/key-value-rows";
import { emptyDraft, filledPath, savedFromDraft, type TesterDraft } from "./draft";
import { RequestEditor } from "./request-editor";
import { ResponseViewer } from "./response-viewer";
import { copyAsCurl, testerKeys, useTestCollections, useTesterApiKeys } from "./use-tester";

export type TesterMode = "method" | "stage";

/** Where a test goes and what it sends: enough to run it again or save it. */
export interface TesterTarget {
  restApiId: string;
  resourceId: string;
  resourcePath: string;
  httpMethod: string;
}

/**
 * The request tester for one method: "Working copy" runs the method as edited
 * (not deployed) through the gateway's pipeline and shows the execution log;
 * "Stage" sends a real request to a deployed stage (API key inserted by the server).
 */
export function MethodTester({
  target,
  requestModels = {},
  initial,
  initialMode = "method",
  initialStage = "",
  initialApiKey = "",
}: {
  target: TesterTarget;
  requestModels?: Record<string, string>;
  initial?: TesterDraft;
  initialMode?: TesterMode;
  initialStage?: string;
  initialApiKey?: string;
}) {
  const { canTest } = usePermissions();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TesterDraft>(() => initial ?? emptyDraft(target.resourcePath));
  const [mode, setMode] = useState<TesterMode>(initialMode);
  const [stageName, setStageName] = useState(initialStage);
  const [apiKey, setApiKey] = useState(initialApiKey);
  const [bearer, setBearer] = useState("");
  const [curl, setCurl] = useState<string | null>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const stages = useStages(target.restApiId);
  const models = useModels(target.restApiId);
  const apiKeys = useTesterApiKeys();
  const modelName = requestModels["application/json"];
  const schema = modelName ? (models.data?.find((m) => m.name === modelName)?.schema ?? null) : null;
  const stage = stageName || stages.data?.[0]?.stageName || "";

  const run = useMutation({
    mutationFn: async (): Promise<TTestResult> => {
      const body = draft.body === "" ? null : draft.body;
      if (mode === "method") {
        return api.post<TTestResult>(`/restapis/${enc(target.restApiId)}/resources/${enc(target.resourceId)}/methods/${enc(target.httpMethod)}/test`, {
          pathParameters: recordFromRows(draft.pathParameters),
          query: recordFromRows(draft.query),
          headers: recordFromRows(draft.headers),
          body,
          stageVariables: recordFromRows(draft.stageVariables),
        });
      }
      return api.post<TTestResult>("/tester/send", {
        restApiId: target.restApiId,
        stageName: stage,
        httpMethod: target.httpMethod,
        resourceId: target.resourceId,
        path: filledPath(target.resourcePath, recordFromRows(draft.pathParameters)),
        query: recordFromRows(draft.query),
        headers: recordFromRows(draft.headers),
        body,
        apiKey: apiKey || null,
        bearerToken: bearer || null,
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testerKeys.history }),
  });

  const saved = (): TSavedRequest => savedFromDraft(draft, target.resourcePath, { apiKey: mode === "stage" && apiKey ? apiKey : null, bearerTokenHint: mode === "stage" && bearer ? `${bearer.slice(0, 6)}…` : null });

  return (
    <div className="tester" data-testid="method-tester">
      <section className="card" aria-label="Test request">
        <div className="panel-header">
          <h2>
            Test <span className="badge">{target.httpMethod}</span> <span className="mono">{target.resourcePath}</span>
          </h2>
        </div>
        <div className="inline-form">
          <Field label="Run against">
            <select value={mode} onChange={(e) => setMode(e.target.value as TesterMode)}>
              <option value="method">Working copy (not deployed)</option>
              <option value="stage">A deployed stage (real request)</option>
            </select>
          </Field>
          {mode === "stage" && (
            <>
              <Field label="Stage">
                <select value={stage} onChange={(e) => setStageName(e.target.value)}>
                  {(stages.data ?? []).map((s) => (
                    <option key={s.stageName} value={s.stageName}>
                      {s.stageName}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="API key">
                <select value={apiKey} onChange={(e) => setApiKey(e.target.value)}>
                  <option value="">None</option>
                  {(apiKeys.data ?? []).map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Bearer token">
                <input type="password" value={bearer} onChange={(e) => setBearer(e.target.value)} placeholder="optional" autoComplete="off" />
              </Field>
            </>
          )}
        </div>
        <p className="muted small">
          {mode === "method"
            ? "Runs the method as currently edited through the gateway's pipeline. As in AWS's test, authorization, throttling and API keys are skipped."
            : "Sends a real request through the gateway: authorizers, throttling and API keys apply. The key's value is inserted by the server and never shown."}
        </p>
        <RequestEditor draft={draft} onChange={setDraft} bodySchema={schema} showStageVariables={mode === "method"} disabled={!canTest} />
        <div className="row-actions" style={{ marginTop: "0.75rem" }}>
          <button type="button" className="button button-primary" onClick={() => run.mutate()} disabled={!canTest || run.isPending || (mode === "stage" && !stage)}>
            {run.isPending ? "Sending…" : mode === "method" ? "Test" : "Send"}
          </button>
          {canTest && (
            <button type="button" className="button" onClick={() => setSaveOpen(!saveOpen)}>
              Save to collection
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={async () => setCurl(await copyAsCurl({ restApiId: target.restApiId, stageName: mode === "stage" ? stage : (stages.data?.[0]?.stageName ?? null), httpMethod: target.httpMethod, request: saved() }))}
          >
            Copy as curl
          </button>
          {!canTest && <span className="muted small">Your role cannot run tests.</span>}
        </div>
        {curl && (
          <pre className="tester-curl" data-testid="tester-curl" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {curl}
          </pre>
        )}
        {saveOpen && <SaveToCollection mode={mode} target={target} stageName={mode === "stage" ? stage : null} request={saved()} onDone={() => setSaveOpen(false)} />}
        <ErrorNotice error={run.error} />
      </section>
      {run.data && <ResponseViewer result={run.data} />}
    </div>
  );
}

function SaveToCollection({
  mode,
  target,
  stageName,
  request,
  onDone,
}: {
  mode: TesterMode;
  target: TesterTarget;
  stageName: string | null;
  request: TSavedRequest;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const collections = useTestCollections();
  const [collectionId, setCollectionId] = useState("");
  const [newName, setNewName] = useState("");
  const [name, setName] = useState(`${target.httpMethod} ${request.path}`);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      let id = collectionId;
      let label = collections.data?.find((c) => c.id === id)?.name ?? "";
      if (!id) {
        const created = await api.post<{ id: string; name: string }>("/tester/collections", { name: newName.trim() });
        id = created.id;
        label = created.name;
      }
      await api.post(`/tester/collections/${enc(id)}/items`, { name, mode, restApiId: target.restApiId, resourceId: target.resourceId, httpMethod: target.httpMethod, stageName, request });
      return label;
    },
    onSuccess: async (label) => {
      setSavedTo(label);
      await queryClient.invalidateQueries({ queryKey: testerKeys.collections });
    },
  });
  return (
    <div className="card tester-save" aria-label="Save to collection">
      <div className="inline-form">
        <Field label="Collection">
          <select value={collectionId} onChange={(e) => setCollectionId(e.target.value)}>
            <option value="">New collection…</option>
            {(collections.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        {!collectionId && (
          <Field label="New collection name">
            <input value={newName} onChange={(e) => setNewName(e.target.value)} />
          </Field>
        )}
        <Field label="Request name">
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
      </div>
      <div className="row-actions">
        <button type="button" className="button button-primary" disabled={save.isPending || (!collectionId && !newName.trim()) || !name.trim()} onClick={() => save.mutate()}>
          Save
        </button>
        <button type="button" className="button" onClick={onDone}>
          Close
        </button>
        {savedTo && (
          <span className="muted small" role="status">
            Saved to {savedTo}.
          </span>
        )}
      </div>
      <ErrorNotice error={save.error} />
    </div>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TCollection, TCollectionItem, THistoryEntry, TSavedRequest, TTestResult } from "@/lib/schemas/tester";
import { api, enc } from "../api/client";
import { useResources } from "../api/use-resources";
import { usePermissions } from "../current-user";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";
import { draftFromSaved, formatBytes } from "./draft";
import { MethodTester } from "./method-tester";
import { ResponseViewer } from "./response-viewer";
import { copyAsCurl, testerKeys, useTestCollections, useTesterHistory } from "./use-tester";

type Saved = { mode: "method" | "stage"; restApiId: string; resourceId: string | null; httpMethod: string; stageName: string | null; request: TSavedRequest };

/** The Tester page: the caller's history (last 100) and the team's collections; re-run, open in the editor, copy as curl. */
export function TesterPage() {
  const { canTest } = usePermissions();
  const [opened, setOpened] = useState<Saved | null>(null);
  const [result, setResult] = useState<{ title: string; result: TTestResult } | null>(null);
  const [curl, setCurl] = useState<string | null>(null);
  const showCurl = async (s: Saved) => setCurl(await copyAsCurl({ restApiId: s.restApiId, stageName: s.stageName, httpMethod: s.httpMethod, request: s.request }));
  return (
    <div className="tester-page">
      <h1>Tester</h1>
      <p className="muted">
        Requests you ran (your last 100) and the team&apos;s saved collections. Open a method&apos;s page and press <strong>Test</strong> to
        run a new one.
      </p>
      {curl && (
        <section className="card" aria-label="curl">
          <div className="row-actions">
            <h2>curl</h2>
            <button type="button" className="button button-small" onClick={() => setCurl(null)}>
              Close
            </button>
          </div>
          <pre className="tester-curl" data-testid="tester-curl" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {curl}
          </pre>
        </section>
      )}
      {result && <ResponseViewer title={result.title} result={result.result} />}
      {opened && <OpenedRequest saved={opened} onClose={() => setOpened(null)} />}
      <Collections canTest={canTest} onResult={(title, r) => setResult({ title, result: r })} onOpen={setOpened} onCurl={showCurl} />
      {canTest && <History onResult={(title, r) => setResult({ title, result: r })} onOpen={setOpened} onCurl={showCurl} />}
    </div>
  );
}

function OpenedRequest({ saved, onClose }: { saved: Saved; onClose: () => void }) {
  const resources = useResources(saved.restApiId);
  const resource = resources.data?.find((r) => r.id === saved.resourceId);
  return (
    <section className="card" aria-label="Opened request">
      <div className="row-actions">
        <h2>Edit and send</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorNotice error={resources.error} />
      {resources.data && !resource && <p className="muted">The method&apos;s resource no longer exists.</p>}
      {resource && (
        <MethodTester
          key={JSON.stringify(saved)}
          target={{ restApiId: saved.restApiId, resourceId: resource.id, resourcePath: resource.path, httpMethod: saved.httpMethod }}
          requestModels={resource.resourceMethods[saved.httpMethod]?.requestModels}
          initial={draftFromSaved(saved.request, resource.path)}
          initialMode={saved.mode}
          initialStage={saved.stageName ?? ""}
          initialApiKey={saved.request.apiKey ?? ""}
        />
      )}
    </section>
  );
}

const describe = (s: Saved) => `${s.httpMethod} ${s.request.path}${s.mode === "stage" ? ` → ${s.stageName}` : " (working copy)"}`;

function History({ onResult, onOpen, onCurl }: { onResult: (title: string, r: TTestResult) => void; onOpen: (s: Saved) => void; onCurl: (s: Saved) => void }) {
  const queryClient = useQueryClient();
  const history = useTesterHistory();
  const refresh = () => queryClient.invalidateQueries({ queryKey: testerKeys.history });
  const rerun = useMutation({
    mutationFn: (entry: THistoryEntry) => api.post<TTestResult>(`/tester/history/${enc(entry.id)}/run`),
    onSuccess: (r, entry) => {
      onResult(`Re-run: ${describe(entry)}`, r);
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`/tester/history/${enc(id)}`), onSuccess: refresh });
  const clear = useMutation({ mutationFn: () => api.delete("/tester/history"), onSuccess: refresh });
  return (
    <section className="card" aria-label="History">
      <div className="row-actions">
        <h2>History</h2>
        <button type="button" className="button button-small" onClick={() => clear.mutate()} disabled={!history.data?.length}>
          Clear history
        </button>
      </div>
      <ErrorNotice error={history.error ?? rerun.error ?? remove.error} />
      {history.data?.length === 0 && <p className="muted">No requests yet.</p>}
      {history.data && history.data.length > 0 && (
        <table className="table" data-testid="tester-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Request</th>
              <th>Status</th>
              <th>Latency</th>
              <th>Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.data.map((e) => (
              <tr key={e.id}>
                <td className="nowrap small">{formatDate(e.createdAt)}</td>
                <td className="mono small">{describe(e)}</td>
                <td>{e.response?.timedOut ? "timed out" : e.response?.status}</td>
                <td className="small">{e.response ? `${e.response.latency} ms` : ""}</td>
                <td className="small">{e.response ? formatBytes(e.response.bodySize) : ""}</td>
                <td className="row-actions">
                  <button type="button" className="button button-small" onClick={() => rerun.mutate(e)} disabled={rerun.isPending}>
                    Re-run
                  </button>
                  <button type="button" className="button button-small" onClick={() => onOpen(e)}>
                    Open
                  </button>
                  <button type="button" className="button button-small" onClick={() => onCurl(e)}>
                    Copy as curl
                  </button>
                  <button type="button" className="button button-small" aria-label="Delete entry" onClick={() => remove.mutate(e.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Collections({
  canTest,
  onResult,
  onOpen,
  onCurl,
}: {
  canTest: boolean;
  onResult: (title: string, r: TTestResult) => void;
  onOpen: (s: Saved) => void;
  onCurl: (s: Saved) => void;
}) {
  const queryClient = useQueryClient();
  const collections = useTestCollections();
  const [name, setName] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: testerKeys.collections });
  const create = useMutation({
    mutationFn: () => api.post("/tester/collections", { name: name.trim() }),
    onSuccess: () => {
      setName("");
      void refresh();
    },
  });
  return (
    <section className="card" aria-label="Collections">
      <h2>Collections</h2>
      <p className="muted small">Shared with the team: anyone who may run tests can run, add to and remove from them.</p>
      <ErrorNotice error={collections.error ?? create.error} />
      {collections.data?.length === 0 && <p className="muted">No collections yet.</p>}
      {collections.data?.map((c) => (
        <CollectionCard key={c.id} collection={c} canTest={canTest} onResult={onResult} onOpen={onOpen} onCurl={onCurl} onChanged={refresh} />
      ))}
      {canTest && (
        <div className="inline-form">
          <Field label="New collection">
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <button type="button" className="button" disabled={!name.trim() || create.isPending} onClick={() => create.mutate()}>
            Create
          </button>
        </div>
      )}
    </section>
  );
}

function CollectionCard({
  collection,
  canTest,
  onResult,
  onOpen,
  onCurl,
  onChanged,
}: {
  collection: TCollection;
  canTest: boolean;
  onResult: (title: string, r: TTestResult) => void;
  onOpen: (s: Saved) => void;
  onCurl: (s: Saved) => void;
  onChanged: () => void;
}) {
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (item: TCollectionItem) => api.post<TTestResult>(`/tester/collections/${enc(collection.id)}/items/${enc(item.id)}/run`),
    onSuccess: (r, item) => {
      onResult(`${collection.name} / ${item.name}`, r);
      void queryClient.invalidateQueries({ queryKey: testerKeys.history });
    },
  });
  const removeItem = useMutation({ mutationFn: (id: string) => api.delete(`/tester/collections/${enc(collection.id)}/items/${enc(id)}`), onSuccess: onChanged });
  const removeCollection = useMutation({ mutationFn: () => api.delete(`/tester/collections/${enc(collection.id)}`), onSuccess: onChanged });
  return (
    <div className="tester-collection" data-testid={`collection-${collection.name}`}>
      <div className="row-actions">
        <h3>{collection.name}</h3>
        <span className="muted small">by {collection.createdBy}</span>
        {canTest && (
          <button type="button" className="button button-small button-danger-outline" onClick={() => removeCollection.mutate()}>
            Delete collection
          </button>
        )}
      </div>
      {collection.description && <p className="muted small">{collection.description}</p>}
      <ErrorNotice error={run.error ?? removeItem.error ?? removeCollection.error} />
      {collection.items.length === 0 ? (
        <p className="muted small">No saved requests.</p>
      ) : (
        <table className="table">
          <tbody>
            {collection.items.map((item) => (
              <tr key={item.id}>
                <td>{item.name}</td>
                <td className="mono small">{describe(item)}</td>
                <td className="small muted">{item.createdBy}</td>
                <td className="row-actions">
                  <button type="button" className="button button-small" disabled={!canTest || run.isPending} onClick={() => run.mutate(item)}>
                    Run
                  </button>
                  {canTest && (
                    <button type="button" className="button button-small" onClick={() => onOpen(item)}>
                      Open
                    </button>
                  )}
                  <button type="button" className="button button-small" onClick={() => onCurl(item)}>
                    Copy as curl
                  </button>
                  {canTest && (
                    <button type="button" className="button button-small" aria-label={`Remove ${item.name}`} onClick={() => removeItem.mutate(item.id)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!canTest && <p className="muted small">Your role can read collections but not run them.</p>}
    </div>
  );
}

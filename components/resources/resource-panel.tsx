"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TMethod, TResource } from "@/lib/schemas/management";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { EnableCorsDialog } from "./enable-cors-dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import type { Selection } from "./resource-tree";
import { VERBS, descendantsOf, methodPath, sortedVerbs } from "./tree";

export function ResourcePanel({
  apiId,
  resource,
  resources,
  onSelect,
}: {
  apiId: string;
  resource: TResource;
  resources: TResource[];
  onSelect: (selection: Selection) => void;
}) {
  const { canEdit } = usePermissions();
  const [deleting, setDeleting] = useState(false);
  const [enablingCors, setEnablingCors] = useState(false);
  const queryClient = useQueryClient();
  const verbs = sortedVerbs(resource.resourceMethods);
  const subtree = descendantsOf(resources, resource.id);

  return (
    <section className="card" aria-label={`Resource ${resource.path}`}>
      <div className="panel-header">
        <div>
          <h2 className="mono">{resource.path}</h2>
          <div className="muted small">
            Resource ID <span className="mono">{resource.id}</span>
          </div>
        </div>
        {canEdit && (
          <button type="button" className="button" onClick={() => setEnablingCors(true)}>
            Enable CORS
          </button>
        )}
        {canEdit && resource.parentId !== null && (
          <button type="button" className="button button-danger-outline" onClick={() => setDeleting(true)}>
            Delete resource
          </button>
        )}
      </div>

      <h3>Methods</h3>
      {verbs.length === 0 ? (
        <p className="muted">No methods.</p>
      ) : (
        <ul className="method-list">
          {verbs.map((verb) => (
            <li key={verb}>
              <button type="button" className="link" onClick={() => onSelect({ resourceId: resource.id, verb })}>
                <span className="badge">{verb}</span> {describeIntegration(resource.resourceMethods[verb])}
              </button>
            </li>
          ))}
        </ul>
      )}

      {canEdit && (
        <div className="panel-forms">
          <CreateMethodForm apiId={apiId} resource={resource} onCreated={(verb) => onSelect({ resourceId: resource.id, verb })} />
          <CreateResourceForm apiId={apiId} parent={resource} onCreated={(id) => onSelect({ resourceId: id, verb: null })} />
        </div>
      )}

      {enablingCors && <EnableCorsDialog apiId={apiId} resource={resource} onClose={() => setEnablingCors(false)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${resource.path}?`}
          confirmLabel="Delete resource"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(`/restapis/${enc(apiId)}/resources/${enc(resource.id)}`);
            await queryClient.invalidateQueries({ queryKey: keys.resources(apiId) });
            onSelect({ resourceId: resource.parentId ?? resource.id, verb: null });
          }}
        >
          <p>
            This deletes <span className="mono">{resource.path}</span>
            {subtree.length > 0 && (
              <>
                {" "}
                and {subtree.length} resource{subtree.length === 1 ? "" : "s"} below it
              </>
            )}
            , with their methods and integrations. Deployed stages keep serving their snapshot until the next deploy.
          </p>
          {subtree.length > 0 && (
            <ul className="mono small">
              {subtree.map((r) => (
                <li key={r.id}>{r.path}</li>
              ))}
            </ul>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}

function describeIntegration(method: TMethod) {
  const integration = method.methodIntegration;
  if (!integration) return <span className="muted">no integration</span>;
  return (
    <span className="small">
      {integration.type === "AWS_PROXY" ? "Function" : integration.type}
      {integration.uri && <span className="muted mono"> {integration.uri}</span>}
    </span>
  );
}

function CreateResourceForm({ apiId, parent, onCreated }: { apiId: string; parent: TResource; onCreated: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [pathPart, setPathPart] = useState("");
  const create = useMutation({
    mutationFn: () => api.post<TResource>(`/restapis/${enc(apiId)}/resources/${enc(parent.id)}`, { pathPart }),
    onSuccess: async (created) => {
      setPathPart("");
      await queryClient.invalidateQueries({ queryKey: keys.resources(apiId) });
      onCreated(created.id);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  const base = parent.path === "/" ? "/" : `${parent.path}/`;
  return (
    <form className="form form-compact" onSubmit={submit} aria-label="Create resource">
      <h3>Create child resource</h3>
      <Field
        label="Path part"
        errors={[...problemsFor(create.error, "pathPart"), ...problemsFor(create.error, "parentId")]}
        hint={
          <>
            Path: <span className="mono">{base}{pathPart || "…"}</span>. Use <span className="mono">{"{name}"}</span> for a path
            parameter (a whole segment) or <span className="mono">{"{proxy+}"}</span> for a greedy last segment.
          </>
        }
      >
        <input value={pathPart} onChange={(e) => setPathPart(e.target.value)} placeholder="items" className="mono" />
      </Field>
      <ErrorNotice error={create.error} problems={otherProblems(create.error, ["pathPart", "parentId"])} />
      <div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create resource
        </button>
      </div>
    </form>
  );
}

function CreateMethodForm({ apiId, resource, onCreated }: { apiId: string; resource: TResource; onCreated: (verb: string) => void }) {
  const queryClient = useQueryClient();
  const free = VERBS.filter((v) => !resource.resourceMethods[v]);
  const [verb, setVerb] = useState<string>(free.includes("GET") ? "GET" : (free[0] ?? ""));
  const create = useMutation({
    mutationFn: (v: string) =>
      api.put<TMethod>(methodPath(apiId, resource.id, v), { authorizationType: "NONE", apiKeyRequired: false }),
    onSuccess: async (_method, v) => {
      await queryClient.invalidateQueries({ queryKey: keys.resources(apiId) });
      onCreated(v);
    },
  });
  if (free.length === 0) return null;
  const chosen = free.includes(verb as (typeof free)[number]) ? verb : free[0];
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(chosen);
  }
  return (
    <form className="form form-compact" onSubmit={submit} aria-label="Create method">
      <h3>Create method</h3>
      <Field label="HTTP method" errors={problemsFor(create.error, "httpMethod")}>
        <select value={chosen} onChange={(e) => setVerb(e.target.value)}>
          {free.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </Field>
      <ErrorNotice error={create.error} problems={otherProblems(create.error, ["httpMethod"])} />
      <div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create method
        </button>
      </div>
    </form>
  );
}

"use client";

import { useState } from "react";
import type { ArnContext } from "@/lib/arn";
import { useResources } from "../api/use-resources";
import { MethodPanel } from "./method-panel";
import { ResourcePanel } from "./resource-panel";
import { ResourceTree, type Selection } from "./resource-tree";
import { buildTree } from "./tree";

export function ResourceEditor({ apiId, arn }: { apiId: string; arn: ArnContext }) {
  const { data: resources, error, isPending } = useResources(apiId);
  const [picked, setPicked] = useState<Selection | null>(null);

  if (isPending) return <p className="muted">Loading resources…</p>;
  if (error) return <p className="error">Could not load resources: {error.message}</p>;
  const root = buildTree(resources);
  if (!root) return <p className="error">This API has no root resource.</p>;

  // Fall back to the root when nothing (or something since deleted) is selected.
  const resource = resources.find((r) => r.id === picked?.resourceId) ?? root.resource;
  const verb = picked && picked.resourceId === resource.id && picked.verb && resource.resourceMethods[picked.verb] ? picked.verb : null;
  const selection: Selection = { resourceId: resource.id, verb };

  return (
    <div className="resource-editor">
      <aside className="card tree-card">
        <h2>Resources</h2>
        <ResourceTree root={root} selection={selection} onSelect={setPicked} />
      </aside>
      <div className="resource-detail">
        {verb ? (
          <MethodPanel
            key={`${resource.id}-${verb}`}
            apiId={apiId}
            resource={resource}
            method={resource.resourceMethods[verb]}
            arn={arn}
            onDeleted={() => setPicked({ resourceId: resource.id, verb: null })}
          />
        ) : (
          <ResourcePanel key={resource.id} apiId={apiId} resource={resource} resources={resources} onSelect={setPicked} />
        )}
      </div>
    </div>
  );
}

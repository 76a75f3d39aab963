"use client";

import type { TreeNode } from "./tree";
import { sortedVerbs } from "./tree";

export interface Selection {
  resourceId: string;
  verb: string | null;
}

/** The API's resources as a tree; each resource lists its methods beneath it, as on AWS. */
export function ResourceTree({
  root,
  selection,
  onSelect,
}: {
  root: TreeNode;
  selection: Selection;
  onSelect: (selection: Selection) => void;
}) {
  return (
    <ul className="tree" aria-label="Resources">
      <TreeItem node={root} selection={selection} onSelect={onSelect} />
    </ul>
  );
}

function TreeItem({ node, selection, onSelect }: { node: TreeNode; selection: Selection; onSelect: (s: Selection) => void }) {
  const { resource } = node;
  const isSelected = selection.resourceId === resource.id && selection.verb === null;
  return (
    <li>
      <button
        type="button"
        className={isSelected ? "tree-node tree-node-selected" : "tree-node"}
        aria-label={resource.path}
        aria-current={isSelected ? "true" : undefined}
        onClick={() => onSelect({ resourceId: resource.id, verb: null })}
      >
        <span className="mono">{node.depth === 0 ? "/" : `/${resource.pathPart}`}</span>
      </button>
      {(Object.keys(resource.resourceMethods).length > 0 || node.children.length > 0) && (
        <ul>
          {sortedVerbs(resource.resourceMethods).map((verb) => {
            const selected = selection.resourceId === resource.id && selection.verb === verb;
            return (
              <li key={verb}>
                <button
                  type="button"
                  className={selected ? "tree-node tree-method tree-node-selected" : "tree-node tree-method"}
                  aria-label={`${verb} ${resource.path}`}
                  aria-current={selected ? "true" : undefined}
                  onClick={() => onSelect({ resourceId: resource.id, verb })}
                >
                  <span className="badge">{verb}</span>
                </button>
              </li>
            );
          })}
          {node.children.map((child) => (
            <TreeItem key={child.resource.id} node={child} selection={selection} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

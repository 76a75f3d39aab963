import type { TResource } from "@/lib/schemas/management";

export interface TreeNode {
  resource: TResource;
  children: TreeNode[];
  depth: number;
}

/** Builds the resource tree from the flat list; children sorted by path part. */
export function buildTree(resources: TResource[]): TreeNode | null {
  const byParent = new Map<string | null, TResource[]>();
  for (const r of resources) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const root = resources.find((r) => r.parentId === null);
  if (!root) return null;
  const build = (resource: TResource, depth: number): TreeNode => ({
    resource,
    depth,
    children: (byParent.get(resource.id) ?? [])
      .slice()
      .sort((a, b) => a.pathPart.localeCompare(b.pathPart))
      .map((child) => build(child, depth + 1)),
  });
  return build(root, 0);
}

export function descendantsOf(resources: TResource[], id: string): TResource[] {
  const result: TResource[] = [];
  const visit = (parentId: string) => {
    for (const r of resources) {
      if (r.parentId === parentId) {
        result.push(r);
        visit(r.id);
      }
    }
  };
  visit(id);
  return result;
}

export const VERBS = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;

export const sortedVerbs = (methods: Record<string, unknown>) =>
  Object.keys(methods).sort((a, b) => VERBS.indexOf(a as never) - VERBS.indexOf(b as never));

export const methodPath = (apiId: string, resourceId: string, verb: string) =>
  `/restapis/${encodeURIComponent(apiId)}/resources/${encodeURIComponent(resourceId)}/methods/${verb}`;

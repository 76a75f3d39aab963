import type { FieldProblem } from "../errors";

/** Tree rules for resource path parts, beyond the syntax ZPathPart checks. Pure: unit-tested. */

export interface TreeNode {
  id: string;
  parentId: string | null;
  pathPart: string;
  path: string;
}

const VARIABLE = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

export function isVariable(pathPart: string): boolean {
  return VARIABLE.test(pathPart);
}

export function isGreedy(pathPart: string): boolean {
  return VARIABLE.exec(pathPart)?.[2] === "+";
}

function variableName(pathPart: string): string | null {
  return VARIABLE.exec(pathPart)?.[1] ?? null;
}

export function childPath(parentPath: string, pathPart: string): string {
  return parentPath === "/" ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}

/**
 * Problems with giving `pathPart` to a resource under `parent` (a new one, or
 * `self` being renamed). `nodes` is every resource of the API.
 */
export function pathPartProblems(nodes: TreeNode[], parent: TreeNode, pathPart: string, self?: TreeNode): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (isGreedy(parent.pathPart)) {
    problems.push({ field: "parentId", message: `${parent.path} is a greedy path variable ({name+}) and cannot have child resources` });
  }
  const siblings = nodes.filter((n) => n.parentId === parent.id && n.id !== self?.id);
  if (siblings.some((s) => s.pathPart === pathPart)) {
    problems.push({ field: "pathPart", message: `${childPath(parent.path, pathPart)} already exists` });
  } else if (isVariable(pathPart)) {
    // AWS allows one variable child per resource. Gatehouse allows one {param}
    // and one {proxy+} side by side, so that `/items/{id}` can take precedence
    // over `/items/{proxy+}` as the product asks; never two of one kind.
    const kind = isGreedy(pathPart) ? "greedy path variable" : "path variable";
    const other = siblings.find((s) => isVariable(s.pathPart) && isGreedy(s.pathPart) === isGreedy(pathPart));
    if (other) {
      problems.push({ field: "pathPart", message: `${parent.path} already has a ${kind} child (${other.pathPart}); a resource can have only one` });
    }
  }
  const name = variableName(pathPart);
  if (name) {
    const ancestors = ancestorsOf(nodes, parent);
    const below = self ? descendantsOf(nodes, self) : [];
    const clash = [...ancestors, ...below].find((a) => variableName(a.pathPart) === name);
    if (clash) problems.push({ field: "pathPart", message: `The path variable {${name}} is already used in ${clash.path}` });
  }
  if (self && isGreedy(pathPart) && nodes.some((n) => n.parentId === self.id)) {
    problems.push({ field: "pathPart", message: `${self.path} has child resources, so it cannot become a greedy path variable ({name+})` });
  }
  return problems;
}

/** `node` and its ancestors up to the root. */
export function ancestorsOf(nodes: TreeNode[], node: TreeNode): TreeNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const chain: TreeNode[] = [];
  for (let at: TreeNode | undefined = node; at; at = at.parentId ? byId.get(at.parentId) : undefined) chain.push(at);
  return chain;
}

/** Every resource below `node`. */
export function descendantsOf(nodes: TreeNode[], node: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (id: string) => {
    for (const child of nodes.filter((n) => n.parentId === id)) {
      out.push(child);
      visit(child.id);
    }
  };
  visit(node.id);
  return out;
}

/** The new paths of `node` and its descendants after renaming `node` to `pathPart`. */
export function renamedPaths(nodes: TreeNode[], node: TreeNode, pathPart: string): Map<string, string> {
  const parent = nodes.find((n) => n.id === node.parentId);
  const paths = new Map<string, string>();
  const visit = (id: string, path: string) => {
    paths.set(id, path);
    for (const child of nodes.filter((n) => n.parentId === id)) visit(child.id, childPath(path, child.pathPart));
  };
  visit(node.id, childPath(parent?.path ?? "/", pathPart));
  return paths;
}

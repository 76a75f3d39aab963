import type { TDeployedMethod, TDeployedResource } from "../../lib/snapshot";

interface RouteNode {
  resource?: TDeployedResource;
  literal: Map<string, RouteNode>;
  param?: { name: string; node: RouteNode };
  greedy?: { name: string; node: RouteNode };
}

export interface RouteMatch {
  resource: TDeployedResource;
  method: TDeployedMethod;
  pathParameters: Record<string, string>;
}

const newNode = (): RouteNode => ({ literal: new Map() });

/**
 * Resource tree of one deployment, matched with AWS's precedence: a literal
 * segment before `{param}` before `{proxy+}`, an explicit verb before ANY, and
 * backtracking when the more specific resource lacks the request's method.
 */
export class RouteTable {
  private readonly root = newNode();

  constructor(resources: TDeployedResource[]) {
    for (const resource of resources) {
      let node = this.root;
      for (const part of resource.path.split("/").filter(Boolean)) {
        const greedy = /^\{(.+)\+\}$/.exec(part);
        const param = /^\{(.+)\}$/.exec(part);
        if (greedy) node = (node.greedy ??= { name: greedy[1], node: newNode() }).node;
        else if (param) node = (node.param ??= { name: param[1], node: newNode() }).node;
        else {
          if (!node.literal.has(part)) node.literal.set(part, newNode());
          node = node.literal.get(part)!;
        }
      }
      node.resource = resource;
    }
  }

  match(httpMethod: string, path: string): RouteMatch | null {
    const segments = path.split("/").filter(Boolean);
    return this.walk(this.root, segments, 0, httpMethod, {});
  }

  private walk(
    node: RouteNode,
    segments: string[],
    index: number,
    httpMethod: string,
    params: Record<string, string>,
  ): RouteMatch | null {
    if (index === segments.length) return this.methodOf(node, httpMethod, params);
    const segment = segments[index];
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, index + 1, httpMethod, params);
      if (found) return found;
    }
    if (node.param) {
      const found = this.walk(node.param.node, segments, index + 1, httpMethod, {
        ...params,
        [node.param.name]: decodeSegment(segment),
      });
      if (found) return found;
    }
    if (node.greedy) {
      const rest = segments.slice(index).map(decodeSegment).join("/");
      return this.methodOf(node.greedy.node, httpMethod, { ...params, [node.greedy.name]: rest });
    }
    return null;
  }

  private methodOf(node: RouteNode, httpMethod: string, params: Record<string, string>): RouteMatch | null {
    const resource = node.resource;
    if (!resource) return null;
    const method = resource.methods[httpMethod] ?? resource.methods.ANY;
    return method ? { resource, method, pathParameters: params } : null;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

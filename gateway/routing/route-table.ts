import { HTTP_METHODS, type TDeployedMethod, type TDeployedResource } from "../../lib/snapshot";

interface RouteNode {
  resource?: TDeployedResource;
  literal: Map<string, RouteNode>;
  param?: { name: string; node: RouteNode };
  greedy?: { name: string; node: RouteNode };
}

export interface RouteMatch {
  resource: TDeployedResource;
  method: TDeployedMethod;
  /** Values as sent in the path: AWS does not percent-decode them. */
  pathParameters: Record<string, string>;
}

const newNode = (): RouteNode => ({ literal: new Map() });
const VERBS = new Set<string>(HTTP_METHODS);

/**
 * The segments a request path is matched on: leading and trailing slashes are
 * ignored (`/a/` matches `/a`), inner empty segments kept (`/a//b` has three).
 */
export function pathSegments(path: string): string[] {
  const trimmed = path.replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? [] : trimmed.split("/");
}

function decoded(segment: string): string | null {
  if (!segment.includes("%")) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Resource tree of one deployment, matched with AWS's precedence: a literal
 * segment before `{param}` before `{proxy+}`, an explicit verb before ANY, and
 * backtracking when the more specific resource lacks the request's method.
 *
 * - HEAD is served by a HEAD method or ANY; a GET method does not cover it.
 * - ANY covers only DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT.
 * - `{param}` takes one non-empty segment; `{proxy+}` the rest (at least one
 *   character), inner `//` included, trailing slash excluded.
 * - Path parameters are not percent-decoded (LS snapshot test_lambda_aws_proxy_integration:
 *   `test%2Balias@gmail.com` stays as sent). A literal segment also matches its
 *   decoded form (`/caf%C3%A9` reaches `/café`).
 */
export class RouteTable {
  private readonly root = newNode();

  constructor(resources: TDeployedResource[]) {
    for (const resource of resources) {
      let node = this.root;
      for (const part of pathSegments(resource.path)) {
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
    if (!VERBS.has(httpMethod)) return null;
    return this.walk(this.root, pathSegments(path), 0, httpMethod, {});
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
    if (segment !== "") {
      const literal = node.literal.get(segment) ?? node.literal.get(decoded(segment) ?? segment);
      if (literal) {
        const found = this.walk(literal, segments, index + 1, httpMethod, params);
        if (found) return found;
      }
      if (node.param) {
        const found = this.walk(node.param.node, segments, index + 1, httpMethod, { ...params, [node.param.name]: segment });
        if (found) return found;
      }
    }
    if (node.greedy) {
      const rest = segments.slice(index).join("/");
      if (rest.replace(/\//g, "") !== "") return this.methodOf(node.greedy.node, httpMethod, { ...params, [node.greedy.name]: rest });
    }
    return null;
  }

  private methodOf(node: RouteNode, httpMethod: string, params: Record<string, string>): RouteMatch | null {
    const resource = node.resource;
    if (!resource) return null;
    const methods = resource.methods;
    const method = (Object.hasOwn(methods, httpMethod) ? methods[httpMethod] : undefined) ?? (Object.hasOwn(methods, "ANY") ? methods.ANY : undefined);
    return method ? { resource, method, pathParameters: params } : null;
  }
}

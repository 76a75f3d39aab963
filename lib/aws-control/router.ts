import type { Operation } from "./operation";

/**
 * Finds the operation for a method and path. Literal segments win over
 * `{param}` segments (as `/restapis/{id}/stages` over `/restapis/{id}/{x}`),
 * and an operation that requires query values (e.g. ImportRestApi's
 * `mode=import`) wins over one that does not.
 */
interface Compiled {
  operation: Operation;
  segments: Array<{ literal: string } | { param: string; greedy: boolean }>;
  score: number;
  query: Array<[string, string]>;
}

export interface OperationMatch {
  operation: Operation;
  params: Record<string, string>;
}

export class OperationRouter {
  private readonly compiled: Compiled[];

  constructor(operations: Operation[]) {
    this.compiled = operations.map((operation) => {
      const segments = operation.path
        .split("/")
        .filter((s) => s !== "")
        .map((s) => {
          const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
          return m ? { param: m[1], greedy: m[2] === "+" } : { literal: s };
        });
      const score = segments.reduce((n, s) => n * 2 + ("literal" in s ? 1 : 0), 1);
      return { operation, segments, score, query: Object.entries(operation.query ?? {}) };
    });
    this.compiled.sort((a, b) => b.query.length - a.query.length || b.score - a.score);
  }

  /** `methodAllowed` is true when the path matched some operation but not with this method. */
  match(method: string, path: string, query: URLSearchParams): OperationMatch | { methodAllowed: boolean } {
    const parts = path.split("/").filter((s) => s !== "");
    let pathMatched = false;
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      if (!c.query.every(([k, v]) => query.get(k) === v)) continue;
      pathMatched = true;
      if (c.operation.method === method) return { operation: c.operation, params };
    }
    return { methodAllowed: pathMatched };
  }

  get operations(): Operation[] {
    return this.compiled.map((c) => c.operation);
  }
}

function matchSegments(segments: Compiled["segments"], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if ("literal" in s) {
      if (parts[i] !== s.literal) return null;
      continue;
    }
    if (s.greedy) {
      if (i >= parts.length) return null;
      params[s.param] = parts.slice(i).map(decode).join("/");
      return params;
    }
    if (parts[i] === undefined) return null;
    params[s.param] = decode(parts[i]);
  }
  return parts.length === segments.length ? params : null;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

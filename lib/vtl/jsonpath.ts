/**
 * JSONPath as API Gateway evaluates it in `$input.path` / `$input.json` (Jayway JsonPath):
 * `$`, `.name`, `['name']` / `["a","b"]`, `[n]` (negative counts from the end), `[*]` / `.*`,
 * slices `[start:end]`, recursive descent `..name`, filters `[?(@.price < 10)]` and `.length()`.
 *
 * A definite path (no wildcard, slice, union, filter or `..`) yields the value or `undefined`
 * when it is missing; an indefinite one yields the array of matches (possibly empty), as Jayway does.
 * Pure and browser-safe.
 */

type Segment =
  | { kind: "keys"; keys: string[] }
  | { kind: "indexes"; indexes: number[] }
  | { kind: "wildcard" }
  | { kind: "slice"; start?: number; end?: number; step?: number }
  | { kind: "descend"; inner: Segment }
  | { kind: "filter"; expr: FilterExpr }
  | { kind: "length" };

type Operand = { kind: "path"; segments: Segment[]; root: boolean } | { kind: "literal"; value: unknown };
type FilterExpr =
  | { kind: "exists"; operand: Operand }
  | { kind: "compare"; op: string; left: Operand; right: Operand }
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; inner: FilterExpr };

const compiled = new Map<string, { segments: Segment[]; definite: boolean }>();

export class JsonPathError extends Error {}

/** Evaluates `path` against `root` (already-parsed JSON). */
export function jsonPath(root: unknown, path: string): unknown {
  let entry = compiled.get(path);
  if (!entry) {
    const segments = parsePath(path.trim());
    entry = { segments, definite: segments.every(isDefinite) };
    if (compiled.size > 1000) compiled.clear();
    compiled.set(path, entry);
  }
  const matches = evaluate(entry.segments, [root], root);
  if (entry.definite) return matches[0];
  return matches;
}

function isDefinite(s: Segment): boolean {
  if (s.kind === "keys") return s.keys.length === 1;
  if (s.kind === "indexes") return s.indexes.length === 1;
  return s.kind === "length";
}

function evaluate(segments: Segment[], start: unknown[], root: unknown): unknown[] {
  let current = start;
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const node of current) apply(seg, node, next, root);
    current = next;
  }
  return current;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function apply(seg: Segment, node: unknown, out: unknown[], root: unknown): void {
  switch (seg.kind) {
    case "keys":
      if (isObject(node)) for (const k of seg.keys) if (Object.hasOwn(node, k)) out.push(node[k]);
      return;
    case "indexes":
      if (Array.isArray(node))
        for (const i of seg.indexes) {
          const j = i < 0 ? node.length + i : i;
          if (j >= 0 && j < node.length) out.push(node[j]);
        }
      return;
    case "wildcard":
      if (Array.isArray(node)) out.push(...node);
      else if (isObject(node)) out.push(...Object.values(node));
      return;
    case "slice": {
      if (!Array.isArray(node)) return;
      const len = node.length;
      const norm = (v: number | undefined, dflt: number): number =>
        v === undefined ? dflt : v < 0 ? Math.max(0, len + v) : Math.min(len, v);
      const step = seg.step ?? 1;
      if (step <= 0) return;
      for (let i = norm(seg.start, 0); i < norm(seg.end, len); i += step) out.push(node[i]);
      return;
    }
    case "descend": {
      const walk = (n: unknown): void => {
        apply(seg.inner, n, out, root);
        if (Array.isArray(n)) n.forEach(walk);
        else if (isObject(n)) Object.values(n).forEach(walk);
      };
      walk(node);
      return;
    }
    case "filter": {
      const items = Array.isArray(node) ? node : isObject(node) ? [node] : [];
      for (const item of items) if (test(seg.expr, item, root)) out.push(item);
      return;
    }
    case "length":
      if (Array.isArray(node)) out.push(node.length);
      else if (typeof node === "string") out.push(node.length);
      else if (isObject(node)) out.push(Object.keys(node).length);
      return;
  }
}

function operandValues(op: Operand, item: unknown, root: unknown): unknown[] {
  if (op.kind === "literal") return [op.value];
  return evaluate(op.segments, [op.root ? root : item], root);
}

function test(expr: FilterExpr, item: unknown, root: unknown): boolean {
  switch (expr.kind) {
    case "and":
      return test(expr.left, item, root) && test(expr.right, item, root);
    case "or":
      return test(expr.left, item, root) || test(expr.right, item, root);
    case "not":
      return !test(expr.inner, item, root);
    case "exists":
      return operandValues(expr.operand, item, root).some((v) => v !== undefined && v !== null && v !== false);
    case "compare": {
      const [l] = operandValues(expr.left, item, root);
      const [r] = operandValues(expr.right, item, root);
      if (l === undefined) return expr.op === "!=";
      switch (expr.op) {
        case "==":
          return JSON.stringify(l) === JSON.stringify(r);
        case "!=":
          return JSON.stringify(l) !== JSON.stringify(r);
        case "<":
        case "<=":
        case ">":
        case ">=": {
          if (!((typeof l === "number" && typeof r === "number") || (typeof l === "string" && typeof r === "string")))
            return false;
          if (expr.op === "<") return l < r;
          if (expr.op === "<=") return l <= r;
          if (expr.op === ">") return l > r;
          return l >= r;
        }
        case "=~": {
          if (typeof l !== "string" || typeof r !== "string") return false;
          const m = /^\/(.*)\/([a-z]*)$/s.exec(r);
          return m ? new RegExp(m[1]!, m[2]!.replace(/[^imsu]/g, "")).test(l) : false;
        }
        case "in":
          return Array.isArray(r) && r.some((x) => JSON.stringify(x) === JSON.stringify(l));
        case "nin":
          return Array.isArray(r) && !r.some((x) => JSON.stringify(x) === JSON.stringify(l));
        default:
          return false;
      }
    }
  }
}

/* ---------------------------------------------------------------- parser */

class Cursor {
  pos = 0;
  constructor(readonly src: string) {}
  peek(n = 0): string {
    return this.src[this.pos + n] ?? "";
  }
  eof(): boolean {
    return this.pos >= this.src.length;
  }
  skipSpace(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }
  expect(s: string): void {
    if (!this.src.startsWith(s, this.pos)) this.fail(`expected '${s}'`);
    this.pos += s.length;
  }
  fail(msg: string): never {
    throw new JsonPathError(`Invalid JSONPath '${this.src}': ${msg} at position ${this.pos}`);
  }
}

function parsePath(src: string): Segment[] {
  const c = new Cursor(src);
  if (c.peek() === "$") c.pos++;
  else if (c.peek() !== "." && c.peek() !== "[" && !c.eof()) {
    // API Gateway accepts a bare "a.b" the way Jayway does: relative to the root.
    return parseSegments(new Cursor(`.${src}`), false);
  }
  return parseSegments(c, false);
}

function parseSegments(c: Cursor, inFilter: boolean): Segment[] {
  const out: Segment[] = [];
  for (;;) {
    if (inFilter) c.skipSpace();
    const ch = c.peek();
    if (ch === "." && c.peek(1) === ".") {
      c.pos += 2;
      if (c.peek() === "[") out.push({ kind: "descend", inner: parseBracket(c) });
      else if (c.peek() === "*") {
        c.pos++;
        out.push({ kind: "descend", inner: { kind: "wildcard" } });
      } else out.push({ kind: "descend", inner: { kind: "keys", keys: [parseName(c)] } });
    } else if (ch === ".") {
      c.pos++;
      if (c.peek() === "*") {
        c.pos++;
        out.push({ kind: "wildcard" });
      } else if (c.peek() === "[") out.push(parseBracket(c));
      else {
        const name = parseName(c);
        if (c.src.startsWith("()", c.pos)) {
          c.pos += 2;
          if (name === "length" || name === "size") out.push({ kind: "length" });
          else c.fail(`unsupported function ${name}()`);
        } else out.push({ kind: "keys", keys: [name] });
      }
    } else if (ch === "[") out.push(parseBracket(c));
    else if (c.eof() || inFilter) return out;
    else c.fail(`unexpected '${ch}'`);
  }
}

function parseName(c: Cursor): string {
  const start = c.pos;
  while (!c.eof() && !/[.[\]()\s=!<>&|,]/.test(c.peek())) c.pos++;
  if (c.pos === start) c.fail("expected a property name");
  return c.src.slice(start, c.pos);
}

function parseQuoted(c: Cursor): string {
  const q = c.peek();
  c.pos++;
  let s = "";
  while (!c.eof() && c.peek() !== q) {
    if (c.peek() === "\\") c.pos++;
    s += c.peek();
    c.pos++;
  }
  c.expect(q);
  return s;
}

function parseInt10(c: Cursor): number | undefined {
  c.skipSpace();
  const m = /^-?\d+/.exec(c.src.slice(c.pos));
  if (!m) return undefined;
  c.pos += m[0].length;
  c.skipSpace();
  return Number(m[0]);
}

function parseBracket(c: Cursor): Segment {
  c.expect("[");
  c.skipSpace();
  let seg: Segment;
  const ch = c.peek();
  if (ch === "*") {
    c.pos++;
    seg = { kind: "wildcard" };
  } else if (ch === "'" || ch === '"') {
    const keys = [parseQuoted(c)];
    c.skipSpace();
    while (c.peek() === ",") {
      c.pos++;
      c.skipSpace();
      keys.push(parseQuoted(c));
      c.skipSpace();
    }
    seg = { kind: "keys", keys };
  } else if (ch === "?") {
    c.pos++;
    c.skipSpace();
    c.expect("(");
    const expr = parseOr(c);
    c.skipSpace();
    c.expect(")");
    seg = { kind: "filter", expr };
  } else {
    const first = parseInt10(c);
    if (c.peek() === ":") {
      c.pos++;
      const end = parseInt10(c);
      let step: number | undefined;
      if (c.peek() === ":") {
        c.pos++;
        step = parseInt10(c);
      }
      seg = { kind: "slice", start: first, end, step };
    } else {
      if (first === undefined) c.fail("expected an index, a quoted name, '*' or a filter");
      const indexes = [first];
      while (c.peek() === ",") {
        c.pos++;
        const n = parseInt10(c);
        if (n === undefined) c.fail("expected an index");
        indexes.push(n);
      }
      seg = { kind: "indexes", indexes };
    }
  }
  c.skipSpace();
  c.expect("]");
  return seg;
}

function parseOr(c: Cursor): FilterExpr {
  let left = parseAnd(c);
  for (;;) {
    c.skipSpace();
    if (!c.src.startsWith("||", c.pos)) return left;
    c.pos += 2;
    left = { kind: "or", left, right: parseAnd(c) };
  }
}

function parseAnd(c: Cursor): FilterExpr {
  let left = parseUnary(c);
  for (;;) {
    c.skipSpace();
    if (!c.src.startsWith("&&", c.pos)) return left;
    c.pos += 2;
    left = { kind: "and", left, right: parseUnary(c) };
  }
}

function parseUnary(c: Cursor): FilterExpr {
  c.skipSpace();
  if (c.peek() === "!" && c.peek(1) !== "=") {
    c.pos++;
    return { kind: "not", inner: parseUnary(c) };
  }
  if (c.peek() === "(") {
    c.pos++;
    const inner = parseOr(c);
    c.skipSpace();
    c.expect(")");
    return inner;
  }
  const left = parseOperand(c);
  c.skipSpace();
  const m = /^(==|!=|<=|>=|<|>|=~|nin\b|in\b)/.exec(c.src.slice(c.pos));
  if (!m) return { kind: "exists", operand: left };
  c.pos += m[0].length;
  return { kind: "compare", op: m[0], left, right: parseOperand(c) };
}

function parseOperand(c: Cursor): Operand {
  c.skipSpace();
  const ch = c.peek();
  if (ch === "@" || ch === "$") {
    c.pos++;
    return { kind: "path", root: ch === "$", segments: parseSegments(c, true) };
  }
  if (ch === "'" || ch === '"') return { kind: "literal", value: parseQuoted(c) };
  if (ch === "/") {
    const end = c.src.indexOf("/", c.pos + 1);
    if (end < 0) c.fail("unterminated regex");
    let stop = end + 1;
    while (/[a-z]/.test(c.src[stop] ?? "")) stop++;
    const value = c.src.slice(c.pos, stop);
    c.pos = stop;
    return { kind: "literal", value };
  }
  if (ch === "[") {
    const start = c.pos;
    let depth = 0;
    do {
      if (c.peek() === "[") depth++;
      if (c.peek() === "]") depth--;
      c.pos++;
    } while (depth > 0 && !c.eof());
    try {
      return { kind: "literal", value: JSON.parse(c.src.slice(start, c.pos).replace(/'/g, '"')) };
    } catch {
      c.fail("bad array literal");
    }
  }
  const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(c.src.slice(c.pos));
  if (!m) c.fail("expected a value");
  c.pos += m[0].length;
  return { kind: "literal", value: JSON.parse(m[0]) };
}

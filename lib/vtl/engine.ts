/**
 * The renderer: velocityjs's Compile with API Gateway's semantics and hard limits. One Engine
 * per render (it holds the render's state); the AST is shared and never mutated.
 *
 * Overridden from velocityjs: printing (Java toString, null renders empty), `#if` and operators
 * (Velocity 1.7 truthiness and `==`), property and method access (only Java-style methods on
 * data, see java.ts), `#foreach` (total iteration budget), ranges, macros (bounded recursion;
 * #parse / #include / #evaluate / #eval refused) and the output size.
 */
import { Compile, parse } from "velocityjs";
import { VtlRuntimeError } from "./errors";
import { callMethod, type Printer, toVtlString, truthy, vtlEquals } from "./java";
import type { VtlLimits } from "./types";

type Ast = ReturnType<typeof parse>;
type Node = Ast[number];
// The AST is loosely typed by velocityjs; these are the shapes this file reads.
interface AnyNode {
  type: string;
  id?: unknown;
  value?: unknown;
  args?: AnyNode[] | false;
  path?: AnyNode[];
  expression?: AnyNode[];
  operator?: string;
  from?: AnyNode;
  to?: string;
  condition?: AnyNode;
  isRange?: boolean;
  isEval?: boolean;
  leader?: string;
  prue?: boolean;
  pos?: { first_line: number; first_column: number };
}

/** Nesting of renders (blocks, macros, #define, string interpolation). */
const MAX_DEPTH = 64;
/** AST nodes evaluated per render: bounds work that loops cannot (e.g. doubly-recursive macros). */
const MAX_STEPS = 1_000_000;
const REFUSED_DIRECTIVES = new Set(["parse", "include", "evaluate", "eval", "define"]);

const stringAsts = new Map<string, Ast>();

function where(ast: AnyNode | undefined): string {
  return ast?.pos ? ` at line ${ast.pos.first_line}, column ${ast.pos.first_column + 1}` : "";
}

export class Engine extends Compile {
  private iterations = 0;
  private steps = 0;
  private depth = 0;
  private inForeachSource = false;

  constructor(
    asts: Ast,
    private readonly limits: VtlLimits,
    private readonly printer: Printer,
  ) {
    super(asts, {
      escape: false,
      valueMapper: (v: unknown) => this.checkString(v),
    });
  }

  private checkString<T>(v: T): T {
    if (typeof v === "string" && v.length > this.limits.maxOutputBytes)
      throw new VtlRuntimeError(`Template output exceeds ${this.limits.maxOutputBytes} bytes`);
    return v;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH)
      throw new VtlRuntimeError(`Template nesting exceeds ${MAX_DEPTH} levels (recursive #macro or #define?)`);
  }

  override renderAstList(asts?: Ast, contextId?: string): string {
    const list = asts ?? this.asts;
    if (contextId) {
      if (contextId !== this.contextId && !this.conditions.includes(contextId)) this.conditions.unshift(contextId);
      this.contextId = contextId;
    } else this.contextId = "";
    this.enter();
    try {
      let out = "";
      for (const node of list) {
        if (this.runState.stop) break;
        if (++this.steps > MAX_STEPS) throw new VtlRuntimeError(`Template evaluation exceeds ${MAX_STEPS} steps`);
        if (typeof node === "string") out += node;
        else if (Array.isArray(node)) out += this.getBlock(node as Node[]);
        else {
          const n = node as unknown as AnyNode;
          switch (n.type) {
            case "references":
              out += toVtlString(this.getReferences(node, true), this.printer);
              break;
            case "set":
              this.setValue(node as never);
              break;
            case "break":
              this.runState.break = true;
              break;
            case "macro_call":
              out += this.getMacro(node);
              break;
            case "comment":
              break;
            case "raw":
              out += String(n.value);
              break;
            default:
              out += this.getBlock(node as never);
          }
        }
        if (this.runState.break) break;
        this.checkString(out);
      }
      return out;
    } finally {
      this.depth--;
    }
  }

  protected override getReferences(ast: Node, isVal?: boolean): string {
    const n = ast as unknown as AnyNode;
    if (n.prue && typeof n.id === "string" && Array.isArray(this.defines[n.id]))
      return this.renderAstList(this.defines[n.id] as Ast);
    const value: unknown = super.getReferences(ast, false);
    // velocityjs renders an undefined reference as its own text; API Gateway renders it empty.
    if (isVal && value === undefined) return "";
    return value as string;
  }

  protected override getBlock(block: Node[] | Node): string {
    const list = (Array.isArray(block) ? block : [block]) as unknown as AnyNode[];
    const head = list[0];
    if (head?.type === "foreach") return this.foreach(list);
    if (head?.type === "if") return this.ifBlock(list);
    return super.getBlock(block as never);
  }

  private ifBlock(block: AnyNode[]): string {
    let taken = false;
    const body: AnyNode[] = [];
    for (const node of block) {
      const branch = node?.type === "if" || node?.type === "elseif" || node?.type === "else";
      if (!branch) {
        if (taken) body.push(node);
        continue;
      }
      if (taken) break;
      taken = node.type === "else" ? true : truthy(this.getExpression(node.condition as unknown as Node));
    }
    return this.renderAstList(body as unknown as Ast, this.contextId);
  }

  private foreach(block: AnyNode[]): string {
    const ast = block[0]!;
    this.inForeachSource = true;
    let from: unknown;
    try {
      from = this.getLiteral({ ...(ast.from as object), pos: ast.pos } as unknown as Node);
    } finally {
      this.inForeachSource = false;
    }
    const items = Array.isArray(from)
      ? from
      : typeof from === "object" && from !== null
        ? Object.values(from as Record<string, unknown>)
        : [];
    if (items.length === 0) return "";
    const body = block.slice(1) as unknown as Ast;
    const contextId = `foreach:${Math.random().toString(36).slice(2)}`;
    const local: Record<string, unknown> = {};
    let out = "";
    try {
      for (let i = 0; i < items.length; i++) {
        if (++this.iterations > this.limits.maxIterations)
          throw new VtlRuntimeError(`#foreach exceeded ${this.limits.maxIterations} iterations${where(ast)}`);
        local[ast.to as string] = items[i];
        local.foreach = { count: i + 1, index: i, hasNext: i + 1 < items.length, first: i === 0, last: i + 1 === items.length };
        local.velocityCount = i + 1;
        this.local[contextId] = local;
        out += this.renderAstList(body, contextId);
        this.checkString(out);
        if (this.runState.break) break;
      }
    } finally {
      this.runState.break = false;
      this.local[contextId] = {};
      this.conditions = this.conditions.filter((c) => c !== contextId);
      this.contextId = this.conditions[0] ?? "";
    }
    return out;
  }

  getArray(literal: AnyNode): unknown[] {
    const values = literal.value as AnyNode[];
    if (!literal.isRange) return values.map((exp) => this.getLiteral(exp as unknown as Node));
    const [begin, end] = (literal.value as unknown[]).map((exp) => {
      if (typeof exp === "string") return Number.parseInt(exp, 10);
      if (typeof exp === "number") return exp;
      const v: unknown = this.getLiteral(exp as Node);
      return typeof v === "number" ? Math.trunc(v) : Number.parseInt(String(v), 10);
    }) as [number, number];
    if (Number.isNaN(begin) || Number.isNaN(end)) return [];
    const size = Math.abs(end - begin) + 1;
    const room = this.limits.maxIterations - this.iterations;
    if (size > room) {
      if (this.inForeachSource)
        throw new VtlRuntimeError(`#foreach exceeded ${this.limits.maxIterations} iterations${where(literal)}`);
      if (size > this.limits.maxIterations) throw new VtlRuntimeError(`Range [${begin}..${end}] exceeds ${this.limits.maxIterations} elements`);
    }
    const out: number[] = [];
    const step = begin <= end ? 1 : -1;
    for (let i = begin; ; i += step) {
      out.push(i);
      if (i === end) break;
    }
    return out;
  }

  getAttributes(property: AnyNode, baseRef: unknown): unknown {
    if (baseRef === null || baseRef === undefined) return undefined;
    if (property.type === "method") return this.getPropMethod(property, baseRef);
    if (property.type === "property") return this.own(baseRef, String(property.id));
    return this.getPropIndex(property, baseRef);
  }

  getPropIndex(property: AnyNode, baseRef: unknown): unknown {
    const id = property.id as AnyNode;
    const key: unknown = id.type === "references" ? this.getReferences(id as unknown as Node) : this.getLiteral(id as unknown as Node);
    if (Array.isArray(baseRef)) {
      const i = typeof key === "number" ? key : Number.parseInt(String(key), 10);
      return Number.isInteger(i) ? baseRef[i] : undefined;
    }
    return this.own(baseRef, toVtlString(key, this.printer));
  }

  /** `$a.b`: a map's entry (Velocity: `map.get("b")`); nothing else is reachable. */
  private own(baseRef: unknown, key: string): unknown {
    if (typeof baseRef !== "object" || baseRef === null || Array.isArray(baseRef)) return undefined;
    if (!Object.hasOwn(baseRef, key)) return undefined;
    const v = (baseRef as Record<string, unknown>)[key];
    return typeof v === "function" ? undefined : v;
  }

  getPropMethod(property: AnyNode, baseRef: unknown): unknown {
    const args = (property.args || []).map((exp) => this.getLiteral(exp as unknown as Node) as unknown);
    const result = callMethod(baseRef, String(property.id), args, this.printer);
    return result ? this.checkString(result.value) : undefined;
  }

  protected override getExpression(ast: Node): string {
    return this.checkString(this.expression(ast as unknown as AnyNode)) as string;
  }

  private expression(ast: AnyNode): unknown {
    if (ast.type !== "math") return this.getLiteral(ast as unknown as Node);
    const exp = ast.expression ?? [];
    const ev = (i: number): unknown => this.expression(exp[i]!);
    const num = (v: unknown): number => (typeof v === "number" ? v : Number(toVtlString(v, this.printer)));
    switch (ast.operator) {
      case "+": {
        const a = ev(0);
        const b = ev(1);
        if (typeof a === "number" && typeof b === "number") return a + b;
        return toVtlString(a, this.printer) + toVtlString(b, this.printer);
      }
      case "-":
        return num(ev(0)) - num(ev(1));
      case "*":
        return num(ev(0)) * num(ev(1));
      case "/":
      case "%": {
        const a = num(ev(0));
        const b = num(ev(1));
        if (b === 0) throw new VtlRuntimeError(`Division by zero${where(ast)}`);
        const r = ast.operator === "/" ? a / b : a % b;
        return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(r) : r;
      }
      case "||":
        return truthy(ev(0)) || truthy(ev(1));
      case "&&":
        return truthy(ev(0)) && truthy(ev(1));
      case "==":
        return vtlEquals(ev(0), ev(1), this.printer);
      case "!=":
        return !vtlEquals(ev(0), ev(1), this.printer);
      case ">":
      case "<":
      case ">=":
      case "<=": {
        const a = ev(0);
        const b = ev(1);
        const [x, y] = typeof a === "string" && typeof b === "string" ? [a, b] : [num(a), num(b)];
        if (ast.operator === ">") return x > y;
        if (ast.operator === "<") return x < y;
        if (ast.operator === ">=") return x >= y;
        return x <= y;
      }
      case "minus":
        return -num(ev(0));
      case "not":
        return !truthy(ev(0));
      case "parenthesis":
        return ev(0);
      default:
        return undefined;
    }
  }

  protected override evalStr(str: string): string {
    let ast = stringAsts.get(str);
    if (!ast) {
      try {
        ast = parse(str);
      } catch (e) {
        throw new VtlRuntimeError(`Invalid string template "${str}": ${(e as Error).message.split("\n").pop()}`);
      }
      if (stringAsts.size > 2000) stringAsts.clear();
      stringAsts.set(str, ast);
    }
    return this.renderAstList(ast, this.contextId);
  }

  protected override getMacro(ast: Node, bodyContent?: string): string {
    const n = ast as unknown as AnyNode;
    const id = String(n.id);
    if (!Object.hasOwn(this.macrosStore, id)) {
      if (id === "stop") {
        this.runState.stop = true;
        return "";
      }
      if (REFUSED_DIRECTIVES.has(id))
        throw new VtlRuntimeError(`#${id} is not supported in mapping templates${where(n)}`);
      return "";
    }
    this.enter();
    try {
      const base = super.getMacro as (this: Engine, a: Node, body?: string) => string;
      return base.call(this, ast, bodyContent);
    } finally {
      this.depth--;
    }
  }
}

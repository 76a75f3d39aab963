/**
 * Parsing mapping templates: the save-time syntax check (also the console's Monaco markers) and
 * the once-per-deployment compile. Browser-safe: only velocityjs's parser, no Node APIs.
 */
import { parse } from "velocityjs";
import { VtlSyntaxError } from "./errors";
import type { VtlProblem } from "./types";

type Ast = ReturnType<typeof parse>;

/** A parsed template, ready to render many times (see renderTemplate). */
export interface CompiledTemplate {
  readonly source: string;
  /** velocityjs AST; treat as opaque. */
  readonly ast: Ast;
}

const BLOCK_TYPES = new Set(["if", "foreach", "macro", "define", "noescape", "macro_body"]);

interface Pos {
  line: number;
  column: number;
}

interface JisonHash {
  loc?: { first_line: number; first_column: number };
  line?: number;
}

/** The syntax problem of `source`, or null when it parses. */
export function parseTemplate(source: string): VtlProblem | null {
  try {
    compileTemplate(source);
    return null;
  } catch (e) {
    if (e instanceof VtlSyntaxError) return e.problem;
    return { message: e instanceof Error ? e.message : String(e), line: 1, column: 1 };
  }
}

/** Parses `source` once; throws VtlSyntaxError (with `.problem`) when it does not parse. */
export function compileTemplate(source: string): CompiledTemplate {
  let ast: Ast;
  try {
    ast = parse(source);
  } catch (e) {
    throw new VtlSyntaxError(fromParserError(e));
  }
  const problem = checkBlocks(source, ast);
  if (problem) throw new VtlSyntaxError(problem);
  return { source, ast };
}

function fromParserError(e: unknown): VtlProblem {
  const err = e as { message?: string; hash?: JisonHash };
  const raw = String(err.message ?? e);
  const lines = raw.split("\n");
  const detail = lines[lines.length - 1] ?? raw;
  const lexical = /^Lexical error/.test(raw);
  const loc = err.hash?.loc;
  const line = loc?.first_line ?? (typeof err.hash?.line === "number" ? err.hash.line + 1 : 1);
  const column = loc ? loc.first_column + 1 : 1;
  const message = lexical ? "Unrecognized text" : `Syntax error: ${detail}`;
  return { message, line, column };
}

/**
 * velocityjs accepts a block without `#end` (and drops everything after a stray `#end`), so
 * blocks are matched here: starts come from the AST, `#end`s from the source text.
 */
function checkBlocks(source: string, ast: Ast): VtlProblem | null {
  const starts = new Map<string, Pos & { type: string }>();
  const walk = (nodes: unknown[]): void => {
    nodes.forEach((node, i) => {
      if (Array.isArray(node)) walk(node);
      else if (i === 0 && node && typeof node === "object") {
        const n = node as { type?: string; pos?: { first_line: number; first_column: number } };
        if (n.type && BLOCK_TYPES.has(n.type) && n.pos) {
          const pos = { line: n.pos.first_line, column: n.pos.first_column + 1 };
          starts.set(`${pos.line}:${pos.column}`, { ...pos, type: n.type });
        }
      }
    });
  };
  walk(ast as unknown[]);
  const events: Array<Pos & { kind: "start" | "end"; type: string }> = [
    ...[...starts.values()].map((s) => ({ ...s, kind: "start" as const })),
    ...findEnds(source).map((p) => ({ ...p, kind: "end" as const, type: "end" })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  const stack: Array<Pos & { type: string }> = [];
  for (const ev of events) {
    if (ev.kind === "start") stack.push(ev);
    else if (!stack.pop()) return { message: "Unexpected #end: no open block", line: ev.line, column: ev.column };
  }
  const open = stack.pop();
  if (open) {
    const name = open.type === "macro_body" ? "#@" : `#${open.type}`;
    return { message: `${name} is not closed: missing #end`, line: open.line, column: open.column };
  }
  return null;
}

/** Positions of `#end` / `#{end}` outside comments and `#[[raw]]#` sections. */
function findEnds(source: string): Pos[] {
  const out: Pos[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const advanceTo = (to: number): void => {
    for (; i < to && i < source.length; i++)
      if (source[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
  };
  while (i < source.length) {
    if (source.startsWith("##", i)) {
      const nl = source.indexOf("\n", i);
      advanceTo(nl < 0 ? source.length : nl);
    } else if (source.startsWith("#*", i)) {
      const close = source.indexOf("*#", i + 2);
      advanceTo(close < 0 ? source.length : close + 2);
    } else if (source.startsWith("#[[", i)) {
      const close = source.indexOf("]]#", i + 3);
      advanceTo(close < 0 ? source.length : close + 3);
    } else if (/^#(?:end\b|\{end\})/.test(source.slice(i, i + 6))) {
      out.push({ line, column: i - lineStart + 1 });
      advanceTo(i + 4);
    } else advanceTo(i + 1);
  }
  return out;
}

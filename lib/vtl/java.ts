/**
 * The Java side of Velocity as API Gateway runs it: how values print (`toString`), compare
 * (`==`), test (`#if`) and which Java String / List / Map methods templates may call.
 * Only the methods listed here are callable on data values; JavaScript's own methods are not
 * reachable from a template.
 */
import { VtlRuntimeError } from "./errors";

/** Objects whose methods a template may call as-is (`$input`, `$util`). */
export const hostObjects = new WeakSet<object>();

/** Printing flavours: values from `$input.path` print lists as JSON (AWS), others as Java collections. */
export interface Printer {
  /** Lists (and maps holding them) that came from the JSON body. */
  jsonish: WeakSet<object>;
}

export const MAX_COLLECTION_SIZE = 1_000_000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Marks every list and map of a parsed JSON tree so that it prints the way AWS prints `$input.path`. */
export function markJsonish(value: unknown, set: WeakSet<object>): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "object" && v !== null && !set.has(v)) {
      set.add(v);
      stack.push(...(Array.isArray(v) ? v : Object.values(v)));
    }
  }
}

function printNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
}

/** `String.valueOf(x)` for a value nested in a collection (null prints "null"). */
function inner(v: unknown, p: Printer): string {
  if (v === null || v === undefined) return "null";
  return toVtlString(v, p);
}

/** What `$x` renders as. null/undefined render empty, as API Gateway does. */
export function toVtlString(v: unknown, p: Printer): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return printNumber(v);
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "function") return "";
  if (Array.isArray(v)) {
    if (p.jsonish.has(v)) return JSON.stringify(v);
    return `[${v.map((x) => inner(x, p)).join(", ")}]`;
  }
  if (typeof v === "object") {
    if (hostObjects.has(v)) return "";
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${inner(x, p)}`)
      .join(", ")}}`;
  }
  return "";
}

/** Velocity 1.7 truthiness: only null and false are false (an empty string or 0 is true). */
export function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}

/**
 * Velocity `==`: same-typed values by value, otherwise by their string forms. A null reference
 * equals `$null` and, as API Gateway renders it, `""`.
 */
export function vtlEquals(a: unknown, b: unknown, p: Printer): boolean {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return (aNull && bNull) || (aNull && b === "") || (bNull && a === "");
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (typeof a !== "object" && typeof a === typeof b) return a === b;
  if (a === b) return true;
  return toVtlString(a, p) === toVtlString(b, p);
}

/* ------------------------------------------------------------- regexes */

const regexCache = new Map<string, RegExp>();

/** A Java regex as a JavaScript one (the common subset: classes, groups, quantifiers, anchors). */
export function javaRegex(source: string, flags = ""): RegExp {
  const key = `${flags}/${source}`;
  let re = regexCache.get(key);
  if (!re) {
    let js = source.replace(/\\A/g, "^").replace(/\\[zZ]/g, "$").replace(/\(\?<([a-zA-Z][a-zA-Z0-9]*)>/g, "(?<$1>");
    let extra = "";
    const inline = /^\(\?([imsx]+)\)/.exec(js);
    if (inline) {
      extra = inline[1]!.replace(/x/g, "");
      js = js.slice(inline[0].length);
    }
    try {
      re = new RegExp(js, flags + extra);
    } catch (e) {
      throw new VtlRuntimeError(`Invalid regular expression '${source}': ${(e as Error).message}`);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** A Java `Matcher.replaceAll` replacement (`$1`, `${name}`, `\$`) as a JavaScript one. */
function javaReplacement(repl: string): string {
  let out = "";
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch === "\\") {
      i++;
      const next = repl[i] ?? "";
      out += next === "$" ? "$$" : next;
    } else if (ch === "$") {
      const named = /^\{([a-zA-Z][a-zA-Z0-9]*)\}/.exec(repl.slice(i + 1));
      const num = /^\d/.exec(repl.slice(i + 1));
      if (named) {
        out += `$<${named[1]}>`;
        i += named[0].length;
      } else if (num) out += "$";
      else throw new VtlRuntimeError(`Illegal group reference in replacement '${repl}'`);
    } else out += ch;
  }
  return out;
}

/** Java `String.split(regex)`: trailing empty strings dropped, no leading empty string for a zero-width first match. */
function javaSplit(s: string, regex: string, limit = 0): string[] {
  if (s === "") return [""];
  const re = javaRegex(regex, "g");
  const parts: string[] = [];
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (limit > 0 && parts.length === limit - 1) break;
    const idx = m.index ?? 0;
    if (m[0] === "" && (idx === 0 || idx >= s.length)) continue;
    if (idx === 0 && m[0] !== "" && last === 0 && parts.length === 0) {
      parts.push("");
      last = idx + m[0].length;
      continue;
    }
    parts.push(s.slice(last, idx));
    last = idx + m[0].length;
  }
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/* ------------------------------------------------------------- methods */

function str(v: unknown, p: Printer): string {
  return typeof v === "string" ? v : toVtlString(v, p);
}

function bounds(s: string, begin: number, end: number, method: string): void {
  if (!(begin >= 0 && end <= s.length && begin <= end))
    throw new VtlRuntimeError(`${method}: begin ${begin}, end ${end}, length ${s.length}`);
}

function intArg(v: unknown): number {
  return typeof v === "number" ? Math.trunc(v) : Number.parseInt(String(v), 10);
}

function stringMethod(s: string, name: string, a: unknown[], p: Printer): { value: unknown } | undefined {
  switch (name) {
    case "length":
      return { value: s.length };
    case "isEmpty":
      return { value: s.length === 0 };
    case "isBlank":
      return { value: s.trim().length === 0 };
    case "equals":
      return { value: typeof a[0] === "string" && a[0] === s };
    case "equalsIgnoreCase":
      return { value: typeof a[0] === "string" && a[0].toLowerCase() === s.toLowerCase() };
    case "contains":
      return { value: s.includes(str(a[0], p)) };
    case "startsWith":
      return { value: s.startsWith(str(a[0], p), a[1] === undefined ? 0 : intArg(a[1])) };
    case "endsWith":
      return { value: s.endsWith(str(a[0], p)) };
    case "trim":
      return { value: s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "") };
    case "strip":
      return { value: s.trim() };
    case "toUpperCase":
      return { value: s.toUpperCase() };
    case "toLowerCase":
      return { value: s.toLowerCase() };
    case "substring": {
      const begin = intArg(a[0]);
      const end = a[1] === undefined ? s.length : intArg(a[1]);
      bounds(s, begin, end, "String.substring");
      return { value: s.slice(begin, end) };
    }
    case "charAt": {
      const i = intArg(a[0]);
      bounds(s, i, i + 1, "String.charAt");
      return { value: s[i] };
    }
    case "indexOf":
      return { value: s.indexOf(str(a[0], p), a[1] === undefined ? 0 : intArg(a[1])) };
    case "lastIndexOf":
      return { value: a[1] === undefined ? s.lastIndexOf(str(a[0], p)) : s.lastIndexOf(str(a[0], p), intArg(a[1])) };
    case "replace":
      return { value: s.split(str(a[0], p)).join(str(a[1], p)) };
    case "replaceAll":
      return { value: s.replace(javaRegex(str(a[0], p), "g"), javaReplacement(str(a[1], p))) };
    case "replaceFirst":
      return { value: s.replace(javaRegex(str(a[0], p)), javaReplacement(str(a[1], p))) };
    case "matches":
      return { value: javaRegex(`^(?:${str(a[0], p)})$`).test(s) };
    case "split":
      return { value: javaSplit(s, str(a[0], p), a[1] === undefined ? 0 : intArg(a[1])) };
    case "concat":
      return { value: s + str(a[0], p) };
    case "toString":
    case "intern":
      return { value: s };
    case "compareTo":
      return { value: s < str(a[0], p) ? -1 : s > str(a[0], p) ? 1 : 0 };
    case "hashCode": {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
      return { value: h };
    }
    default:
      return undefined;
  }
}

function checkSize(n: number): void {
  if (n > MAX_COLLECTION_SIZE) throw new VtlRuntimeError(`Collection exceeds ${MAX_COLLECTION_SIZE} elements`);
}

function listMethod(l: unknown[], name: string, a: unknown[], p: Printer): { value: unknown } | undefined {
  switch (name) {
    case "size":
      return { value: l.length };
    case "isEmpty":
      return { value: l.length === 0 };
    case "get":
      return { value: l[intArg(a[0])] };
    case "contains":
      return { value: l.some((x) => vtlEquals(x, a[0], p)) };
    case "indexOf":
      return { value: l.findIndex((x) => vtlEquals(x, a[0], p)) };
    case "add":
      checkSize(l.length + 1);
      if (a.length === 2) l.splice(intArg(a[0]), 0, a[1]);
      else l.push(a[0]);
      return { value: true };
    case "addAll":
      if (!Array.isArray(a[0])) return { value: false };
      checkSize(l.length + a[0].length);
      l.push(...a[0]);
      return { value: true };
    case "set": {
      const i = intArg(a[0]);
      const prev = l[i];
      if (i >= 0 && i < l.length) l[i] = a[1];
      return { value: prev };
    }
    case "remove": {
      const i = typeof a[0] === "number" ? a[0] : l.findIndex((x) => vtlEquals(x, a[0], p));
      return { value: i >= 0 && i < l.length ? l.splice(i, 1)[0] : undefined };
    }
    case "subList":
      return { value: l.slice(intArg(a[0]), a[1] === undefined ? undefined : intArg(a[1])) };
    case "toString":
      return { value: toVtlString(l, p) };
    default:
      return undefined;
  }
}

function mapMethod(m: Record<string, unknown>, name: string, a: unknown[], p: Printer): { value: unknown } | undefined {
  const key = (v: unknown): string => str(v, p);
  switch (name) {
    case "get":
      return { value: Object.hasOwn(m, key(a[0])) ? m[key(a[0])] : undefined };
    case "getOrDefault":
      return { value: Object.hasOwn(m, key(a[0])) ? m[key(a[0])] : a[1] };
    case "containsKey":
      return { value: Object.hasOwn(m, key(a[0])) };
    case "containsValue":
      return { value: Object.values(m).some((x) => vtlEquals(x, a[0], p)) };
    case "keySet":
      return { value: Object.keys(m) };
    case "values":
      return { value: Object.values(m) };
    case "entrySet":
      return { value: Object.entries(m).map(([k, v]) => ({ key: k, value: v })) };
    case "size":
      return { value: Object.keys(m).length };
    case "isEmpty":
      return { value: Object.keys(m).length === 0 };
    case "put": {
      const k = key(a[0]);
      if (k === "__proto__") return { value: undefined };
      const prev = m[k];
      m[k] = a[1];
      return { value: prev };
    }
    case "putAll":
      if (isPlainObject(a[0])) for (const [k, v] of Object.entries(a[0])) if (k !== "__proto__") m[k] = v;
      return { value: undefined };
    case "remove": {
      const k = key(a[0]);
      const prev = Object.hasOwn(m, k) ? m[k] : undefined;
      delete m[k];
      return { value: prev };
    }
    case "toString":
      return { value: toVtlString(m, p) };
    default: {
      // JavaBean getters, as Velocity's introspection allows: $entry.getKey(), $map.getFoo()
      const bean = /^(?:get|is)([A-Z].*)$/.exec(name);
      if (bean && a.length === 0) {
        const prop = bean[1]!.charAt(0).toLowerCase() + bean[1]!.slice(1);
        if (Object.hasOwn(m, prop)) return { value: m[prop] };
      }
      return undefined;
    }
  }
}

/**
 * Calls `name(args)` on a template value. Returns undefined when the value has no such method
 * (Velocity then renders the reference as null).
 */
export function callMethod(target: unknown, name: string, args: unknown[], p: Printer): { value: unknown } | undefined {
  if (target === null || target === undefined) return undefined;
  if (typeof target === "object" && hostObjects.has(target)) {
    const fn = Object.hasOwn(target, name) ? (target as Record<string, unknown>)[name] : undefined;
    return typeof fn === "function" ? { value: (fn as (...a: unknown[]) => unknown)(...args) } : undefined;
  }
  if (typeof target === "string") return stringMethod(target, name, args, p);
  if (Array.isArray(target)) return listMethod(target, name, args, p);
  if (isPlainObject(target)) return mapMethod(target, name, args, p);
  if (typeof target === "number") {
    if (name === "intValue" || name === "longValue") return { value: Math.trunc(target) };
    if (name === "doubleValue" || name === "floatValue") return { value: target };
  }
  if (name === "toString") return { value: toVtlString(target, p) };
  if (name === "equals") return { value: vtlEquals(target, args[0], p) };
  if (typeof target === "boolean" && name === "booleanValue") return { value: target };
  return undefined;
}

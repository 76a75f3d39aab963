/**
 * `$util` of API Gateway mapping templates. Pure and browser-safe (TextEncoder, btoa/atob; no Buffer).
 */
import { VtlRuntimeError } from "./errors";
import { hostObjects, type Printer, toVtlString } from "./java";

/** Java `StringEscapeUtils.escapeJavaScript` (commons-lang 2), which API Gateway uses: `'` becomes `\'`. */
export function escapeJavaScript(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const ch = s[i]!;
    if (code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else if (code < 0x20) {
      const named: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };
      out += named[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else if (ch === "'" || ch === '"' || ch === "\\" || ch === "/") out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: false });

/** Java `URLEncoder.encode(s, "UTF-8")`: form encoding, space as `+`, only `A-Za-z0-9.-*_` kept. */
export function urlEncode(s: string): string {
  let out = "";
  for (const byte of utf8.encode(s)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Java `URLDecoder.decode(s, "UTF-8")`: `+` is a space, `%XX` sequences are UTF-8 bytes. */
export function urlDecode(s: string): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === "+") {
      out += " ";
      i++;
    } else if (ch === "%") {
      const bytes: number[] = [];
      while (s[i] === "%") {
        const hex = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex))
          throw new VtlRuntimeError(`$util.urlDecode: Illegal hex characters in escape (%) pattern at position ${i}`);
        bytes.push(Number.parseInt(hex, 16));
        i += 3;
      }
      out += utf8Strict.decode(new Uint8Array(bytes));
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Base64 of the UTF-8 bytes of `s`. */
export function base64Encode(s: string): string {
  let bin = "";
  const bytes = utf8.encode(s);
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The UTF-8 text of base64 `s` (standard alphabet; URL-safe `-_` accepted too). */
export function base64Decode(s: string): string {
  let bin: string;
  try {
    bin = atob(s.replace(/-/g, "+").replace(/_/g, "/").replace(/\s+/g, ""));
  } catch {
    throw new VtlRuntimeError("$util.base64Decode: Illegal base64 character in input");
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return utf8Strict.decode(bytes);
}

/** Builds the `$util` object for one render. */
export function makeUtil(printer: Printer): Record<string, unknown> {
  const text = (v: unknown): string => (typeof v === "string" ? v : toVtlString(v, printer));
  const util = {
    escapeJavaScript: (v: unknown) => (v === null || v === undefined ? undefined : escapeJavaScript(text(v))),
    parseJson: (v: unknown) => {
      try {
        return JSON.parse(text(v)) as unknown;
      } catch (e) {
        throw new VtlRuntimeError(`$util.parseJson: ${(e as Error).message}`);
      }
    },
    urlEncode: (v: unknown) => (v === null || v === undefined ? undefined : urlEncode(text(v))),
    urlDecode: (v: unknown) => (v === null || v === undefined ? undefined : urlDecode(text(v))),
    base64Encode: (v: unknown) => (v === null || v === undefined ? undefined : base64Encode(text(v))),
    base64Decode: (v: unknown) => (v === null || v === undefined ? undefined : base64Decode(text(v))),
  };
  hostObjects.add(util);
  return util;
}

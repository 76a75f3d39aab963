import type { HttpResult } from "../../lib/lambda/proxy-response-v1";

/** A cached integration answer: status, headers (casing kept) and body. */
export type CachedResponse = HttpResult;

/** Bytes an entry is charged for: body, headers, key and a fixed overhead. */
export function entrySize(key: string, entry: CachedResponse): number {
  let size = entry.body.length + key.length + 64;
  for (const [name, value] of entry.headers) size += name.length + value.length + 16;
  return size;
}

/** Binary form for Redis: 4-byte length of the JSON {s, h}, that JSON, then the body. */
export function encodeEntry(entry: CachedResponse): Buffer {
  const meta = Buffer.from(JSON.stringify({ s: entry.statusCode, h: entry.headers }));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(meta.length);
  return Buffer.concat([head, meta, entry.body]);
}

/** The entry in `data`, or null when it is not one (a foreign or truncated value). */
export function decodeEntry(data: Buffer): CachedResponse | null {
  try {
    if (data.length < 4) return null;
    const length = data.readUInt32BE(0);
    if (4 + length > data.length) return null;
    const meta = JSON.parse(data.subarray(4, 4 + length).toString("utf8")) as { s: unknown; h: unknown };
    if (typeof meta.s !== "number" || !Array.isArray(meta.h)) return null;
    const headers = meta.h.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string");
    return { statusCode: meta.s, headers, body: Buffer.from(data.subarray(4 + length)) };
  } catch {
    return null;
  }
}

/** A copy the request can own (the server appends its own headers). */
export function cloneEntry(entry: CachedResponse): CachedResponse {
  return { statusCode: entry.statusCode, headers: entry.headers.map(([n, v]) => [n, v]), body: entry.body };
}

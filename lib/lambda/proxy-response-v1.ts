/** Reads a function's result as a Lambda proxy response (format 1.0), with AWS's rules. */

export interface HttpResult {
  statusCode: number;
  /** Header name (casing kept) → values. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export class MalformedProxyResponse extends Error {
  constructor(reason: string) {
    super(`Malformed Lambda proxy response: ${reason}`);
    this.name = "MalformedProxyResponse";
  }
}

const ALLOWED_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function headerValue(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new MalformedProxyResponse(`header ${name} is not a string`);
}

export function parseProxyResponseV1(
  output: unknown,
  options: { accept?: string; binaryMediaTypes: string[] },
): HttpResult {
  if (!isPlainObject(output)) throw new MalformedProxyResponse("result is not an object");
  for (const key of Object.keys(output)) {
    if (!ALLOWED_KEYS.has(key)) throw new MalformedProxyResponse(`unexpected key ${key}`);
  }
  let statusCode = 200;
  if (output.statusCode !== undefined && output.statusCode !== null) {
    const n = typeof output.statusCode === "string" ? Number(output.statusCode) : output.statusCode;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 100 || n > 599) {
      throw new MalformedProxyResponse("statusCode is not a valid HTTP status");
    }
    statusCode = n;
  }
  // Merge case-insensitively: multiValueHeaders first (its casing wins), then headers.
  const merged = new Map<string, { name: string; values: string[] }>();
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const entry = merged.get(key) ?? { name, values: [] };
    if (!entry.values.includes(value)) entry.values.push(value);
    merged.set(key, entry);
  };
  if (output.multiValueHeaders !== undefined && output.multiValueHeaders !== null) {
    if (!isPlainObject(output.multiValueHeaders)) throw new MalformedProxyResponse("multiValueHeaders is not an object");
    for (const [name, values] of Object.entries(output.multiValueHeaders)) {
      if (!Array.isArray(values)) throw new MalformedProxyResponse(`multiValueHeaders.${name} is not a list`);
      for (const v of values) add(name, headerValue(v, name));
    }
  }
  if (output.headers !== undefined && output.headers !== null) {
    if (!isPlainObject(output.headers)) throw new MalformedProxyResponse("headers is not an object");
    for (const [name, value] of Object.entries(output.headers)) add(name, headerValue(value, name));
  }
  const headers: Array<[string, string]> = [...merged.values()].map((e) => [e.name, e.values.join(",")]);
  if (!merged.has("content-type")) headers.push(["Content-Type", "application/json"]);

  let body = Buffer.alloc(0);
  if (output.body !== undefined && output.body !== null) {
    if (typeof output.body !== "string") throw new MalformedProxyResponse("body is not a string");
    const firstAccept = options.accept?.split(",")[0]?.split(";")[0]?.trim().toLowerCase();
    const decode =
      output.isBase64Encoded === true &&
      !!firstAccept &&
      !firstAccept.includes("*") &&
      options.binaryMediaTypes.some((t) => t.toLowerCase() === firstAccept || (t.endsWith("/*") && firstAccept.startsWith(t.slice(0, -1).toLowerCase())));
    body = decode ? Buffer.from(output.body, "base64") : Buffer.from(output.body, "utf8");
  }
  return { statusCode, headers, body };
}

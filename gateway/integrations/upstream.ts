import { Agent, errors as undiciErrors, request } from "undici";
import { GatewayError } from "../errors";

/**
 * Calling an HTTP backend for HTTP and HTTP_PROXY integrations: one pooled
 * keep-alive undici Agent, AWS's error mapping, and header hygiene.
 */

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus those undici computes itself or refuses. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);
const SET_BY_CLIENT = new Set(["host", "content-length", "expect"]);

/** The header names a `Connection` header lists, lowercased: they are hop-by-hop for this message. */
export function connectionNamed(pairs: Array<[string, string]>): Set<string> {
  const named = new Set<string>();
  for (const [name, value] of pairs) {
    if (name.toLowerCase() !== "connection") continue;
    for (const token of value.split(",")) if (token.trim()) named.add(token.trim().toLowerCase());
  }
  return named;
}

/** The client's headers that may travel on to a backend: no hop-by-hop, no Connection-named, no Host/Content-Length/Expect. */
export function forwardableRequestHeaders(pairs: Array<[string, string]>): Array<[string, string]> {
  const named = connectionNamed(pairs);
  return pairs.filter(([n]) => {
    const name = n.toLowerCase();
    return !HOP_BY_HOP.has(name) && !SET_BY_CLIENT.has(name) && !named.has(name);
  });
}

/** Backend response headers API Gateway hands back as `x-amzn-Remapped-<name>` for HTTP_PROXY (reference §6). */
const REMAPPED = new Map(["connection", "content-length", "date", "server", "x-amzn-requestid"].map((n) => [n, n]));

/** A backend's response headers as an HTTP_PROXY answer carries them. */
export function proxyResponseHeaders(pairs: Array<[string, string]>): Array<[string, string]> {
  const named = connectionNamed(pairs);
  const out: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (REMAPPED.has(lower)) out.push([`x-amzn-Remapped-${name}`, value]);
    else if (!HOP_BY_HOP.has(lower) && !named.has(lower)) out.push([name, value]);
  }
  return out;
}

/** Replaces every header of that name (case-insensitively) with one value. */
export function setHeader(headers: Array<[string, string]>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i][0].toLowerCase() === lower) headers.splice(i, 1);
  headers.push([name, value]);
}

export const hasHeader = (headers: Array<[string, string]>, name: string) => headers.some(([n]) => n.toLowerCase() === name.toLowerCase());

/** `{name}` from path parameters, then `${stageVariables.name}` (missing ones become empty), as AWS renders URIs. */
export function expandUri(uri: string, params: Record<string, string>, variables: Record<string, string>): string {
  // Values are path text already (path parameters are not decoded); only characters a URL path cannot hold are escaped.
  const escape = (value: string) => value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@%/]/g, (c) => encodeURIComponent(c));
  return uri
    .replace(/(?<!\$)\{([^{}+]+)\+?\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? escape(params[name]) : whole))
    .replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => variables[name] ?? "");
}

/** Methods whose body is not sent on (as AWS and LocalStack do). */
export const NO_BODY_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: Array<[string, string]>;
  body: Buffer | null;
  timeoutMs: number;
}

export interface UpstreamAnswer {
  statusCode: number;
  /** Names with the backend's casing. */
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Parses an expanded integration URI; one that is not a valid http(s) URL is AWS's "Invalid endpoint address" (500). */
export function endpointUrl(expanded: string): URL {
  try {
    const url = new URL(expanded);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // fall through
  }
  throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `Execution failed due to configuration error: Invalid endpoint address ${expanded}` });
}

/**
 * Calls the backend through the pooled agent. A timeout (headers, body or the
 * whole call) is 504 "Endpoint request timed out"; any other network failure
 * is INTEGRATION_FAILURE (504).
 */
export async function callUpstream(agent: Agent, call: UpstreamCall): Promise<UpstreamAnswer> {
  try {
    const upstream = await request(call.url, {
      dispatcher: agent,
      method: call.method as "GET",
      headers: call.headers.flat(),
      body: call.body && !NO_BODY_METHODS.has(call.method) ? call.body : undefined,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
      signal: AbortSignal.timeout(call.timeoutMs),
      responseHeaders: "raw",
    });
    const body = Buffer.from(await upstream.body.arrayBuffer());
    const raw = upstream.headers as unknown as Buffer[];
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i].toString("latin1"), raw[i + 1].toString("latin1")]);
    return { statusCode: upstream.statusCode, headers, body };
  } catch (err) {
    const e = err as Error & { code?: string };
    const timedOut =
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      e.name === "TimeoutError" ||
      e.code === "UND_ERR_CONNECT_TIMEOUT";
    if (timedOut) throw new GatewayError("INTEGRATION_TIMEOUT", { logMessage: `upstream ${call.url.origin} timed out` });
    throw new GatewayError("INTEGRATION_FAILURE", { logMessage: `upstream ${call.url.origin} failed: ${e.code ?? e.message}` });
  }
}

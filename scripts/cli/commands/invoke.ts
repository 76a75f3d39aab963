import fs from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { bool, multi, positionals, str, UsageError } from "../args";
import type { CommandTable } from "../command";
import { signRequest } from "../../../lib/aws/sigv4";

export interface PreparedRequest {
  method: string;
  url: URL;
  /** Where the connection goes: 127.0.0.1 for a *.localhost host. */
  connectHost: string;
  headers: Array<[string, string]>;
  body?: string;
}

export interface InvokeOptions {
  data?: string;
  headers: string[];
  apiKey?: string;
  bearer?: string;
  sigv4?: string;
  region?: string;
}

/** Builds the request: headers, auth, and the *.localhost → 127.0.0.1 rule. */
export function prepareRequest(method: string, rawUrl: string, options: InvokeOptions, now = new Date()): PreparedRequest {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(rawUrl) ? rawUrl : `http://${rawUrl}`);
  } catch {
    throw new UsageError(`Not a URL: ${rawUrl}`);
  }
  const verb = method.toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(verb)) throw new UsageError(`Not an HTTP method: ${method}`);
  const headers: Array<[string, string]> = [];
  for (const h of options.headers) {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new UsageError(`--header is "Name: value", not "${h}"`);
    headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
  }
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  if (options.data !== undefined && !has("content-type")) headers.push(["Content-Type", options.data.trimStart().startsWith("{") || options.data.trimStart().startsWith("[") ? "application/json" : "text/plain"]);
  if (options.apiKey) headers.push(["x-api-key", options.apiKey]);
  if (options.bearer) headers.push(["Authorization", `Bearer ${options.bearer}`]);
  if (!has("host")) headers.push(["Host", url.host]);
  let signed = headers;
  if (options.sigv4) {
    const colon = options.sigv4.indexOf(":");
    if (colon <= 0) throw new UsageError("--sigv4 is ACCESS_KEY_ID:SECRET_ACCESS_KEY");
    signed = signRequest(
      { method: verb, url, headers, body: options.data },
      { accessKeyId: options.sigv4.slice(0, colon), secretAccessKey: options.sigv4.slice(colon + 1) },
      { region: options.region ?? process.env.AWS_REGION ?? "us-east-1", service: "execute-api", date: now },
    ).headers;
  }
  const hostname = url.hostname.toLowerCase();
  const connectHost = hostname === "localhost" || hostname.endsWith(".localhost") ? "127.0.0.1" : url.hostname;
  return { method: verb, url, connectHost, headers: signed, body: options.data };
}

export interface InvokeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function send(req: PreparedRequest, timeoutMs = 60_000): Promise<InvokeResponse> {
  const lib = req.url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  return new Promise((resolve, reject) => {
    const r = lib.request(
      {
        host: req.connectHost,
        port: req.url.port || (req.url.protocol === "https:" ? 443 : 80),
        method: req.method,
        path: `${req.url.pathname}${req.url.search}`,
        headers,
        servername: req.url.hostname,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    r.on("timeout", () => r.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)));
    r.on("error", reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

export const invokeCommands: CommandTable = {
  invoke: {
    usage: "invoke METHOD URL [--data D|@file] [--header 'N: V']… [--api-key K] [--bearer T] [--sigv4 ACCESS_KEY:SECRET] [--region R] [-i]",
    summary: "Calls a deployed API; a *.localhost host goes to 127.0.0.1. Prints the body (-i: status and headers too); exit 1 on status ≥ 400.",
    options: {
      data: { kind: "string", short: "d" },
      header: { kind: "multi", short: "H" },
      "api-key": { kind: "string" },
      bearer: { kind: "string" },
      sigv4: { kind: "string" },
      region: { kind: "string" },
      include: { kind: "boolean", short: "i" },
    },
    async run({ args, out }) {
      const [method, url] = positionals(args, ["method", "url"]);
      let data = str(args, "data");
      if (data?.startsWith("@")) data = await fs.readFile(data.slice(1), "utf8").catch(() => {
        throw new UsageError(`Cannot read ${data!.slice(1)}`);
      });
      const prepared = prepareRequest(method, url, {
        data,
        headers: multi(args, "header"),
        apiKey: str(args, "api-key"),
        bearer: str(args, "bearer"),
        sigv4: str(args, "sigv4"),
        region: str(args, "region"),
      });
      const res = await send(prepared);
      if (out.json) out.out(JSON.stringify(res, null, 2));
      else {
        if (bool(args, "include")) {
          process.stdout.write(`HTTP ${res.status}\n`);
          for (const [k, v] of Object.entries(res.headers)) process.stdout.write(`${k}: ${Array.isArray(v) ? v.join(", ") : v}\n`);
          process.stdout.write("\n");
        }
        process.stdout.write(res.body.endsWith("\n") || res.body === "" ? res.body : `${res.body}\n`);
      }
      return res.status >= 400 ? 1 : 0;
    },
  },
};

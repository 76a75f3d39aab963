import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./args";

/** Where `gatehouse login` keeps `{url, token}`: GATEHOUSE_CONFIG_DIR, else ~/.config/gatehouse. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_CONFIG_DIR) return env.GATEHOUSE_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "gatehouse");
}

export interface Credentials {
  url: string;
  token: string;
}

export async function readCredentials(env: NodeJS.ProcessEnv = process.env): Promise<Credentials | null> {
  try {
    const raw = JSON.parse(await fs.readFile(path.join(configDir(env), "credentials.json"), "utf8")) as Partial<Credentials>;
    return typeof raw.url === "string" && typeof raw.token === "string" ? { url: raw.url, token: raw.token } : null;
  } catch {
    return null;
  }
}

export async function writeCredentials(credentials: Credentials, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = configDir(env);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "credentials.json");
  await fs.writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  return file;
}

export function normalizeUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, "");
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    new URL(withScheme);
  } catch {
    throw new UsageError(`Not a URL: ${url}`);
  }
  return withScheme;
}

export interface Problem {
  field: string;
  message: string;
}

/** A management API error: status, message and the field problems it listed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A raw text body (sent as is) with this content type. */
  rawBody?: { text: string; contentType: string };
  query?: Record<string, string | undefined>;
  /** Return the text instead of parsing JSON. */
  text?: boolean;
  signal?: AbortSignal;
}

/** The management API at `url` with a personal access token. */
export class Client {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  endpoint(pathname: string, query?: Record<string, string | undefined>): string {
    const u = new URL(`${this.url}/api/v1${pathname}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  async raw(method: string, pathname: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: "application/json" };
    let body: string | undefined;
    if (options.rawBody) {
      headers["content-type"] = options.rawBody.contentType;
      body = options.rawBody.text;
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let res: Response;
    try {
      res = await fetch(this.endpoint(pathname, options.query), { method, headers, body, signal: options.signal });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(0, `Cannot reach Gatehouse at ${this.url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    if (!res.ok) throw await toApiError(res);
    return res;
  }

  async request<T = unknown>(method: string, pathname: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, pathname, options);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (options.text) return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get = <T = unknown>(p: string, query?: Record<string, string | undefined>) => this.request<T>("GET", p, { query });
  post = <T = unknown>(p: string, body?: unknown) => this.request<T>("POST", p, { body: body ?? {} });
  patch = <T = unknown>(p: string, body: unknown) => this.request<T>("PATCH", p, { body });
  delete = (p: string) => this.request<void>("DELETE", p);
}

export async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let message = `${res.status} ${res.statusText}`.trim();
  let problems: Problem[] = [];
  let code: string | undefined;
  try {
    const body = JSON.parse(text) as { message?: string; problems?: Problem[]; code?: string };
    if (body.message) message = body.message;
    if (Array.isArray(body.problems)) problems = body.problems;
    code = body.code;
  } catch {
    if (text.trim()) message = `${message}: ${text.trim().slice(0, 300)}`;
  }
  if (res.status === 401) message = `${message} Run \`gatehouse login\` (or set GATEHOUSE_URL and GATEHOUSE_TOKEN).`;
  return new ApiError(res.status, message, problems, code);
}

/** GATEHOUSE_URL + GATEHOUSE_TOKEN, else --url/--token, else the stored login. */
export async function clientFrom(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): Promise<Client> {
  const stored = await readCredentials(env);
  const url = flags.url ?? env.GATEHOUSE_URL ?? stored?.url;
  const token = flags.token ?? env.GATEHOUSE_TOKEN ?? stored?.token;
  if (!url || !token) throw new UsageError("Not logged in: run `gatehouse login`, or set GATEHOUSE_URL and GATEHOUSE_TOKEN.");
  return new Client(normalizeUrl(url), token);
}

export interface RestApiRef {
  id: string;
  name: string;
  description?: string;
}

/** An API by id or by its unique name. */
export async function resolveApi(client: Client, idOrName: string): Promise<RestApiRef> {
  const { items } = await client.get<{ items: RestApiRef[] }>("/restapis");
  const byId = items.find((a) => a.id === idOrName);
  if (byId) return byId;
  const byName = items.filter((a) => a.name === idOrName);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw new ApiError(1, `Several APIs are named "${idOrName}" (${byName.map((a) => a.id).join(", ")}): use the id.`);
  throw new ApiError(404, `No API with id or name "${idOrName}".`);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- responses default to `any` so tests can read bodies loosely */
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../lib/db";
import { createStack, type Stack } from "../helpers/stack";

/**
 * Calls the real route handlers of app/api/v1 with `Request` objects, routed
 * like Next.js does from the folder names, against a fresh test database.
 * No server and no mocks: the handlers, services and PostgreSQL are the real ones.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
export const API_DIR = path.join(ROOT, "app/api/v1");

interface RouteFile {
  file: string;
  /** Segments under /api/v1, "[param]" for dynamic ones. */
  segments: string[];
}

/** Every app/api/v1/**\/route.ts, as path segments. */
export function routeFiles(): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (entry.name === "route.ts") out.push({ file: path.join(dir, entry.name), segments });
    }
  };
  walk(API_DIR, []);
  return out;
}

/** "/restapis/{restApiId}" style template of a route file. */
export const templateOf = (r: RouteFile) => `/${r.segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;

function match(routes: RouteFile[], urlPath: string): { route: RouteFile; params: Record<string, string> } | null {
  const parts = urlPath.split("/").filter(Boolean).map(decodeURIComponent);
  const candidates = routes
    .filter((r) => r.segments.length === parts.length)
    .map((route) => {
      const params: Record<string, string> = {};
      let statics = 0;
      for (const [i, seg] of route.segments.entries()) {
        const dynamic = /^\[(.+)\]$/.exec(seg);
        if (dynamic) params[dynamic[1]] = parts[i];
        else if (seg === parts[i]) statics++;
        else return null;
      }
      return { route, params, statics };
    })
    .filter((c) => c !== null)
    .sort((a, b) => b.statics - a.statics);
  return candidates[0] ?? null;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (for malformed JSON). */
  rawBody?: string;
  /** A gh_ secret; null sends no Authorization header. Default: the client's token. */
  token?: string | null;
  headers?: Record<string, string>;
}

export class ManagementClient {
  constructor(private readonly token: string | null) {}
  private static routes = routeFiles();

  as(token: string | null): ManagementClient {
    return new ManagementClient(token);
  }

  async call<T = any>(method: string, urlPath: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(`http://console.test/api/v1${urlPath}`);
    const found = match(ManagementClient.routes, url.pathname.replace(/^\/api\/v1/, ""));
    if (!found) throw new Error(`no route file for ${urlPath}`);
    const mod = (await import(/* @vite-ignore */ found.route.file)) as Record<string, unknown>;
    const handler = mod[method] as ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) | undefined;
    if (!handler) return { status: 405, headers: new Headers(), body: null as T };
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const res = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(found.params) });
    // A server-sent event stream never ends: report its status and headers, then hang up as a client would.
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
      await res.body?.cancel();
      return { status: res.status, headers: res.headers, body: undefined as T } as ApiResponse<T>;
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  }

  get = <T = any>(p: string, o?: CallOptions) => this.call<T>("GET", p, o);
  post = <T = any>(p: string, body?: unknown, o?: CallOptions) => this.call<T>("POST", p, { ...o, body });
  put = <T = any>(p: string, body?: unknown, o?: CallOptions) => this.call<T>("PUT", p, { ...o, body });
  patch = <T = any>(p: string, body?: unknown, o?: CallOptions) => this.call<T>("PATCH", p, { ...o, body });
  delete = <T = any>(p: string, o?: CallOptions) => this.call<T>("DELETE", p, o);
}

export type Role = "admin" | "owner" | "tester" | "viewer";

/** A user with `role` and a personal access token of theirs, written straight to the database. */
export async function userWithToken(db: Db, role: Role, email = `${role}-${randomBytes(3).toString("hex")}@test.local`) {
  const user = await db.user.create({ data: { email, name: role, role, passwordHash: "x" } });
  const secret = `gh_${randomBytes(24).toString("base64url")}`;
  const token = await db.personalAccessToken.create({
    data: { name: `${role} token`, userId: user.id, role, tokenHash: createHash("sha256").update(secret).digest("hex"), prefix: secret.slice(0, 9) },
  });
  return { user, secret, tokenId: token.id, api: new ManagementClient(secret) };
}

export interface ManagementSetup {
  stack: Stack;
  admin: Awaited<ReturnType<typeof userWithToken>>;
  api: ManagementClient;
  close(): Promise<void>;
}

const globalForPrisma = globalThis as unknown as { gatehousePrisma?: Db };

/** A fresh database that the route handlers' prisma() uses, and an admin with a token. */
export async function setupManagement(serverUrl: string): Promise<ManagementSetup> {
  const stack = await createStack(serverUrl);
  await globalForPrisma.gatehousePrisma?.$disconnect();
  globalForPrisma.gatehousePrisma = undefined;
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = stack.db.url;
  const admin = await userWithToken(stack.prisma, "admin", "admin@test.local");
  return {
    stack,
    admin,
    api: admin.api,
    async close() {
      await globalForPrisma.gatehousePrisma?.$disconnect();
      globalForPrisma.gatehousePrisma = undefined;
      if (previousUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previousUrl;
      await stack.close();
    },
  };
}

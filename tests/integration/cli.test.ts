import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "../../lib/server/passwords";
import { routeFiles, setupManagement, type ManagementSetup } from "./management-harness";

/**
 * The `gatehouse` binary (bin/gatehouse.mjs) as a person at a terminal and a CI job run it, against the
 * management API served over real HTTP by its real route handlers (routed from app/api/v1's folders, as
 * the harness does) on a throwaway database:
 * - interactive prompts through a pseudo-terminal (util-linux `script`): `login` asking for the URL, a
 *   token or email and password (not echoed), and `apply --prune`'s questions;
 * - the same commands without a terminal, where nothing is asked;
 * - `apply` deletions: only with --prune, only what the file's scope holds.
 */

const BIN = path.resolve(import.meta.dirname, "../../bin/gatehouse.mjs");
const SECRET_KEY = "cli-test-secret-key-0123456789abcdef0123456789";
const PASSWORD = "correct horse battery staple";
const EMAIL = "cli-person@test.local";
const previousKey = process.env.GATEHOUSE_SECRET_KEY;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let setup: ManagementSetup;
let server: http.Server;
let url = "";
let work = "";
let env: NodeJS.ProcessEnv;

/** Serves /api/v1/** with the route handlers, like `next start` does. */
function routeServer(): http.Server {
  const routes = routeFiles();
  const find = (pathname: string) => {
    const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    let best: { file: string; params: Record<string, string>; statics: number } | null = null;
    for (const r of routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let statics = 0;
      let ok = true;
      for (const [i, seg] of r.segments.entries()) {
        const dynamic = /^\[(.+)\]$/.exec(seg);
        if (dynamic) params[dynamic[1]] = parts[i];
        else if (seg === parts[i]) statics++;
        else ok = false;
      }
      if (ok && (!best || statics > best.statics)) best = { file: r.file, params, statics };
    }
    return best;
  };
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const target = new URL(req.url ?? "/", url);
        const found = target.pathname.startsWith("/api/v1/") ? find(target.pathname.slice("/api/v1".length)) : null;
        const mod = found ? ((await import(/* @vite-ignore */ found.file)) as Record<string, unknown>) : {};
        const handler = mod[req.method ?? "GET"] as ((r: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) | undefined;
        if (!found || !handler) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not found" }));
          return;
        }
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const answer = await handler(new Request(target, { method: req.method, headers, body }), { params: Promise.resolve(found.params) });
        res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
        res.end(Buffer.from(await answer.arrayBuffer()));
      })().catch((err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
      });
    });
  });
}

/** The binary without a terminal: stdin is a pipe (`input` is written to it, then closed). */
function cli(args: string[], input = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

async function ok(args: string[]): Promise<Run> {
  const run = await cli(args);
  if (run.code !== 0) throw new Error(`gatehouse ${args.join(" ")} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  return run;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");

/**
 * The binary on a pseudo-terminal (`script` gives it one for stdin, stdout and stderr), answering
 * each prompt once it appears, in order. Resolves with the exit code and everything the terminal
 * showed (escape sequences removed); an answer never typed (its prompt never shown) fails the test.
 */
function terminal(args: string[], answers: Array<[prompt: string, answer: string]>): Promise<{ code: number | null; screen: string; unanswered: string[] }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map(shellQuote).join(" ");
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd: work, env, stdio: ["pipe", "pipe", "pipe"] });
    let raw = "";
    let from = 0;
    let next = 0;
    const onData = (d: Buffer) => {
      raw += d.toString();
      const screen = plain(raw);
      while (next < answers.length) {
        const at = screen.indexOf(answers[next][0], from);
        if (at < 0) break;
        from = at + answers[next][0].length;
        child.stdin.write(`${answers[next][1]}\r`);
        next++;
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen: plain(raw), unanswered: answers.slice(next).map(([p]) => p) });
    });
  });
}

const readCredentials = async () => JSON.parse(await fs.readFile(path.join(work, "config", "credentials.json"), "utf8")) as { url: string; token: string };

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  await setup.stack.prisma.user.create({ data: { email: EMAIL, name: "CLI person", role: "admin", passwordHash: await hashPassword(PASSWORD) } });
  server = routeServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-cli-it-"));
  env = { ...process.env, GATEHOUSE_CONFIG_DIR: path.join(work, "config"), NO_COLOR: "1" };
  delete env.GATEHOUSE_URL;
  delete env.GATEHOUSE_TOKEN;
  delete env.GATEHOUSE_PASSWORD;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await setup?.close();
  if (work) await fs.rm(work, { recursive: true, force: true });
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

describe("gatehouse login at a terminal", { timeout: 180_000 }, () => {
  it("asks for the URL, then email and password (not echoed), and stores a token that works", async () => {
    const run = await terminal(
      ["login"],
      [
        ["Console URL [http://localhost:3000]: ", url],
        ["Personal access token (empty: sign in with email and password): ", ""],
        ["Email: ", EMAIL],
        ["Password: ", PASSWORD],
      ],
    );
    expect(run.unanswered).toEqual([]);
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain(`Logged in to ${url} as ${EMAIL} (admin). A personal access token for this machine was created.`);
    expect(run.screen).not.toContain(PASSWORD);
    const stored = await readCredentials();
    expect(stored.url).toBe(url);
    expect(stored.token).toMatch(/^gh_/);
    const tokens = await setup.stack.prisma.personalAccessToken.findMany({ where: { user: { email: EMAIL } } });
    expect(tokens.map((t) => t.name)).toEqual([`gatehouse CLI on ${os.hostname()}`]);
    // Later commands use the stored login.
    expect(JSON.parse((await ok(["apis", "list", "--json"])).stdout)).toEqual({ items: [] });
  });

  it("takes a token typed at the prompt (not echoed) when the URL is given", async () => {
    const run = await terminal(["login", url], [["Personal access token (empty: sign in with email and password): ", setup.admin.secret]]);
    expect(run.unanswered).toEqual([]);
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain(`Logged in to ${url} as admin@test.local (admin).`);
    expect(run.screen).not.toContain(setup.admin.secret);
    expect((await readCredentials()).token).toBe(setup.admin.secret);
  });

  it("says so when the password typed is wrong, and stores nothing new", async () => {
    const before = await readCredentials();
    const run = await terminal(["login", url, "--email", EMAIL], [["Password: ", "not the password"]]);
    expect(run.unanswered).toEqual([]);
    expect(run.code).toBe(1);
    expect(run.screen).toContain("Wrong email or password");
    expect(await readCredentials()).toEqual(before);
  });

  it("never asks without a terminal: piped input is not read, and the missing value is a usage error", async () => {
    const noPassword = await cli(["login", url, "--email", EMAIL], `${PASSWORD}\n`);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain("--password is required when not interactive");
    const noUrl = await cli(["login"], `${url}\n`);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("Give the console URL");
    const piped = await cli(["login", url, "--email", EMAIL, "--password", PASSWORD, "--json"]);
    expect(piped.code, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({ email: EMAIL, tokenCreated: true });
  });
});

const SHOP = `openapi: 3.0.1
info:
  title: shop
  description: The shop
  version: "1"
paths:
  /items:
    get:
      summary: List items
      responses:
        "200":
          description: ok
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: "200"
`;

const HELLO = `export const handler = async () => ({ statusCode: 200, body: "hello" });\n`;

interface FileShape {
  functions?: boolean;
  api?: boolean;
  beta?: boolean;
  keys: string[];
  plan?: string[];
}

function gatehouseYaml(shape: FileShape): string {
  const lines: string[] = [];
  if (shape.functions) lines.push("functions:", "  - name: cli-hello", "    file: ./hello.js");
  if (shape.api) {
    lines.push("apis:", "  - name: shop", "    openapi: ./shop.yaml", "    stages:", "      - name: prod");
    if (shape.beta) lines.push("      - name: beta");
  }
  lines.push("apiKeys:", ...shape.keys.map((k) => `  - name: ${k}`));
  if (shape.plan) lines.push("usagePlans:", "  - name: basic", "    apiStages:", "      - { api: shop, stage: prod }", `    keys: [${shape.plan.join(", ")}]`);
  return `${lines.join("\n")}\n`;
}

describe("gatehouse apply deletions", { timeout: 180_000 }, () => {
  const names = async () => {
    const db = setup.stack.prisma;
    return {
      functions: (await db.function.findMany({ orderBy: { name: "asc" } })).map((f) => f.name),
      apis: (await db.restApi.findMany({ orderBy: { name: "asc" } })).map((a) => a.name),
      stages: (await db.stage.findMany({ orderBy: { name: "asc" }, include: { restApi: true } })).map((s) => `${s.restApi.name}/${s.name}`),
      keys: (await db.apiKey.findMany({ orderBy: { name: "asc" } })).map((k) => k.name),
      plans: (await db.usagePlan.findMany({ orderBy: { name: "asc" } })).map((p) => p.name),
      planKeys: (await db.usagePlanKey.findMany({ include: { apiKey: true, usagePlan: true } })).map((k) => `${k.usagePlan.name}/${k.apiKey.name}`).sort(),
    };
  };

  beforeAll(async () => {
    await ok(["login", url, "--token", setup.admin.secret]);
    await fs.writeFile(path.join(work, "shop.yaml"), SHOP);
    await fs.writeFile(path.join(work, "hello.js"), HELLO);
    // Objects the file never managed: made by hand before the first apply.
    await ok(["keys", "create", "hand-made"]);
    await fs.writeFile(path.join(work, "other.yaml"), SHOP.replace("title: shop", "title: other"));
    await ok(["apis", "import", "other.yaml"]);
    await ok(["deploy", "other", "--stage", "live"]);
  });

  it("creates and marks what the file lists; a second apply changes nothing", async () => {
    await fs.writeFile(path.join(work, "gatehouse.yaml"), gatehouseYaml({ functions: true, api: true, beta: true, keys: ["k1", "k2"], plan: ["k1", "k2"] }));
    const first = await ok(["apply", "--yes"]);
    expect(first.stdout).toContain("Plan: 7 to create, 0 to change, 0 to deploy, 0 to delete.");
    expect(await names()).toEqual({
      functions: ["cli-hello"],
      apis: ["other", "shop"],
      stages: ["shop/beta", "other/live", "shop/prod"],
      keys: ["hand-made", "k1", "k2"],
      plans: ["basic"],
      planKeys: ["basic/k1", "basic/k2"],
    });
    const shop = await setup.stack.prisma.restApi.findFirstOrThrow({ where: { name: "shop" } });
    expect(shop.description).toBe("The shop [managed by gatehouse apply]");
    const method = await setup.stack.prisma.method.findFirstOrThrow({ where: { resource: { restApiId: shop.id, path: "/items" } } });
    expect(method.summary).toBe("List items");
    expect((await setup.stack.prisma.apiKey.findFirstOrThrow({ where: { name: "hand-made" } })).description).toBe("");
    // `functions deploy` without --description keeps the description, mark included.
    expect((await ok(["functions", "deploy", "cli-hello", "--file", "hello.js"])).stdout).toContain("Function cli-hello is up to date.");
    expect((await setup.stack.prisma.function.findUniqueOrThrow({ where: { name: "cli-hello" } })).description).toBe("[managed by gatehouse apply]");
    expect((await ok(["apply", "--yes"])).stdout).toContain("No changes");
    expect((await cli(["diff"])).code).toBe(0);

    // An operation's summary is kept, so changing it is drift; apply re-imports, redeploys and keeps the mark.
    await fs.writeFile(path.join(work, "shop.yaml"), SHOP.replace("summary: List items", "summary: Every item"));
    const drift = await cli(["diff"]);
    expect(drift.code).toBe(3);
    expect(drift.stdout).toContain("differs at /paths/~1items/get/summary");
    expect((await ok(["apply", "--yes"])).stdout).toContain("deployed shop/prod");
    const again = await setup.stack.prisma.restApi.findFirstOrThrow({ where: { name: "shop" }, include: { resources: { include: { methods: true } } } });
    expect(again.description).toBe("The shop [managed by gatehouse apply]");
    expect(again.resources.flatMap((r) => r.methods.map((m) => m.summary))).toEqual(["Every item"]);
    expect((await cli(["diff"])).code).toBe(0);
    await fs.writeFile(path.join(work, "shop.yaml"), SHOP);
    await ok(["apply", "--yes"]);
  });

  it("lists what the file dropped as deletions: diff exits 3, apply without --prune keeps them", async () => {
    await fs.writeFile(path.join(work, "gatehouse.yaml"), gatehouseYaml({ api: true, keys: ["k1"], plan: ["k1"] }));
    const before = await names();
    const diff = await cli(["diff"]);
    expect(diff.code).toBe(3);
    expect(diff.stdout).toContain("Plan: 0 to create, 0 to change, 0 to deploy, 4 to delete.");
    for (const line of ["- delete stage shop/beta", "- delete usagePlanKey basic/k2", "- delete apiKey k2", "- delete function cli-hello"]) expect(diff.stdout).toContain(line);
    expect(diff.stdout).not.toContain("hand-made");
    expect(diff.stdout).not.toContain("other");

    const kept = await ok(["apply", "--yes"]);
    expect(kept.stdout).toContain("- would delete (use --prune): apiKey k2");
    expect(kept.stdout).toContain("4 to delete with --prune");
    expect(await names()).toEqual(before);

    const ci = await cli(["apply", "--prune"]);
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain("Not a terminal: add --yes");
    expect(await names()).toEqual(before);
  });

  it("asks before deleting at a terminal: no keeps everything, yes deletes only the file's objects", async () => {
    const before = await names();
    const no = await terminal(["apply", "--prune"], [["Delete 4 resources? [y/N] ", "n"]]);
    expect(no.unanswered).toEqual([]);
    expect(no.code).toBe(1);
    expect(no.screen).not.toContain("Apply these changes?");
    expect(no.screen).toContain("Nothing deleted.");
    expect(await names()).toEqual(before);

    const yes = await terminal(["apply", "--prune"], [["Delete 4 resources? [y/N] ", "y"]]);
    expect(yes.unanswered).toEqual([]);
    expect(yes.code, yes.screen).toBe(0);
    expect(yes.screen).toContain("deleted function cli-hello");
    expect(await names()).toEqual({
      functions: [],
      apis: ["other", "shop"],
      stages: ["other/live", "shop/prod"],
      keys: ["hand-made", "k1"],
      plans: ["basic"],
      planKeys: ["basic/k1"],
    });
    expect((await cli(["diff"])).code).toBe(0);
  });

  it("asks about changes and deletions separately; --prune --yes deletes without asking", async () => {
    await fs.writeFile(path.join(work, "gatehouse.yaml"), gatehouseYaml({ keys: ["k1", "k3"] }));
    const run = await terminal(
      ["apply", "--prune"],
      [
        ["Apply these changes? [y/N] ", "y"],
        ["Delete 2 resources? [y/N] ", "no"],
      ],
    );
    expect(run.unanswered).toEqual([]);
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain("- delete usagePlan basic");
    expect(run.screen).toContain("- delete api shop");
    expect(run.screen).toContain("Deleting nothing; applying the other changes.");
    expect(run.screen).toContain("Not deleted: 2 (use --prune)");
    let now = await names();
    expect(now.keys).toEqual(["hand-made", "k1", "k3"]);
    expect(now.apis).toEqual(["other", "shop"]);
    expect(now.plans).toEqual(["basic"]);

    const pruned = JSON.parse((await ok(["apply", "--prune", "--yes", "--json"])).stdout) as { applied: string[] };
    expect(pruned.applied).toEqual(["deleted usagePlan basic", "deleted api shop"]);
    now = await names();
    expect(now).toEqual({ functions: [], apis: ["other"], stages: ["other/live"], keys: ["hand-made", "k1", "k3"], plans: [], planKeys: [] });
    expect((await cli(["diff"])).code).toBe(0);
  });

  it("leaves another project's objects alone", async () => {
    await fs.writeFile(path.join(work, "team.yaml"), "project: team\napiKeys:\n  - name: team-key\n");
    await ok(["apply", "-f", "team.yaml", "--yes"]);
    expect((await setup.stack.prisma.apiKey.findFirstOrThrow({ where: { name: "team-key" } })).description).toBe("[managed by gatehouse apply: team]");
    // The default project's file does not name team-key, and does not delete it; the team's file does not delete k1 or k3.
    expect((await cli(["diff"])).code).toBe(0);
    expect((await cli(["diff", "-f", "team.yaml"])).code).toBe(0);
    await fs.writeFile(path.join(work, "team.yaml"), "project: team\napiKeys: []\n");
    await ok(["apply", "-f", "team.yaml", "--prune", "--yes"]);
    expect((await names()).keys).toEqual(["hand-made", "k1", "k3"]);
  });
});

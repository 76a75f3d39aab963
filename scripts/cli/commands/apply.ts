import fs from "node:fs/promises";
import path from "node:path";
import { bool, positionals, str, UsageError } from "../args";
import { ApiError, type Client } from "../client";
import type { CommandTable, Context } from "../command";
import { loadConfig, parseDocument, type Config } from "../config";
import { deployFunction, functionBody, getFunctionOrNull, type FunctionBody } from "../functions-spec";
import { emit, type Output } from "../output";
import { computePlan, formatPlan, type Desired, type LiveStage, type LiveState, type PlanItem } from "../plan";
import { confirm, interactive } from "../prompt";
import { documentContentType, importDocument, printWarnings } from "./apis";
import { deployStage } from "./deploy";

interface Loaded {
  desired: Desired;
  texts: Record<string, { text: string; contentType: string }>;
}

async function loadDesired(file: string): Promise<Loaded> {
  const { config, baseDir } = await loadConfig(file);
  const functionBodies: Record<string, FunctionBody> = {};
  for (const fn of config.functions) functionBodies[fn.name] = await functionBody(fn, baseDir);
  const documents: Record<string, unknown> = {};
  const texts: Loaded["texts"] = {};
  for (const api of config.apis) {
    const docPath = path.resolve(baseDir, api.openapi);
    const text = await fs.readFile(docPath, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read ${api.openapi} (API ${api.name}): ${err.code ?? err.message}`);
    });
    documents[api.name] = parseDocument(text, api.openapi);
    texts[api.name] = { text, contentType: documentContentType(docPath, text) };
  }
  return { desired: { config, functionBodies, documents }, texts };
}

export async function readLive(client: Client, config: Config, out: Output): Promise<LiveState> {
  out.progress("Reading live state");
  const live: LiveState = { functions: {}, apis: [], exports: {}, stages: {}, apiKeys: [], usagePlans: [], planKeys: {} };
  for (const fn of config.functions) live.functions[fn.name] = await getFunctionOrNull(client, fn.name);
  live.apis = (await client.get<{ items: Array<{ id: string; name: string }> }>("/restapis")).items;
  for (const api of config.apis) {
    const match = live.apis.filter((a) => a.name === api.name);
    if (match.length !== 1) continue;
    const id = match[0].id;
    const text = await client.request<string>("GET", `/restapis/${id}/export`, { query: { format: "json", extensions: "true" }, text: true });
    live.exports[id] = JSON.parse(text);
    live.stages[id] = (await client.get<{ items: LiveStage[] }>(`/restapis/${id}/stages`)).items;
  }
  if (config.apiKeys.length > 0 || config.usagePlans.length > 0) live.apiKeys = (await client.get<{ items: LiveState["apiKeys"] }>("/apikeys")).items;
  if (config.usagePlans.length > 0) {
    live.usagePlans = (await client.get<{ items: LiveState["usagePlans"] }>("/usageplans")).items;
    for (const p of live.usagePlans) {
      if (config.usagePlans.some((c) => c.name === p.name)) live.planKeys[p.id] = (await client.get<{ items: Array<{ id: string; name: string }> }>(`/usageplans/${p.id}/keys`)).items;
    }
  }
  return live;
}

async function execute(client: Client, loaded: Loaded, live: LiveState, plan: PlanItem[], out: Output): Promise<string[]> {
  const { config, functionBodies } = loaded.desired;
  const done: string[] = [];
  const has = (kind: PlanItem["kind"], name: string, action?: PlanItem["action"]) => plan.some((p) => p.kind === kind && p.name === name && (!action || p.action === action));
  for (const fn of config.functions) {
    if (!has("function", fn.name)) continue;
    out.progress(`Function ${fn.name}`);
    const result = await deployFunction(client, fn.name, functionBodies[fn.name]);
    done.push(`${result.action} function ${fn.name}`);
  }
  const apiIds = new Map(live.apis.map((a) => [a.name, a.id]));
  for (const api of config.apis) {
    const doc = loaded.texts[api.name];
    let id = apiIds.get(api.name);
    if (has("api", api.name)) {
      const existed = id !== undefined;
      out.progress(`Importing ${api.openapi} as ${api.name}`);
      const result = await importDocument(client, doc.text, doc.contentType, id ? { mode: "overwrite", restApiId: id } : { mode: "create" });
      printWarnings(out, result.warnings ?? []);
      id = result.restApi.id;
      if (result.restApi.name !== api.name) {
        const current = await client.get<{ version: number }>(`/restapis/${id}`);
        await client.patch(`/restapis/${id}`, { version: current.version, name: api.name });
      }
      apiIds.set(api.name, id);
      done.push(`${existed ? "updated" : "created"} API ${api.name} (${id})`);
    }
    for (const stage of api.stages) {
      const name = `${api.name}/${stage.name}`;
      if (has("stage", name, "create") || has("stage", name, "deploy")) {
        out.progress(`Deploying ${name}`);
        const dep = await deployStage(client, id!, stage.name, "gatehouse apply", has("stage", name, "create") ? stage.variables : undefined);
        done.push(`deployed ${name} (${dep.id})`);
      }
      if (has("stage", name, "create") || has("stage", name, "update")) {
        const stagePath = `/restapis/${id}/stages/${encodeURIComponent(stage.name)}`;
        const current = await client.get<LiveStage>(stagePath);
        const body: Record<string, unknown> = { version: current.version, variables: stage.variables };
        if (stage.accessLogFormat !== undefined) body.accessLogSettings = stage.accessLogFormat === null ? null : { format: stage.accessLogFormat };
        if (stage.description !== undefined) body.description = stage.description;
        await client.patch(stagePath, body);
        if (has("stage", name, "update")) done.push(`updated stage ${name}`);
      }
    }
  }
  const keyIds = new Map(live.apiKeys.map((k) => [k.name, k.id]));
  for (const key of config.apiKeys) {
    if (has("apiKey", key.name, "create")) {
      const created = await client.post<{ id: string; value?: string }>("/apikeys", { name: key.name, enabled: key.enabled, description: key.description, value: key.value });
      keyIds.set(key.name, created.id);
      done.push(`created API key ${key.name} (${created.id})`);
    } else if (has("apiKey", key.name, "update")) {
      const id = keyIds.get(key.name)!;
      const current = await client.get<{ version: number }>(`/apikeys/${id}`);
      await client.patch(`/apikeys/${id}`, { version: current.version, enabled: key.enabled, ...(key.description !== undefined ? { description: key.description } : {}) });
      done.push(`updated API key ${key.name}`);
    }
  }
  for (const p of config.usagePlans) {
    if (!has("usagePlan", p.name)) continue;
    const apiStages = p.apiStages.map((s) => {
      const restApiId = apiIds.get(s.api);
      if (!restApiId) throw new ApiError(1, `Usage plan ${p.name}: no API named ${s.api}`);
      return { restApiId, stageName: s.stage };
    });
    const fields = { apiStages, ...(p.throttle !== undefined ? { throttle: p.throttle } : {}), ...(p.quota !== undefined ? { quota: p.quota } : {}), ...(p.description !== undefined ? { description: p.description } : {}) };
    let planId = live.usagePlans.find((x) => x.name === p.name)?.id;
    if (!planId) {
      planId = (await client.post<{ id: string }>("/usageplans", { name: p.name, ...fields })).id;
      done.push(`created usage plan ${p.name} (${planId})`);
    } else {
      const current = await client.get<{ version: number }>(`/usageplans/${planId}`);
      await client.patch(`/usageplans/${planId}`, { version: current.version, ...fields });
      done.push(`updated usage plan ${p.name}`);
    }
    const inPlan = new Set((live.planKeys[planId] ?? []).map((k) => k.name));
    for (const k of p.keys) {
      if (inPlan.has(k)) continue;
      await client.post(`/usageplans/${planId}/keys`, { keyId: keyIds.get(k) });
      done.push(`added key ${k} to usage plan ${p.name}`);
    }
  }
  return done;
}

async function planFor(ctx: Context): Promise<{ client: Client; loaded: Loaded; live: LiveState; plan: PlanItem[] }> {
  const file = str(ctx.args, "file") ?? "gatehouse.yaml";
  const loaded = await loadDesired(file);
  const client = await ctx.client();
  const live = await readLive(client, loaded.desired.config, ctx.out);
  return { client, loaded, live, plan: computePlan(loaded.desired, live) };
}

export const applyCommands: CommandTable = {
  apply: {
    usage: "apply [-f gatehouse.yaml] [--yes]",
    summary: "Shows the plan that makes live state match the file, then applies it (asks first unless --yes). Never deletes.",
    options: { file: { kind: "string", short: "f" }, yes: { kind: "boolean", short: "y" } },
    async run(ctx) {
      positionals(ctx.args, []);
      const { client, loaded, live, plan } = await planFor(ctx);
      const { out } = ctx;
      if (plan.length === 0) {
        emit(out, { plan, applied: [] }, () => formatPlan(plan));
        return 0;
      }
      if (!out.json) out.out(formatPlan(plan));
      if (!bool(ctx.args, "yes")) {
        if (!interactive()) throw new UsageError("Not a terminal: add --yes to apply without asking");
        if (!(await confirm("Apply these changes?"))) {
          out.err("Nothing applied.");
          return 1;
        }
      }
      const applied = await execute(client, loaded, live, plan, out);
      emit(out, { plan, applied }, () => `Applied:\n${applied.map((a) => `  ${a}`).join("\n")}`);
      return 0;
    },
  },
  diff: {
    usage: "diff [-f gatehouse.yaml]",
    summary: "Shows what apply would change; exit 3 when live state differs from the file, 0 when it matches.",
    options: { file: { kind: "string", short: "f" } },
    async run(ctx) {
      positionals(ctx.args, []);
      const { plan } = await planFor(ctx);
      emit(ctx.out, { drift: plan.length > 0, plan }, () => formatPlan(plan));
      return plan.length > 0 ? 3 : 0;
    },
  },
};

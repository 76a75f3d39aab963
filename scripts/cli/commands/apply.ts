import fs from "node:fs/promises";
import path from "node:path";
import { bool, positionals, str, UsageError } from "../args";
import { ApiError, type Client } from "../client";
import type { CommandTable, Context } from "../command";
import { loadConfig, parseDocument, type Config } from "../config";
import { deployFunction, functionBody, getFunctionOrNull, type FunctionBody } from "../functions-spec";
import { emit, type Output } from "../output";
import { managedMark } from "../managed";
import { computePlan, formatPlan, wantedApiDescription, wantedDescription, wantedFunctionBody, type Desired, type LiveStage, type LiveState, type PlanItem } from "../plan";
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
  return { desired: { config, functionBodies, documents, mark: managedMark(config.project) }, texts };
}

export async function readLive(client: Client, config: Config, out: Output): Promise<LiveState> {
  out.progress("Reading live state");
  const live: LiveState = { functions: {}, allFunctions: [], apis: [], exports: {}, stages: {}, apiKeys: [], usagePlans: [], planKeys: {} };
  live.allFunctions = (await client.get<{ items: LiveState["allFunctions"] }>("/functions")).items;
  for (const fn of config.functions) live.functions[fn.name] = live.allFunctions.some((f) => f.name === fn.name) ? await getFunctionOrNull(client, fn.name) : null;
  live.apis = (await client.get<{ items: LiveState["apis"] }>("/restapis")).items;
  for (const api of config.apis) {
    const match = live.apis.filter((a) => a.name === api.name);
    if (match.length !== 1) continue;
    const id = match[0].id;
    const text = await client.request<string>("GET", `/restapis/${id}/export`, { query: { format: "json", extensions: "true" }, text: true });
    live.exports[id] = JSON.parse(text);
    live.stages[id] = (await client.get<{ items: LiveStage[] }>(`/restapis/${id}/stages`)).items;
  }
  // Keys and plans are read whole: those carrying this file's mark but no longer in it are deletions.
  live.apiKeys = (await client.get<{ items: LiveState["apiKeys"] }>("/apikeys")).items;
  live.usagePlans = (await client.get<{ items: LiveState["usagePlans"] }>("/usageplans")).items;
  for (const p of live.usagePlans) {
    if (config.usagePlans.some((c) => c.name === p.name)) live.planKeys[p.id] = (await client.get<{ items: Array<{ id: string; name: string }> }>(`/usageplans/${p.id}/keys`)).items;
  }
  return live;
}

async function execute(client: Client, loaded: Loaded, live: LiveState, plan: PlanItem[], out: Output, prune: boolean): Promise<string[]> {
  const { desired } = loaded;
  const { config } = desired;
  const done: string[] = [];
  const find = (kind: PlanItem["kind"], name: string, action?: PlanItem["action"]) => plan.find((p) => p.kind === kind && p.name === name && (!action || p.action === action));
  const has = (kind: PlanItem["kind"], name: string, action?: PlanItem["action"]) => find(kind, name, action) !== undefined;
  for (const fn of config.functions) {
    if (!has("function", fn.name, "create") && !has("function", fn.name, "update")) continue;
    out.progress(`Function ${fn.name}`);
    const result = await deployFunction(client, fn.name, wantedFunctionBody(desired, fn.name, live.functions[fn.name]));
    done.push(`${result.action} function ${fn.name}`);
  }
  const apiIds = new Map(live.apis.map((a) => [a.name, a.id]));
  for (const api of config.apis) {
    const doc = loaded.texts[api.name];
    let id = apiIds.get(api.name);
    const item = find("api", api.name, "create") ?? find("api", api.name, "update");
    if (item) {
      const existed = id !== undefined;
      if (item.reimport) {
        out.progress(`Importing ${api.openapi} as ${api.name}`);
        const result = await importDocument(client, doc.text, doc.contentType, id ? { mode: "overwrite", restApiId: id } : { mode: "create" });
        printWarnings(out, result.warnings ?? []);
        id = result.restApi.id;
      }
      const current = await client.get<{ version: number; name: string; description: string }>(`/restapis/${id}`);
      const description = wantedApiDescription(desired, api.name);
      if (current.name !== api.name || current.description !== description) await client.patch(`/restapis/${id}`, { version: current.version, name: api.name, description });
      apiIds.set(api.name, id!);
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
    const liveKey = live.apiKeys.find((k) => k.name === key.name);
    const description = wantedDescription(desired, key.description, liveKey?.description);
    if (has("apiKey", key.name, "create")) {
      const created = await client.post<{ id: string; value?: string }>("/apikeys", { name: key.name, enabled: key.enabled, description, value: key.value });
      keyIds.set(key.name, created.id);
      done.push(`created API key ${key.name} (${created.id})`);
    } else if (has("apiKey", key.name, "update")) {
      const id = keyIds.get(key.name)!;
      const current = await client.get<{ version: number }>(`/apikeys/${id}`);
      await client.patch(`/apikeys/${id}`, { version: current.version, enabled: key.enabled, ...(description !== undefined ? { description } : {}) });
      done.push(`updated API key ${key.name}`);
    }
  }
  for (const p of config.usagePlans) {
    if (!has("usagePlan", p.name, "create") && !has("usagePlan", p.name, "update")) continue;
    const apiStages = p.apiStages.map((s) => {
      const restApiId = apiIds.get(s.api);
      if (!restApiId) throw new ApiError(1, `Usage plan ${p.name}: no API named ${s.api}`);
      return { restApiId, stageName: s.stage };
    });
    const livePlan = live.usagePlans.find((x) => x.name === p.name);
    const description = wantedDescription(desired, p.description, livePlan?.description);
    const fields = { apiStages, ...(p.throttle !== undefined ? { throttle: p.throttle } : {}), ...(p.quota !== undefined ? { quota: p.quota } : {}), ...(description !== undefined ? { description } : {}) };
    let planId = livePlan?.id;
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
  if (!prune) return done;
  // Deletions last, dependents first: keys leave plans, then plans, keys, stages, APIs, and functions (which APIs may call).
  const deletions = plan.filter((p) => p.action === "delete");
  const order: PlanItem["kind"][] = ["usagePlanKey", "usagePlan", "apiKey", "stage", "api", "function"];
  for (const kind of order) {
    for (const item of deletions.filter((d) => d.kind === kind)) {
      out.progress(`Deleting ${item.kind} ${item.name}`);
      if (kind === "usagePlanKey") {
        const [planId, keyId] = item.id!.split("/");
        await client.delete(`/usageplans/${planId}/keys/${keyId}`);
        done.push(`removed key ${item.name.slice(item.name.lastIndexOf("/") + 1)} from usage plan ${item.name.slice(0, item.name.lastIndexOf("/"))}`);
        continue;
      }
      if (kind === "usagePlan") await client.delete(`/usageplans/${item.id}`);
      else if (kind === "apiKey") await client.delete(`/apikeys/${item.id}`);
      else if (kind === "stage") await client.delete(`/restapis/${item.id}/stages/${encodeURIComponent(item.name.slice(item.name.lastIndexOf("/") + 1))}`);
      else if (kind === "api") await client.delete(`/restapis/${item.id}`);
      else await client.delete(`/functions/${encodeURIComponent(item.name)}`);
      done.push(`deleted ${item.kind} ${item.name}`);
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
    usage: "apply [-f gatehouse.yaml] [--prune] [--yes]",
    summary:
      "Shows the plan that makes live state match the file, then applies it (asks first unless --yes; without a terminal --yes is required). " +
      "Deletions (stages and plan keys the file no longer lists, objects apply marked that it no longer names) only with --prune.",
    options: { file: { kind: "string", short: "f" }, yes: { kind: "boolean", short: "y" }, prune: { kind: "boolean" } },
    async run(ctx) {
      positionals(ctx.args, []);
      const { client, loaded, live, plan } = await planFor(ctx);
      const { out } = ctx;
      let prune = bool(ctx.args, "prune");
      const deletions = plan.filter((p) => p.action === "delete");
      const changes = plan.filter((p) => p.action !== "delete");
      const work = changes.length + (prune ? deletions.length : 0);
      if (!out.json) out.out(formatPlan(plan, { prune }));
      if (work === 0) {
        if (out.json) out.out(JSON.stringify({ plan, applied: [], skippedDeletions: deletions }, null, 2));
        return 0;
      }
      if (!bool(ctx.args, "yes")) {
        if (!interactive()) throw new UsageError(`Not a terminal: add --yes to apply without asking${prune && deletions.length ? " (deletions need --prune --yes)" : ""}`);
        if (changes.length > 0 && !(await confirm("Apply these changes?"))) {
          out.err("Nothing applied.");
          return 1;
        }
        if (prune && deletions.length > 0 && !(await confirm(`Delete ${deletions.length} resource${deletions.length === 1 ? "" : "s"}?`))) {
          if (changes.length === 0) {
            out.err("Nothing deleted.");
            return 1;
          }
          out.err("Deleting nothing; applying the other changes.");
          prune = false;
        }
      }
      const applied = await execute(client, loaded, live, plan, out, prune);
      const skippedDeletions = prune ? [] : deletions;
      emit(out, { plan, applied, skippedDeletions }, () =>
        [`Applied:`, ...applied.map((a) => `  ${a}`), ...(skippedDeletions.length ? [`Not deleted: ${skippedDeletions.length} (use --prune)`] : [])].join("\n"),
      );
      return 0;
    },
  },
  diff: {
    usage: "diff [-f gatehouse.yaml]",
    summary: "Shows what apply would change or (with --prune) delete; exit 3 when live state differs from the file, 0 when it matches.",
    options: { file: { kind: "string", short: "f" } },
    async run(ctx) {
      positionals(ctx.args, []);
      const { plan } = await planFor(ctx);
      emit(ctx.out, { drift: plan.length > 0, plan }, () => formatPlan(plan));
      return plan.length > 0 ? 3 : 0;
    },
  },
};

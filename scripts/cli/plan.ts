import type { Config } from "./config";
import { documentDrift } from "./drift";
import { functionChanges, type FunctionBody, type LiveFunction } from "./functions-spec";

/** What apply will do to one object. */
export interface PlanItem {
  kind: "function" | "api" | "stage" | "apiKey" | "usagePlan";
  /** functions, APIs, keys, plans: their name; stages: "api/stage". */
  name: string;
  action: "create" | "update" | "deploy";
  changes: string[];
}

export interface LiveStage {
  stageName: string;
  variables: Record<string, string>;
  accessLogSettings: { format: string } | null;
  description: string;
  version: number;
}

export interface LiveState {
  functions: Record<string, LiveFunction | null>;
  apis: Array<{ id: string; name: string }>;
  /** The export (with extensions) of each API the file names that exists. */
  exports: Record<string, unknown>;
  stages: Record<string, LiveStage[]>;
  apiKeys: Array<{ id: string; name: string; enabled: boolean; description: string }>;
  usagePlans: Array<{
    id: string;
    name: string;
    description: string;
    apiStages: Array<{ restApiId: string; stageName: string }>;
    throttle: { rateLimit: number; burstLimit: number } | null;
    quota: { limit: number; period: string; offset: number } | null;
  }>;
  planKeys: Record<string, Array<{ id: string; name: string }>>;
}

export interface Desired {
  config: Config;
  functionBodies: Record<string, FunctionBody>;
  documents: Record<string, unknown>;
}

const MAX_LISTED = 8;
const listed = (items: string[]) => (items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), `… ${items.length - MAX_LISTED} more`] : items);

function variableChanges(want: Record<string, string>, have: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(have)])].sort();
  return keys.filter((k) => want[k] !== have[k]).map((k) => (k in want ? (k in have ? `variable ${k}: ${have[k]} → ${want[k]}` : `variable ${k} = ${want[k]}`) : `variable ${k} removed`));
}

/** The plan: what to create, change or deploy so that live state matches the file. Never deletes. */
export function computePlan(desired: Desired, live: LiveState): PlanItem[] {
  const plan: PlanItem[] = [];
  const { config } = desired;
  for (const fn of config.functions) {
    const have = live.functions[fn.name];
    const want = desired.functionBodies[fn.name];
    if (!have) plan.push({ kind: "function", name: fn.name, action: "create", changes: [`${fn.file} (${want.handler})`] });
    else {
      const changes = functionChanges(want, have);
      if (changes.length > 0) plan.push({ kind: "function", name: fn.name, action: "update", changes });
    }
  }
  for (const api of config.apis) {
    const have = live.apis.filter((a) => a.name === api.name);
    if (have.length > 1) throw new Error(`Several APIs are named "${api.name}": rename all but one.`);
    let apiChanged = false;
    if (have.length === 0) {
      plan.push({ kind: "api", name: api.name, action: "create", changes: [`import ${api.openapi}`] });
      apiChanged = true;
    } else {
      const drift = documentDrift(desired.documents[api.name], live.exports[have[0].id]);
      if (drift.length > 0) {
        plan.push({ kind: "api", name: api.name, action: "update", changes: listed(drift.map((p) => `differs at ${p}`)) });
        apiChanged = true;
      }
    }
    const stages = have.length > 0 ? (live.stages[have[0].id] ?? []) : [];
    for (const stage of api.stages) {
      const id = `${api.name}/${stage.name}`;
      const current = stages.find((s) => s.stageName === stage.name);
      if (!current) {
        plan.push({ kind: "stage", name: id, action: "create", changes: ["deploy", ...variableChanges(stage.variables, {})] });
        continue;
      }
      const changes = variableChanges(stage.variables, current.variables ?? {});
      if (stage.accessLogFormat !== undefined && (stage.accessLogFormat ?? null) !== (current.accessLogSettings?.format ?? null)) {
        changes.push(`access log: ${current.accessLogSettings?.format ?? "off"} → ${stage.accessLogFormat ?? "off"}`);
      }
      if (stage.description !== undefined && stage.description !== current.description) changes.push("description");
      if (changes.length > 0) plan.push({ kind: "stage", name: id, action: "update", changes });
      if (apiChanged) plan.push({ kind: "stage", name: id, action: "deploy", changes: ["the API changed"] });
    }
  }
  for (const key of config.apiKeys) {
    const have = live.apiKeys.filter((k) => k.name === key.name);
    if (have.length > 1) throw new Error(`Several API keys are named "${key.name}": rename all but one.`);
    if (have.length === 0) plan.push({ kind: "apiKey", name: key.name, action: "create", changes: [key.enabled ? "enabled" : "disabled"] });
    else {
      const changes: string[] = [];
      if (have[0].enabled !== key.enabled) changes.push(key.enabled ? "enable" : "disable");
      if (key.description !== undefined && key.description !== have[0].description) changes.push("description");
      if (changes.length > 0) plan.push({ kind: "apiKey", name: key.name, action: "update", changes });
    }
  }
  for (const p of config.usagePlans) {
    const have = live.usagePlans.filter((x) => x.name === p.name);
    if (have.length > 1) throw new Error(`Several usage plans are named "${p.name}": rename all but one.`);
    if (have.length === 0) {
      plan.push({ kind: "usagePlan", name: p.name, action: "create", changes: [...p.apiStages.map((s) => `stage ${s.api}/${s.stage}`), ...p.keys.map((k) => `key ${k}`)] });
      continue;
    }
    const current = have[0];
    const changes: string[] = [];
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    if (p.throttle !== undefined && !same(p.throttle, current.throttle && { rateLimit: current.throttle.rateLimit, burstLimit: current.throttle.burstLimit })) changes.push("throttle");
    if (p.quota !== undefined && !same(p.quota, current.quota && { limit: current.quota.limit, period: current.quota.period, offset: current.quota.offset })) changes.push("quota");
    if (p.description !== undefined && p.description !== current.description) changes.push("description");
    const liveStages = current.apiStages.map((s) => `${live.apis.find((a) => a.id === s.restApiId)?.name ?? s.restApiId}/${s.stageName}`).sort();
    const wantStages = p.apiStages.map((s) => `${s.api}/${s.stage}`).sort();
    if (!same(liveStages, wantStages)) changes.push(`stages: ${liveStages.join(", ") || "none"} → ${wantStages.join(", ") || "none"}`);
    const liveKeys = new Set((live.planKeys[current.id] ?? []).map((k) => k.name));
    for (const k of p.keys) if (!liveKeys.has(k)) changes.push(`add key ${k}`);
    if (changes.length > 0) plan.push({ kind: "usagePlan", name: p.name, action: "update", changes });
  }
  return plan;
}

const SYMBOL = { create: "+", update: "~", deploy: "↑" } as const;

export function formatPlan(plan: PlanItem[]): string {
  if (plan.length === 0) return "No changes: live state matches the file.";
  const lines = plan.map((item) => `  ${SYMBOL[item.action]} ${item.action} ${item.kind} ${item.name}${item.changes.length ? `\n      ${item.changes.join("\n      ")}` : ""}`);
  const count = (a: PlanItem["action"]) => plan.filter((p) => p.action === a).length;
  return [`Plan: ${count("create")} to create, ${count("update")} to change, ${count("deploy")} to deploy (apply never deletes).`, ...lines].join("\n");
}

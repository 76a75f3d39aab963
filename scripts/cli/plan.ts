import type { Config } from "./config";
import { documentDrift } from "./drift";
import { functionChanges, type FunctionBody, type LiveFunction } from "./functions-spec";
import { hasMark, stripMark, withMark } from "./managed";

/** What apply will do to one object. */
export interface PlanItem {
  kind: "function" | "api" | "stage" | "apiKey" | "usagePlan" | "usagePlanKey";
  /** functions, APIs, keys, plans: their name; stages: "api/stage"; a key in a plan: "plan/key". */
  name: string;
  action: "create" | "update" | "deploy" | "delete";
  changes: string[];
  /** delete: the live object's id (API, key, plan; a stage: its API's id; a key in a plan: "planId/keyId"). */
  id?: string;
  /** api update: the OpenAPI file differs, so it is imported again (otherwise only its description changes). */
  reimport?: boolean;
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
  /** Every function on the instance (name and description: the apply mark). */
  allFunctions: Array<{ name: string; description: string }>;
  apis: Array<{ id: string; name: string; description?: string }>;
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
  /** The description mark of this file's objects (managed.ts); absent: no marks, nothing is deleted. */
  mark?: string;
}

/** The body apply sends for a function: the file's, with the mark in its description (the live text kept when the file gives none). */
export function wantedFunctionBody(desired: Desired, name: string, live: LiveFunction | null | undefined): FunctionBody {
  const body = desired.functionBodies[name];
  if (!desired.mark) return body;
  const spec = desired.config.functions.find((f) => f.name === name);
  return { ...body, description: withMark(spec?.description ?? stripMark(live?.description ?? ""), desired.mark) };
}

/** The description apply keeps on an API: the OpenAPI file's `info.description`, with the mark. */
export function wantedApiDescription(desired: Desired, name: string): string {
  const doc = desired.documents[name] as { info?: { description?: unknown } } | undefined;
  const text = typeof doc?.info?.description === "string" ? doc.info.description : "";
  return desired.mark ? withMark(text, desired.mark) : text;
}

/** A key's or plan's description: the file's (else the live text), with the mark. */
export function wantedDescription(desired: Desired, fromFile: string | undefined, live: string | undefined): string | undefined {
  if (!desired.mark) return fromFile;
  return withMark(fromFile ?? stripMark(live ?? ""), desired.mark);
}

const MAX_LISTED = 8;
const listed = (items: string[]) => (items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), `… ${items.length - MAX_LISTED} more`] : items);

function variableChanges(want: Record<string, string>, have: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(have)])].sort();
  return keys.filter((k) => want[k] !== have[k]).map((k) => (k in want ? (k in have ? `variable ${k}: ${have[k]} → ${want[k]}` : `variable ${k} = ${want[k]}`) : `variable ${k} removed`));
}

const describeChange = (from: string, to: string) => (stripMark(from) === stripMark(to) ? "mark as managed by gatehouse apply" : "description");

/**
 * The plan: what to create, change, deploy or delete so that live state matches the file.
 * Deletions (action "delete") are, and only are:
 * - stages of an API the file names that the file does not list;
 * - keys in a usage plan the file names that the plan's `keys` do not list (removed from the plan, not deleted);
 * - functions, APIs, API keys and usage plans carrying this file's mark (managed.ts) that the file no longer names.
 */
export function computePlan(desired: Desired, live: LiveState): PlanItem[] {
  const plan: PlanItem[] = [];
  const { config, mark } = desired;
  for (const fn of config.functions) {
    const have = live.functions[fn.name];
    const want = wantedFunctionBody(desired, fn.name, have);
    if (!have) plan.push({ kind: "function", name: fn.name, action: "create", changes: [`${fn.file} (${want.handler})`] });
    else {
      const changes = functionChanges(want, have).map((c) => (c === "description" ? describeChange(have.description, want.description) : c));
      if (changes.length > 0) plan.push({ kind: "function", name: fn.name, action: "update", changes });
    }
  }
  for (const api of config.apis) {
    const have = live.apis.filter((a) => a.name === api.name);
    if (have.length > 1) throw new Error(`Several APIs are named "${api.name}": rename all but one.`);
    let apiChanged = false;
    if (have.length === 0) {
      plan.push({ kind: "api", name: api.name, action: "create", changes: [`import ${api.openapi}`], reimport: true });
      apiChanged = true;
    } else {
      const drift = documentDrift(desired.documents[api.name], live.exports[have[0].id]);
      const changes = listed(drift.map((p) => `differs at ${p}`));
      const wantDescription = wantedApiDescription(desired, api.name);
      const liveDescription = have[0].description ?? "";
      if (have[0].description !== undefined && liveDescription !== wantDescription) changes.push(describeChange(liveDescription, wantDescription));
      if (drift.length > 0) apiChanged = true;
      if (changes.length > 0) plan.push({ kind: "api", name: api.name, action: "update", changes, reimport: apiChanged });
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
    for (const s of stages) {
      if (!api.stages.some((x) => x.name === s.stageName)) plan.push({ kind: "stage", name: `${api.name}/${s.stageName}`, action: "delete", changes: ["not in the file"], id: have[0].id });
    }
  }
  for (const key of config.apiKeys) {
    const have = live.apiKeys.filter((k) => k.name === key.name);
    if (have.length > 1) throw new Error(`Several API keys are named "${key.name}": rename all but one.`);
    if (have.length === 0) plan.push({ kind: "apiKey", name: key.name, action: "create", changes: [key.enabled ? "enabled" : "disabled"] });
    else {
      const changes: string[] = [];
      if (have[0].enabled !== key.enabled) changes.push(key.enabled ? "enable" : "disable");
      const want = wantedDescription(desired, key.description, have[0].description);
      if (want !== undefined && want !== have[0].description) changes.push(describeChange(have[0].description, want));
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
    const wantDescription = wantedDescription(desired, p.description, current.description);
    if (wantDescription !== undefined && wantDescription !== current.description) changes.push(describeChange(current.description, wantDescription));
    const liveStages = current.apiStages.map((s) => `${live.apis.find((a) => a.id === s.restApiId)?.name ?? s.restApiId}/${s.stageName}`).sort();
    const wantStages = p.apiStages.map((s) => `${s.api}/${s.stage}`).sort();
    if (!same(liveStages, wantStages)) changes.push(`stages: ${liveStages.join(", ") || "none"} → ${wantStages.join(", ") || "none"}`);
    const liveKeys = live.planKeys[current.id] ?? [];
    for (const k of p.keys) if (!liveKeys.some((x) => x.name === k)) changes.push(`add key ${k}`);
    if (changes.length > 0) plan.push({ kind: "usagePlan", name: p.name, action: "update", changes });
    for (const k of liveKeys) {
      if (!p.keys.includes(k.name)) plan.push({ kind: "usagePlanKey", name: `${p.name}/${k.name}`, action: "delete", changes: ["removed from the plan (the key stays)"], id: `${current.id}/${k.id}` });
    }
  }
  if (mark) {
    const named = (list: Array<{ name: string }>, name: string) => list.some((x) => x.name === name);
    for (const p of live.usagePlans) if (hasMark(p.description, mark) && !named(config.usagePlans, p.name)) plan.push({ kind: "usagePlan", name: p.name, action: "delete", changes: [], id: p.id });
    for (const k of live.apiKeys) if (hasMark(k.description, mark) && !named(config.apiKeys, k.name)) plan.push({ kind: "apiKey", name: k.name, action: "delete", changes: [], id: k.id });
    for (const a of live.apis) if (hasMark(a.description, mark) && !named(config.apis, a.name)) plan.push({ kind: "api", name: a.name, action: "delete", changes: ["with its stages"], id: a.id });
    for (const f of live.allFunctions) if (hasMark(f.description, mark) && !named(config.functions, f.name)) plan.push({ kind: "function", name: f.name, action: "delete", changes: [] });
  }
  return plan;
}

const SYMBOL = { create: "+", update: "~", deploy: "↑", delete: "-" } as const;

/** The plan as text; `prune: false` (apply without --prune) shows deletions as "would delete (use --prune)". */
export function formatPlan(plan: PlanItem[], options: { prune?: boolean } = {}): string {
  if (plan.length === 0) return "No changes: live state matches the file.";
  const prune = options.prune ?? true;
  const lines = plan.map((item) => {
    const verb = item.action === "delete" && !prune ? "would delete (use --prune):" : item.action;
    return `  ${SYMBOL[item.action]} ${verb} ${item.kind} ${item.name}${item.changes.length ? `\n      ${item.changes.join("\n      ")}` : ""}`;
  });
  const count = (a: PlanItem["action"]) => plan.filter((p) => p.action === a).length;
  const deletions = count("delete");
  const deleteText = prune || deletions === 0 ? `${deletions} to delete` : `${deletions} to delete with --prune`;
  return [`Plan: ${count("create")} to create, ${count("update")} to change, ${count("deploy")} to deploy, ${deleteText}.`, ...lines].join("\n");
}

import { multi, positionals, requireStr, str, UsageError } from "../args";
import { ApiError, resolveApi, type Client } from "../client";
import type { CommandTable } from "../command";
import { emit, table } from "../output";
import { resolveKey } from "./keys";

export interface UsagePlan {
  id: string;
  name: string;
  description: string;
  apiStages: Array<{ restApiId: string; stageName: string; throttle: Record<string, { rateLimit: number; burstLimit: number }> }>;
  throttle: { rateLimit: number; burstLimit: number } | null;
  quota: { limit: number; period: "DAY" | "WEEK" | "MONTH"; offset: number } | null;
  keyCount: number;
  version: number;
}

export async function resolvePlan(client: Client, idOrName: string): Promise<UsagePlan> {
  const { items } = await client.get<{ items: UsagePlan[] }>("/usageplans");
  const byId = items.find((p) => p.id === idOrName);
  if (byId) return byId;
  const byName = items.filter((p) => p.name === idOrName);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw new ApiError(1, `Several usage plans are named "${idOrName}": use the id.`);
  throw new ApiError(404, `No usage plan with id or name "${idOrName}".`);
}

/** `--throttle 100/200` (rate/burst) and `--quota 10000/MONTH`. */
export function parseThrottle(value: string | undefined): { rateLimit: number; burstLimit: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(value);
  if (!m) throw new UsageError(`--throttle is RATE/BURST, e.g. 100/200, not "${value}"`);
  return { rateLimit: Number(m[1]), burstLimit: Number(m[2]) };
}

export function parseQuota(value: string | undefined): { limit: number; period: "DAY" | "WEEK" | "MONTH" } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(day|week|month)$/i.exec(value);
  if (!m) throw new UsageError(`--quota is LIMIT/DAY|WEEK|MONTH, e.g. 10000/MONTH, not "${value}"`);
  return { limit: Number(m[1]), period: m[2].toUpperCase() as "DAY" | "WEEK" | "MONTH" };
}

export const usagePlanCommands: CommandTable = {
  "usage-plans list": {
    usage: "usage-plans list",
    summary: "Lists usage plans.",
    options: {},
    async run({ args, out, client }) {
      positionals(args, []);
      const { items } = await (await client()).get<{ items: UsagePlan[] }>("/usageplans");
      emit(out, { items }, () =>
        table(
          items.map((p) => ({
            ...p,
            apiStages: p.apiStages.map((s) => `${s.restApiId}/${s.stageName}`),
            throttle: p.throttle ? `${p.throttle.rateLimit}/${p.throttle.burstLimit}` : null,
            quota: p.quota ? `${p.quota.limit}/${p.quota.period}` : null,
          })),
          ["id", "name", "throttle", "quota", "apiStages", "keyCount"],
        ),
      );
    },
  },
  "usage-plans create": {
    usage: "usage-plans create NAME [--throttle RATE/BURST] [--quota LIMIT/DAY|WEEK|MONTH] [--stage API:STAGE]… [--description D]",
    summary: "Creates a usage plan for API stages.",
    options: { throttle: { kind: "string" }, quota: { kind: "string" }, stage: { kind: "multi" }, description: { kind: "string" } },
    async run({ args, out, client }) {
      const [name] = positionals(args, ["name"]);
      const c = await client();
      const apiStages = [];
      for (const pair of multi(args, "stage")) {
        const colon = pair.lastIndexOf(":");
        if (colon <= 0) throw new UsageError(`--stage is API:STAGE, not "${pair}"`);
        apiStages.push({ restApiId: (await resolveApi(c, pair.slice(0, colon))).id, stageName: pair.slice(colon + 1) });
      }
      const plan = await c.post<UsagePlan>("/usageplans", {
        name,
        description: str(args, "description"),
        apiStages,
        throttle: parseThrottle(str(args, "throttle")),
        quota: parseQuota(str(args, "quota")),
      });
      emit(out, plan, () => `Created usage plan ${plan.name} (${plan.id}).`);
    },
  },
  "usage-plans add-key": {
    usage: "usage-plans add-key PLAN --key KEY",
    summary: "Adds an API key (id or name) to a usage plan (id or name).",
    options: { key: { kind: "string", short: "k" } },
    async run({ args, out, client }) {
      const [planName] = positionals(args, ["plan"]);
      const c = await client();
      const plan = await resolvePlan(c, planName);
      const key = await resolveKey(c, requireStr(args, "key"));
      const added = await c.post(`/usageplans/${plan.id}/keys`, { keyId: key.id });
      emit(out, added, () => `Added key ${key.name} to usage plan ${plan.name}.`);
    },
  },
};

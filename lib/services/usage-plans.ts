import type { z } from "zod";
import type { Db } from "../db";
import type { Prisma, UsagePlan, UsagePlanStage } from "../generated/prisma/client";
import { AppError, type FieldProblem } from "../errors";
import { randomId } from "../ids";
import type { TApiStage, TThrottle, TUsagePlan, TUsagePlanKey, ZAddUsagePlanKey, ZCreateUsagePlan, ZUpdateUsagePlan } from "../schemas/api-keys";
import { notifyGateway } from "./deploy";
import { expectUpdated, expectVersion, iso, throwIfProblems, type Tx } from "./shared";

type PlanRow = UsagePlan & { stages: UsagePlanStage[]; _count: { keys: number } };
const planInclude = { stages: { orderBy: [{ restApiId: "asc" }, { stageName: "asc" }] }, _count: { select: { keys: true } } } satisfies Prisma.UsagePlanInclude;

function throttleMap(value: unknown): Record<string, TThrottle> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return value as Record<string, TThrottle>;
}

function present(row: PlanRow): TUsagePlan {
  const period = row.quotaPeriod as "DAY" | "WEEK" | "MONTH" | null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    apiStages: row.stages.map((s) => ({ restApiId: s.restApiId, stageName: s.stageName, throttle: throttleMap(s.methodThrottle) })),
    throttle: row.throttleRateLimit !== null && row.throttleBurstLimit !== null ? { rateLimit: row.throttleRateLimit, burstLimit: row.throttleBurstLimit } : null,
    quota: row.quotaLimit !== null && period ? { limit: row.quotaLimit, period, offset: row.quotaOffset } : null,
    keyCount: row._count.keys,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function requirePlan(db: Db | Tx, id: string): Promise<PlanRow> {
  const row = await db.usagePlan.findUnique({ where: { id }, include: planInclude });
  if (!row) throw new AppError("not-found", `Usage plan ${id} does not exist.`);
  return row;
}

const notifyPlan = (tx: Tx, id: string) => notifyGateway(tx, { kind: "access", what: "usage-plan", id });

/** 400 naming `apiStages.i.stageName` (or restApiId) for a stage that does not exist, and for duplicates. */
async function checkStages(db: Db | Tx, stages: TApiStage[]): Promise<void> {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const [i, s] of stages.entries()) {
    const id = `${s.restApiId}/${s.stageName}`;
    if (seen.has(id)) {
      problems.push({ field: `apiStages.${i}.stageName`, message: `Stage ${s.stageName} of API ${s.restApiId} is listed twice` });
      continue;
    }
    seen.add(id);
    const api = await db.restApi.findUnique({ where: { id: s.restApiId }, select: { id: true } });
    if (!api) {
      problems.push({ field: `apiStages.${i}.restApiId`, message: `REST API ${s.restApiId} does not exist` });
      continue;
    }
    const stage = await db.stage.findUnique({ where: { restApiId_name: { restApiId: s.restApiId, name: s.stageName } }, select: { id: true } });
    if (!stage) problems.push({ field: `apiStages.${i}.stageName`, message: `Stage ${s.stageName} does not exist in API ${s.restApiId}` });
  }
  throwIfProblems(problems);
}

/**
 * One plan per key per stage: 409 when one of `keyIds`, in plan `planId` with
 * `stages`, is also in another plan associated with one of those stages.
 */
async function checkOnePlanPerStage(db: Db | Tx, planId: string, stages: Array<{ restApiId: string; stageName: string }>, keyIds: string[]): Promise<void> {
  if (stages.length === 0 || keyIds.length === 0) return;
  const clash = await db.usagePlanKey.findFirst({
    where: {
      apiKeyId: { in: keyIds },
      usagePlanId: { not: planId },
      usagePlan: { stages: { some: { OR: stages.map((s) => ({ restApiId: s.restApiId, stageName: s.stageName })) } } },
    },
    include: { apiKey: { select: { name: true } }, usagePlan: { include: { stages: true } } },
  });
  if (!clash) return;
  const shared = clash.usagePlan.stages.find((o) => stages.some((s) => s.restApiId === o.restApiId && s.stageName === o.stageName))!;
  throw new AppError(
    "conflict",
    `API key ${clash.apiKey.name} is already in usage plan ${clash.usagePlan.name}, which also covers stage ${shared.stageName} of API ${shared.restApiId}: a key can be in only one plan per stage.`,
  );
}

function planData(input: { name?: string; description?: string; throttle?: TThrottle | null; quota?: { limit: number; period: string; offset: number } | null }) {
  return {
    name: input.name,
    description: input.description,
    ...(input.throttle !== undefined ? { throttleRateLimit: input.throttle?.rateLimit ?? null, throttleBurstLimit: input.throttle?.burstLimit ?? null } : {}),
    ...(input.quota !== undefined ? { quotaLimit: input.quota?.limit ?? null, quotaPeriod: input.quota?.period ?? null, quotaOffset: input.quota?.offset ?? 0 } : {}),
  };
}

const stageRows = (stages: TApiStage[]) => stages.map((s) => ({ restApiId: s.restApiId, stageName: s.stageName, methodThrottle: s.throttle }));

export async function listUsagePlans(db: Db, filter: { keyId?: string } = {}): Promise<TUsagePlan[]> {
  const rows = await db.usagePlan.findMany({
    where: filter.keyId ? { keys: { some: { apiKeyId: filter.keyId } } } : undefined,
    include: planInclude,
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(present);
}

export async function getUsagePlan(db: Db, id: string): Promise<TUsagePlan> {
  return present(await requirePlan(db, id));
}

export async function createUsagePlan(db: Db, input: z.output<typeof ZCreateUsagePlan>): Promise<TUsagePlan> {
  await checkStages(db, input.apiStages);
  return db.$transaction(async (tx) => {
    const row = await tx.usagePlan.create({
      data: { id: randomId(10), ...planData(input), name: input.name, description: input.description ?? "", stages: { create: stageRows(input.apiStages) } },
      include: planInclude,
    });
    await notifyPlan(tx, row.id);
    return present(row);
  });
}

export async function updateUsagePlan(db: Db, id: string, input: z.output<typeof ZUpdateUsagePlan>): Promise<TUsagePlan> {
  const current = await requirePlan(db, id);
  expectVersion(`Usage plan ${current.name}`, current.version, input.version);
  if (input.apiStages) {
    await checkStages(db, input.apiStages);
    const keys = await db.usagePlanKey.findMany({ where: { usagePlanId: id }, select: { apiKeyId: true } });
    await checkOnePlanPerStage(db, id, input.apiStages, keys.map((k) => k.apiKeyId));
  }
  return db.$transaction(async (tx) => {
    const result = await tx.usagePlan.updateMany({ where: { id, version: input.version }, data: { ...planData(input), version: { increment: 1 } } });
    expectUpdated(`Usage plan ${current.name}`, result);
    if (input.apiStages) {
      await tx.usagePlanStage.deleteMany({ where: { usagePlanId: id } });
      await tx.usagePlanStage.createMany({ data: stageRows(input.apiStages).map((s) => ({ ...s, usagePlanId: id })) });
    }
    await notifyPlan(tx, id);
    return present(await requirePlan(tx, id));
  });
}

/** Deletes the plan with its stage associations and key memberships (usage history stays). */
export async function deleteUsagePlan(db: Db, id: string): Promise<void> {
  await requirePlan(db, id);
  await db.$transaction(async (tx) => {
    const result = await tx.usagePlan.deleteMany({ where: { id } });
    if (result.count === 0) throw new AppError("not-found", `Usage plan ${id} does not exist.`);
    await notifyPlan(tx, id);
  });
}

function presentKey(key: { id: string; name: string; prefix: string; enabled: boolean }): TUsagePlanKey {
  return { id: key.id, type: "API_KEY", name: key.name, prefix: key.prefix, enabled: key.enabled };
}

export async function listUsagePlanKeys(db: Db, planId: string): Promise<TUsagePlanKey[]> {
  await requirePlan(db, planId);
  const rows = await db.usagePlanKey.findMany({ where: { usagePlanId: planId }, include: { apiKey: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => presentKey(r.apiKey));
}

export async function getUsagePlanKey(db: Db, planId: string, keyId: string): Promise<TUsagePlanKey> {
  const row = await db.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } }, include: { apiKey: true } });
  if (!row) throw new AppError("not-found", `API key ${keyId} is not in usage plan ${planId}.`);
  return presentKey(row.apiKey);
}

/** Adds a key (409 if it is already in the plan, or in another plan sharing an API stage with this one). */
export async function addUsagePlanKey(db: Db, planId: string, input: z.output<typeof ZAddUsagePlanKey>): Promise<TUsagePlanKey> {
  const plan = await requirePlan(db, planId);
  const key = await db.apiKey.findUnique({ where: { id: input.keyId } });
  if (!key) throw new AppError("validation-failed", `API key ${input.keyId} does not exist.`, [{ field: "keyId", message: `API key ${input.keyId} does not exist` }]);
  if (await db.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: key.id } } })) {
    throw new AppError("conflict", `API key ${key.name} is already in usage plan ${plan.name}.`);
  }
  await checkOnePlanPerStage(db, planId, plan.stages, [key.id]);
  return db.$transaction(async (tx) => {
    await tx.usagePlanKey.create({ data: { usagePlanId: planId, apiKeyId: key.id } });
    await notifyPlan(tx, planId);
    return presentKey(key);
  });
}

export async function removeUsagePlanKey(db: Db, planId: string, keyId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const result = await tx.usagePlanKey.deleteMany({ where: { usagePlanId: planId, apiKeyId: keyId } });
    if (result.count === 0) throw new AppError("not-found", `API key ${keyId} is not in usage plan ${planId}.`);
    await notifyPlan(tx, planId);
  });
}

/**
 * Adds a key to a plan inside the caller's transaction (ImportApiKeys adds
 * many keys at once): 404 for a missing plan, nothing when the key is
 * already in it, 409 under the one-plan-per-stage rule.
 */
export async function addUsagePlanKeyInTransaction(tx: Tx, planId: string, keyId: string): Promise<void> {
  const plan = await requirePlan(tx, planId);
  if (await tx.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } } })) return;
  await checkOnePlanPerStage(tx, planId, plan.stages, [keyId]);
  await tx.usagePlanKey.create({ data: { usagePlanId: planId, apiKeyId: keyId } });
  await notifyPlan(tx, planId);
}

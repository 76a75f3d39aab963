import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Db } from "../db";
import type { ApiKey } from "../generated/prisma/client";
import { AppError } from "../errors";
import { randomId } from "../ids";
import { decryptSecret, encryptSecret } from "../secrets";
import type { TApiKey, ZCreateApiKey, ZUpdateApiKey } from "../schemas/api-keys";
import { notifyGateway } from "./deploy";
import { actorName, can, type Principal } from "./permissions";
import { addUsagePlanKeyInTransaction } from "./usage-plans";
import { expectUpdated, expectVersion, iso, type Tx } from "./shared";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const PREFIX_LENGTH = 4;

/** A 40-character key value of [A-Za-z0-9], every character equally likely. */
export function generateApiKeyValue(length = 40): string {
  let out = "";
  while (out.length < length) {
    // 248 = 4 * 62: rejecting bytes above it keeps the distribution uniform.
    for (const byte of randomBytes(length)) if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
  }
  return out;
}

/** SHA-256 hex of a key value: the gateway looks keys up by it (gateway/access/hash-index.ts hashes the same way). */
export function apiKeyHash(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

function secretKey(): string {
  const key = process.env.GATEHOUSE_SECRET_KEY;
  if (!key) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: API keys cannot be stored.");
  return key;
}

type KeyWithPlans = ApiKey & { usagePlans: Array<{ usagePlan: { id: string; name: string } }> };
const withPlans = { usagePlans: { include: { usagePlan: { select: { id: true, name: true } } } } } as const;

function present(row: KeyWithPlans, value?: string): TApiKey {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    customerId: row.customerId,
    prefix: row.prefix,
    ...(value !== undefined ? { value } : {}),
    usagePlans: row.usagePlans.map((p) => ({ id: p.usagePlan.id, name: p.usagePlan.name })).sort((a, b) => a.name.localeCompare(b.name)),
    createdBy: row.createdBy,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

async function requireKey(db: Db | Tx, id: string): Promise<KeyWithPlans> {
  const row = await db.apiKey.findUnique({ where: { id }, include: withPlans });
  if (!row) throw new AppError("not-found", `API key ${id} does not exist.`);
  return row;
}

const notifyKey = (tx: Tx, id: string) => notifyGateway(tx, { kind: "access", what: "api-key", id });

export async function listApiKeys(db: Db): Promise<TApiKey[]> {
  return (await db.apiKey.findMany({ include: withPlans, orderBy: [{ name: "asc" }, { createdAt: "asc" }] })).map((r) => present(r));
}

/** `includeValue` reveals the value to admins and owners only (others: 403), as AWS's includeValue. */
export async function getApiKey(db: Db, id: string, options: { includeValue?: boolean; principal?: Principal } = {}): Promise<TApiKey> {
  if (options.includeValue && !(options.principal && can(options.principal.role, "edit"))) {
    throw new AppError("forbidden", "Only admins and owners can reveal API key values.");
  }
  const row = await requireKey(db, id);
  return present(row, options.includeValue ? decryptSecret(row.valueEncrypted, secretKey()) : undefined);
}

/** Generates (or imports) the value; the response carries it this once. 409 when an imported value is already a key's. */
export async function createApiKey(db: Db, input: z.output<typeof ZCreateApiKey>, principal: Principal): Promise<TApiKey> {
  const key = secretKey();
  const value = input.value ?? generateApiKeyValue();
  const valueHash = apiKeyHash(value);
  if (await db.apiKey.findUnique({ where: { valueHash }, select: { id: true } })) {
    throw new AppError("conflict", "An API key with this value already exists.", [{ field: "value", message: "This value is already an API key's" }]);
  }
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        id: randomId(10),
        name: input.name,
        description: input.description ?? "",
        enabled: input.enabled ?? true,
        customerId: input.customerId ?? null,
        valueEncrypted: encryptSecret(value, key),
        valueHash,
        prefix: value.slice(0, PREFIX_LENGTH),
        createdBy: actorName(principal),
      },
      include: withPlans,
    });
    await notifyKey(tx, row.id);
    return present(row, value);
  });
}

export async function updateApiKey(db: Db, id: string, input: z.output<typeof ZUpdateApiKey>): Promise<TApiKey> {
  const current = await requireKey(db, id);
  expectVersion(`API key ${current.name}`, current.version, input.version);
  return db.$transaction(async (tx) => {
    const result = await tx.apiKey.updateMany({
      where: { id, version: input.version },
      data: { name: input.name, description: input.description, enabled: input.enabled, customerId: input.customerId, version: { increment: 1 } },
    });
    expectUpdated(`API key ${current.name}`, result);
    await notifyKey(tx, id);
    return present(await requireKey(tx, id));
  });
}

/** Deletes the key and its plan memberships (usage history stays); the gateway refuses it within a second. */
export async function deleteApiKey(db: Db, id: string): Promise<void> {
  const current = await requireKey(db, id);
  await db.$transaction(async (tx) => {
    const result = await tx.apiKey.deleteMany({ where: { id } });
    if (result.count === 0) throw new AppError("not-found", `API key ${id} does not exist.`);
    await notifyKey(tx, id);
    for (const plan of current.usagePlans) await notifyGateway(tx, { kind: "access", what: "usage-plan", id: plan.usagePlan.id });
  });
}

export interface ImportedApiKey {
  name: string;
  description: string;
  enabled: boolean;
  value: string;
  usagePlanIds: string[];
}

/**
 * AWS ImportApiKeys, all or nothing in one transaction: each row creates a
 * key, or (AWS: "the most recent version overwrites the previous one")
 * overwrites the name, description and enabled flag of the key that has its
 * value, and adds it to its usage plans. The key ids, in row order.
 */
export async function importApiKeys(db: Db, rows: ImportedApiKey[], principal: Principal): Promise<string[]> {
  const key = secretKey();
  return db.$transaction(
    async (tx) => {
      const ids: string[] = [];
      for (const row of rows) {
        const valueHash = apiKeyHash(row.value);
        const fields = { name: row.name, description: row.description, enabled: row.enabled };
        const existing = await tx.apiKey.findUnique({ where: { valueHash }, select: { id: true } });
        const id = existing
          ? (await tx.apiKey.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } })).id
          : (
              await tx.apiKey.create({
                data: {
                  id: randomId(10),
                  ...fields,
                  valueEncrypted: encryptSecret(row.value, key),
                  valueHash,
                  prefix: row.value.slice(0, PREFIX_LENGTH),
                  createdBy: actorName(principal),
                },
              })
            ).id;
        for (const planId of row.usagePlanIds) await addUsagePlanKeyInTransaction(tx, planId, id);
        await notifyKey(tx, id);
        ids.push(id);
      }
      return ids;
    },
    { timeout: 60_000 },
  );
}

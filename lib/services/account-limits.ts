import type { z } from "zod";
import type { Db } from "../db";
import { loadSettings } from "../config";
import { ACCOUNT_LIMITS_KEY, parseStoredAccountThrottle, ZAccountThrottle, type TAccountThrottle } from "../account-limits";
import { notifyGateway } from "./deploy";
import { invalid } from "./shared";
import { ZPatchOperation, ZUpdateAccount, type TAccount } from "../schemas/traffic";

export { ZUpdateAccount, type TAccount };

/**
 * Account-level throttle limits (AWS GetAccount / UpdateAccount
 * `throttleSettings`). Stored in SystemSetting when changed; absent, the
 * GATEHOUSE_ACCOUNT_RATE_LIMIT / _BURST_LIMIT settings are the values. A
 * change notifies `{"kind":"account"}`: every gateway applies it within a
 * second, without a restart.
 */

export function accountDefaults(): TAccountThrottle {
  const settings = loadSettings();
  return { rateLimit: settings.GATEHOUSE_ACCOUNT_RATE_LIMIT, burstLimit: settings.GATEHOUSE_ACCOUNT_BURST_LIMIT };
}

export async function getAccountThrottle(db: Db): Promise<TAccountThrottle> {
  const row = await db.systemSetting.findUnique({ where: { key: ACCOUNT_LIMITS_KEY } });
  return parseStoredAccountThrottle(row?.value) ?? accountDefaults();
}

export async function getAccount(db: Db): Promise<TAccount> {
  const defaults = accountDefaults();
  const row = await db.systemSetting.findUnique({ where: { key: ACCOUNT_LIMITS_KEY } });
  const stored = parseStoredAccountThrottle(row?.value);
  return { throttleSettings: stored ?? defaults, defaults, customized: stored !== null };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Applies patch operations to the current values; 400 naming `/throttle/…` for unknown paths or non-numeric values. */
function applyPatch(current: TAccountThrottle, ops: z.output<typeof ZPatchOperation>[]): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [i, op] of ops.entries()) {
    const field = op.path === "/throttle/rateLimit" ? "rateLimit" : op.path === "/throttle/burstLimit" ? "burstLimit" : null;
    if (!field || op.op !== "replace") {
      throw invalid([{ field: `patchOperations[${i}]`, message: `Only replace on /throttle/rateLimit or /throttle/burstLimit is supported` }]);
    }
    const raw = op.value;
    next[field] = typeof raw === "number" ? raw : typeof raw === "string" && NUMBER.test(raw.trim()) ? Number(raw) : raw;
  }
  return next;
}

export async function updateAccount(db: Db, input: z.output<typeof ZUpdateAccount>): Promise<TAccount> {
  return db.$transaction(async (tx) => {
    const defaults = accountDefaults();
    if (input.reset) {
      await tx.systemSetting.deleteMany({ where: { key: ACCOUNT_LIMITS_KEY } });
    } else {
      const row = await tx.systemSetting.findUnique({ where: { key: ACCOUNT_LIMITS_KEY } });
      const current = parseStoredAccountThrottle(row?.value) ?? defaults;
      const candidate = input.patchOperations ? applyPatch(current, input.patchOperations) : { ...current, ...input.throttleSettings };
      const parsed = ZAccountThrottle.safeParse(candidate);
      if (!parsed.success) {
        throw invalid(parsed.error.issues.map((issue) => ({ field: `throttleSettings.${issue.path.join(".")}`, message: issue.message })));
      }
      const value = JSON.stringify(parsed.data);
      await tx.systemSetting.upsert({ where: { key: ACCOUNT_LIMITS_KEY }, create: { key: ACCOUNT_LIMITS_KEY, value }, update: { value } });
    }
    await notifyGateway(tx, { kind: "account" });
    const row = await tx.systemSetting.findUnique({ where: { key: ACCOUNT_LIMITS_KEY } });
    const stored = parseStoredAccountThrottle(row?.value);
    return { throttleSettings: stored ?? defaults, defaults, customized: stored !== null };
  });
}

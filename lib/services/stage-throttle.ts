import type { z } from "zod";
import type { Db } from "../db";
import { getAccountThrottle } from "./account-limits";
import { throwIfProblems, type Tx } from "./shared";
import type { FieldProblem } from "../errors";

/**
 * Stage throttle values ("Bad input" of issue 8): rates and bursts must be
 * numbers between 0 and the account's limit. Problems name the field as AWS
 * keys it, e.g. `methodSettings["*\/*"].throttlingRateLimit`.
 */

export const methodSettingField = (key: string, field: string) => `methodSettings[${JSON.stringify(key)}].${field}`;

/** Zod issues of a stage body, with method-settings fields named `methodSettings["key"].field`. */
export function stageProblems(issues: z.core.$ZodIssue[]): FieldProblem[] {
  const problems = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String);
    const field =
      path[0] === "methodSettings" && path.length >= 3
        ? methodSettingField(path[1], path.slice(2).join("."))
        : path.length > 0
          ? path.join(".")
          : "body";
    if (!problems.has(field)) problems.set(field, issue.message);
  }
  return [...problems].map(([field, message]) => ({ field, message }));
}

export async function validateStageThrottles(db: Db | Tx, methodSettings: Record<string, Record<string, unknown>> | undefined): Promise<void> {
  if (!methodSettings) return;
  const entries = Object.entries(methodSettings).filter(([, s]) => s && (s.throttlingRateLimit !== undefined || s.throttlingBurstLimit !== undefined));
  if (entries.length === 0) return;
  const account = await getAccountThrottle(db as Db);
  const problems: FieldProblem[] = [];
  for (const [key, setting] of entries) {
    const checks = [
      { field: "throttlingRateLimit", max: account.rateLimit, what: "requests per second", limit: "rate", integer: false },
      { field: "throttlingBurstLimit", max: account.burstLimit, what: "requests", limit: "burst", integer: true },
    ];
    for (const c of checks) {
      const value = setting[c.field];
      if (value === undefined || value === null) continue;
      const range = `between 0 and ${c.max} (the account ${c.limit} limit)`;
      if (typeof value !== "number" || !Number.isFinite(value)) problems.push({ field: methodSettingField(key, c.field), message: `must be a number of ${c.what} ${range}` });
      else if (value < 0 || value > c.max) problems.push({ field: methodSettingField(key, c.field), message: `must be ${range}; got ${value}` });
      else if (c.integer && !Number.isInteger(value)) problems.push({ field: methodSettingField(key, c.field), message: `must be a whole number ${range}; got ${value}` });
    }
  }
  throwIfProblems(problems);
}


import { z } from "zod";

/**
 * API keys (`/api/v1/apikeys`) and usage plans (`/api/v1/usageplans`), shaped
 * like AWS's ApiKey / UsagePlan / UsagePlanKey / Usage. A key's value is
 * returned once at creation, and again only with `?includeValue=true` by an
 * admin or owner; lists show its first characters (`prefix`).
 */

export const API_KEY_VALUE = /^[A-Za-z0-9_-]+$/;

export const ZCreateApiKey = z.strictObject({
  name: z.string().trim().min(1, "Required").max(128),
  description: z.string().max(1024).optional(),
  /** Default true (AWS's default is false; a new key here is meant to be used). */
  enabled: z.boolean().optional(),
  customerId: z.string().max(128).nullable().optional(),
  /** An imported value (20–128 characters); absent: a 40-character value is generated. */
  value: z
    .string()
    .min(20, "Must be at least 20 characters")
    .max(128, "Must be at most 128 characters")
    .regex(API_KEY_VALUE, "Letters, digits, - and _ only")
    .optional(),
});

export const ZUpdateApiKey = z.strictObject({
  version: z.number().int(),
  name: z.string().trim().min(1, "Required").max(128).optional(),
  description: z.string().max(1024).optional(),
  enabled: z.boolean().optional(),
  customerId: z.string().max(128).nullable().optional(),
});

export const ZApiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  customerId: z.string().nullable(),
  /** The first 4 characters of the value. */
  prefix: z.string(),
  /** Only at creation, or with includeValue=true (admins and owners). */
  value: z.string().optional(),
  /** Usage plans the key is in. */
  usagePlans: z.array(z.object({ id: z.string(), name: z.string() })),
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TApiKey = z.infer<typeof ZApiKeyOut>;
export const ZApiKeyListOut = z.object({ items: z.array(ZApiKeyOut) });

export const ZThrottle = z.strictObject({
  /** Requests per second (steady rate). */
  rateLimit: z.number().min(0, "Must be 0 or more").max(1_000_000),
  /** Requests at once (bucket size). */
  burstLimit: z.number().int("Must be a whole number").min(0, "Must be 0 or more").max(1_000_000),
});
export type TThrottle = z.infer<typeof ZThrottle>;

export const QUOTA_PERIODS = ["DAY", "WEEK", "MONTH"] as const;

export const ZQuota = z
  .strictObject({
    limit: z.number().int("Must be a whole number").min(0, "Must be 0 or more").max(2_000_000_000),
    period: z.enum(QUOTA_PERIODS),
    /** The day the period starts: WEEK 0 (Sunday) – 6; MONTH 0 (the 1st) – 27; DAY 0. */
    offset: z.number().int().min(0).default(0),
  })
  .superRefine((q, ctx) => {
    const max = q.period === "DAY" ? 0 : q.period === "WEEK" ? 6 : 27;
    if (q.offset > max) ctx.addIssue({ code: "custom", path: ["offset"], message: q.period === "DAY" ? "Must be 0 for DAY" : `Must be 0–${max} for ${q.period}` });
  });
export type TQuota = z.infer<typeof ZQuota>;

/** `/pets/GET`, `/pets/{id}/ANY`, `/*\/*`: a resource path and a verb. */
export const METHOD_THROTTLE_KEY = /^\/(?:[^\s]*\/)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY|\*)$/;

export const ZApiStage = z.strictObject({
  restApiId: z.string().min(1, "Required"),
  stageName: z.string().min(1, "Required"),
  /** Per-method throttles keyed `resourcePath/HTTPMETHOD`, e.g. `/pets/GET`. */
  throttle: z
    .record(z.string().regex(METHOD_THROTTLE_KEY, "Keys are resourcePath/METHOD, e.g. /pets/GET"), ZThrottle)
    .default({}),
});
export type TApiStage = z.infer<typeof ZApiStage>;

export const ZCreateUsagePlan = z.strictObject({
  name: z.string().trim().min(1, "Required").max(128),
  description: z.string().max(1024).optional(),
  apiStages: z.array(ZApiStage).max(100).default([]),
  throttle: ZThrottle.nullable().optional(),
  quota: ZQuota.nullable().optional(),
});

/** Fields given replace the plan's (apiStages as a whole list); null removes throttle or quota. */
export const ZUpdateUsagePlan = z.strictObject({
  version: z.number().int(),
  name: z.string().trim().min(1, "Required").max(128).optional(),
  description: z.string().max(1024).optional(),
  apiStages: z.array(ZApiStage).max(100).optional(),
  throttle: ZThrottle.nullable().optional(),
  quota: ZQuota.nullable().optional(),
});

export const ZUsagePlanOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  apiStages: z.array(z.object({ restApiId: z.string(), stageName: z.string(), throttle: z.record(z.string(), ZThrottle) })),
  throttle: ZThrottle.nullable(),
  quota: z.object({ limit: z.number(), period: z.enum(QUOTA_PERIODS), offset: z.number() }).nullable(),
  keyCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUsagePlan = z.infer<typeof ZUsagePlanOut>;
export const ZUsagePlanListOut = z.object({ items: z.array(ZUsagePlanOut) });

export const ZAddUsagePlanKey = z.strictObject({
  keyId: z.string().min(1, "Required"),
  /** AWS's keyType; only API_KEY exists. */
  keyType: z.literal("API_KEY").optional(),
});

export const ZUsagePlanKeyOut = z.object({
  id: z.string(),
  type: z.literal("API_KEY"),
  name: z.string(),
  prefix: z.string(),
  enabled: z.boolean(),
});
export type TUsagePlanKey = z.infer<typeof ZUsagePlanKeyOut>;
export const ZUsagePlanKeyListOut = z.object({ items: z.array(ZUsagePlanKeyOut) });

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a date YYYY-MM-DD");

export const ZUsageQuery = z.strictObject({
  startDate: ZDate,
  endDate: ZDate,
  keyId: z.string().optional(),
});

export const ZUsageOut = z.object({
  usagePlanId: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  /** keyId → one `[used, remaining]` per day from startDate to endDate; remaining is null without a quota. */
  items: z.record(z.string(), z.array(z.tuple([z.number(), z.number().nullable()]))),
});
export type TUsage = z.infer<typeof ZUsageOut>;

/**
 * AWS UpdateUsage for one key in the current quota period: exactly one of
 * `remaining` (set what is left), `extendBy` (add to what is left), `reset`
 * (back to the full limit).
 */
export const ZUpdateUsage = z
  .strictObject({
    remaining: z.number().int().min(0, "Must be 0 or more").max(2_000_000_000).optional(),
    extendBy: z.number().int().min(1, "Must be 1 or more").max(2_000_000_000).optional(),
    reset: z.literal(true).optional(),
  })
  .refine((b) => [b.remaining, b.extendBy, b.reset].filter((v) => v !== undefined).length === 1, {
    message: "Send exactly one of remaining, extendBy or reset",
    path: ["body"],
  });

export const ZKeyUsageOut = z.object({
  usagePlanId: z.string(),
  keyId: z.string(),
  periodStart: z.string(),
  used: z.number().int(),
  limit: z.number().int(),
  remaining: z.number().int(),
});
export type TKeyUsage = z.infer<typeof ZKeyUsageOut>;

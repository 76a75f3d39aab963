import path from "node:path";
import { z } from "zod";

/**
 * Every setting Gatehouse reads from the environment, validated once at start.
 * README.md and .env.example list the same names; tests/unit/settings-docs.test.ts
 * keeps the three in step.
 */
const port = z.coerce
  .number({ message: "must be a port number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const ZSettings = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
  ),
  GATEHOUSE_DATA_DIR: z.string().default(".data"),
  GATEHOUSE_SECRET_KEY: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  GATEHOUSE_ADMIN_EMAIL: z.email("must be an email address").default("admin@gatehouse.local"),
  GATEHOUSE_ADMIN_PASSWORD: optionalString.pipe(
    z.string().min(8, "must be at least 8 characters").optional(),
  ),
  GATEHOUSE_BOOTSTRAP_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^gh_[A-Za-z0-9_-]{20,}$/, "must be gh_ followed by at least 20 letters, digits, _ or -")
      .optional(),
  ),
  GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Z0-9]{16,128}$/, "must be 16 to 128 uppercase letters and digits, like AKIA… or GHAK…")
      .optional(),
  ),
  GATEHOUSE_BOOTSTRAP_SECRET_ACCESS_KEY: optionalString.pipe(z.string().min(16, "must be at least 16 characters").max(128, "must be at most 128 characters").optional()),
  GATEHOUSE_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], { message: "must be trace, debug, info, warn, error, fatal or silent" }).default("info"),
  GATEHOUSE_LOG_FORMAT: z.enum(["json", "text"], { message: "must be json or text" }).default("json"),
  GATEHOUSE_SEED_DEMO: bool.default(true),
  GATEHOUSE_BIND_HOST: z.string().default("127.0.0.1"),
  PORT: port.default(3000),
  GATEWAY_PORT: port.default(8080),
  GATEWAY_ADMIN_PORT: port.default(8081),
  GATEHOUSE_AWS_PORT: port.default(4566),
  GATEHOUSE_PUBLIC_GATEWAY_URL: optionalString.pipe(z.url("must be a URL").optional()),
  GATEHOUSE_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must look like an AWS region, e.g. us-east-1")
    .default("us-east-1"),
  GATEHOUSE_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, "must be 12 digits")
    .default("000000000000"),
  GATEHOUSE_METRICS_FLUSH_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int()
    .min(100, "must be at least 100")
    .max(60000, "must be at most 60000")
    .default(2000),
  GATEHOUSE_METRICS_ENABLED: bool.default(true),
  GATEHOUSE_METRICS_MAX_SERIES: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(10, "must be at least 10")
    .max(1000000, "must be at most 1000000")
    .default(5000),
  GATEHOUSE_METRICS_MAX_BUFFERED_ROWS: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(100, "must be at least 100")
    .max(10000000, "must be at most 10000000")
    .default(50000),
  GATEHOUSE_METRICS_MINUTE_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(90, "must be at most 90")
    .default(2),
  GATEHOUSE_METRICS_HOUR_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(3650, "must be at most 3650")
    .default(60),
  GATEHOUSE_METRICS_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(3650, "must be at most 3650")
    .default(400),
  GATEHOUSE_PRICE_PER_MILLION_REQUESTS: z.coerce
    .number({ message: "must be a number (currency units)" })
    .min(0, "must be at least 0")
    .max(1000000, "must be at most 1000000")
    .default(3.5),
  GATEHOUSE_PRICE_PER_GB_OUT: z.coerce
    .number({ message: "must be a number (currency units)" })
    .min(0, "must be at least 0")
    .max(1000000, "must be at most 1000000")
    .default(0.09),
  GATEHOUSE_PRICE_CACHE_PER_HOUR: z.coerce
    .number({ message: "must be a number (currency units)" })
    .min(0, "must be at least 0")
    .max(1000000, "must be at most 1000000")
    .default(0.02),
  GATEHOUSE_INVALID_KEY_LIMIT: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100000, "must be at most 100000")
    .default(20),
  GATEHOUSE_INVALID_KEY_WINDOW_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int()
    .min(1000, "must be at least 1000")
    .max(3600000, "must be at most 3600000")
    .default(60000),
  GATEHOUSE_INVALID_KEY_COOLDOWN_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int()
    .min(100, "must be at least 100")
    .max(3600000, "must be at most 3600000")
    .default(60000),
  GATEHOUSE_FUNCTION_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  GATEHOUSE_FUNCTION_CONCURRENCY: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(1000, "must be at most 1000")
    .default(10),
  GATEHOUSE_FUNCTION_IDLE_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .min(1, "must be at least 1")
    .max(86400, "must be at most 86400")
    .default(300),
  GATEHOUSE_FUNCTION_LOG_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(3650, "must be at most 3650")
    .default(7),
  GATEHOUSE_ACCESS_LOG_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(3650, "must be at most 3650")
    .default(14),
  GATEHOUSE_EXECUTION_LOG_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(3650, "must be at most 3650")
    .default(7),
  GATEHOUSE_ACCESS_LOG_STDOUT: bool.default(false),
  GATEHOUSE_INTERNAL_GATEWAY_URL: optionalString.pipe(z.url("must be a URL").optional()),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
  ),
  GATEHOUSE_REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "must be 1 to 64 letters, digits, ':', '_', '.' or '-'")
    .default("gatehouse:"),
  GATEHOUSE_ACCOUNT_RATE_LIMIT: z.coerce
    .number({ message: "must be a number of requests per second" })
    .min(0, "must be between 0 and 1000000")
    .max(1000000, "must be between 0 and 1000000")
    .default(10000),
  GATEHOUSE_ACCOUNT_BURST_LIMIT: z.coerce
    .number({ message: "must be a number of requests" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 1000000")
    .max(1000000, "must be between 0 and 1000000")
    .default(5000),
  GATEHOUSE_QUOTA_OUTAGE_POLICY: z.enum(["allow", "deny"], { message: "must be allow or deny" }).default("allow"),
  GATEHOUSE_CACHE_MAX_MEMORY_MB: z.coerce
    .number({ message: "must be a number of megabytes" })
    .int("must be a whole number of megabytes")
    .min(16, "must be between 16 and 1048576")
    .max(1048576, "must be between 16 and 1048576")
    .default(512),
});

export type TSettings = z.infer<typeof ZSettings> & { dataDir: string };

export class SettingsError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/** Parses the environment; every problem is reported together. */
export function loadSettings(env: Record<string, string | undefined> = process.env): Readonly<TSettings> {
  const result = ZSettings.safeParse(env);
  if (!result.success) {
    throw new SettingsError(
      result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  return Object.freeze({
    ...result.data,
    dataDir: path.resolve(result.data.GATEHOUSE_DATA_DIR),
  });
}

export const SETTING_NAMES = Object.keys(ZSettings.shape);

/** The URL at which users reach the gateway, used to print invoke URLs. */
export function publicGatewayUrl(settings: Pick<TSettings, "GATEHOUSE_PUBLIC_GATEWAY_URL" | "GATEWAY_PORT">): string {
  return (settings.GATEHOUSE_PUBLIC_GATEWAY_URL ?? `http://localhost:${settings.GATEWAY_PORT}`).replace(/\/$/, "");
}

/** AWS-style invoke URL of a stage: http://{apiId}.execute-api.{host}/{stage}. */
export function invokeUrl(gatewayUrl: string, apiId: string, stage: string): string {
  const url = new URL(gatewayUrl);
  url.hostname = `${apiId}.execute-api.${url.hostname}`;
  return `${url.origin}/${stage}`;
}

/**
 * Memory (bytes) one gateway process may give its in-memory response cache:
 * GATEHOUSE_CACHE_MAX_MEMORY_MB. A stage's cacheClusterSize must fit in it.
 */
export function cacheMaxMemoryBytes(env: Record<string, string | undefined> = process.env): number {
  const parsed = ZSettings.shape.GATEHOUSE_CACHE_MAX_MEMORY_MB.safeParse(env.GATEHOUSE_CACHE_MAX_MEMORY_MB);
  return (parsed.success ? parsed.data : 512) * 1024 * 1024;
}

import { z } from "zod";

/**
 * Account-level throttle limits (AWS GetAccount `throttleSettings`): stored as
 * JSON in SystemSetting under ACCOUNT_LIMITS_KEY when an admin changes them;
 * absent, the GATEHOUSE_ACCOUNT_RATE_LIMIT / _BURST_LIMIT settings apply. The
 * gateway reloads them on `{"kind":"account"}` notices.
 */
export const ACCOUNT_LIMITS_KEY = "account.throttleSettings";

export const MAX_ACCOUNT_RATE_LIMIT = 1_000_000;
export const MAX_ACCOUNT_BURST_LIMIT = 1_000_000;

export const ZAccountThrottle = z.object({
  rateLimit: z
    .number({ message: `must be a number of requests per second between 0 and ${MAX_ACCOUNT_RATE_LIMIT}` })
    .min(0, `must be between 0 and ${MAX_ACCOUNT_RATE_LIMIT}`)
    .max(MAX_ACCOUNT_RATE_LIMIT, `must be between 0 and ${MAX_ACCOUNT_RATE_LIMIT}`),
  burstLimit: z
    .number({ message: `must be a whole number of requests between 0 and ${MAX_ACCOUNT_BURST_LIMIT}` })
    .int(`must be a whole number between 0 and ${MAX_ACCOUNT_BURST_LIMIT}`)
    .min(0, `must be between 0 and ${MAX_ACCOUNT_BURST_LIMIT}`)
    .max(MAX_ACCOUNT_BURST_LIMIT, `must be between 0 and ${MAX_ACCOUNT_BURST_LIMIT}`),
});
export type TAccountThrottle = z.infer<typeof ZAccountThrottle>;

/** The stored value if it is valid JSON of the right shape, else null (the defaults apply). */
export function parseStoredAccountThrottle(value: string | null | undefined): TAccountThrottle | null {
  if (!value) return null;
  try {
    const parsed = ZAccountThrottle.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

import { z } from "zod";
import { ZAccountThrottle } from "../account-limits";

/** Contract of the traffic-management routes (issue 8): account limits and AWS patch operations. */

export { ZAccountThrottle };

/** One AWS patch operation (`{op, path, value}`; values are strings on AWS, numbers are accepted too). */
export const ZPatchOperation = z.object({
  op: z.enum(["replace", "add", "remove", "copy", "move", "test"]).default("replace"),
  path: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  from: z.string().optional(),
});

/**
 * PATCH /account body: `{throttleSettings: {rateLimit?, burstLimit?}}`, AWS's patch operations
 * (`/throttle/rateLimit`, `/throttle/burstLimit`), or `{reset: true}` for the settings' defaults.
 */
export const ZUpdateAccount = z.object({
  throttleSettings: ZAccountThrottle.partial().optional(),
  patchOperations: z.array(ZPatchOperation).optional(),
  reset: z.boolean().optional(),
});

/** GET /account: AWS GetAccount's `throttleSettings`, plus the settings' defaults and whether an admin changed them. */
export const ZAccountOut = z.object({
  throttleSettings: ZAccountThrottle,
  defaults: ZAccountThrottle,
  customized: z.boolean(),
});
export type TAccount = z.infer<typeof ZAccountOut>;

import { z } from "zod";

/**
 * Enable CORS on a REST resource (`POST …/resources/{rid}/cors`), as the AWS
 * console's action: an OPTIONS MOCK method answering preflights, the
 * Access-Control-Allow-Origin header on the resource's other methods, and
 * CORS headers on DEFAULT_4XX/DEFAULT_5XX — ordinary configuration afterwards.
 */

const headerName = z.string().trim().min(1).max(256).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Must be an HTTP header name");
const VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export const ZEnableCors = z.strictObject({
  /** `"*"`, or origins such as `https://app.example.com`. A static mapping carries one value: the first is used (see the result's notes). */
  allowOrigins: z.union([z.literal("*"), z.array(z.string().trim().min(1).max(2048).regex(/^(\*|https?:\/\/[^\s/'"]+)$/, "Must be * or an origin like https://app.example.com")).min(1).max(50)]),
  allowMethods: z.array(z.enum(VERBS)).min(1, "Choose at least one method"),
  allowHeaders: z.array(headerName).max(100).default(["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"]),
  exposeHeaders: z.array(headerName).max(100).optional(),
  maxAgeSeconds: z.number().int().min(0).max(86_400).optional(),
  allowCredentials: z.boolean().optional(),
  /** Also add the headers to DEFAULT_4XX and DEFAULT_5XX (default true), so browsers can read gateway errors. */
  gatewayResponses: z.boolean().default(true),
});
export type TEnableCorsInput = z.output<typeof ZEnableCors>;

export interface TCorsChange {
  /** e.g. `OPTIONS /pets`, `GET /pets`, `DEFAULT_4XX`. */
  target: string;
  action: "created" | "updated" | "skipped";
  detail: string;
}

export interface TEnableCorsResult {
  resourceId: string;
  path: string;
  /** The static values mapped, by header name. */
  headers: Record<string, string>;
  changes: TCorsChange[];
  /** Limitations to know about (several origins, proxy integrations, …). */
  notes: string[];
}

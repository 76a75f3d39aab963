import { z } from "zod";
import { parseFunctionArn } from "../arn";

/**
 * Remote functions (`/api/v1/remote-functions`): a function ARN mapped to an
 * AWS Lambda Invoke API endpoint and the credentials to sign calls with.
 * Secrets go in and never come back: responses carry `accessKeyId` and
 * `hasSecret: true` (and `hasSessionToken`).
 */

export const ZRemoteFunctionArn = z
  .string()
  .refine((v) => parseFunctionArn(v) !== null, "Must be a function ARN: arn:aws:lambda:{region}:{account}:function:{name}[:qualifier]");
export const ZRemoteEndpoint = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "http:" || url.protocol === "https:") && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, "Must be an http:// or https:// URL without query or fragment");
export const ZAwsRegion = z.string().regex(/^[a-z0-9-]{1,32}$/, "Must be a region such as us-east-1");
const ZAccessKeyId = z.string().min(1, "Required").max(128);
const ZSecret = z.string().min(1, "Required").max(4096);

export const ZCreateRemoteFunction = z.strictObject({
  functionArn: ZRemoteFunctionArn,
  endpoint: ZRemoteEndpoint,
  region: ZAwsRegion.optional(),
  accessKeyId: ZAccessKeyId,
  secretAccessKey: ZSecret,
  sessionToken: ZSecret.optional(),
  description: z.string().max(1024).optional(),
});

export const ZUpdateRemoteFunction = z.strictObject({
  version: z.number().int(),
  endpoint: ZRemoteEndpoint.optional(),
  region: ZAwsRegion.optional(),
  accessKeyId: ZAccessKeyId.optional(),
  /** A new secret (rotation); absent keeps the stored one. */
  secretAccessKey: ZSecret.optional(),
  /** A new session token; null removes it. */
  sessionToken: ZSecret.nullable().optional(),
  description: z.string().max(1024).optional(),
});

export interface TRemoteFunction {
  id: string;
  functionArn: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  hasSecret: true;
  hasSessionToken: boolean;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

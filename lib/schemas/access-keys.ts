import { z } from "zod";

/**
 * SigV4 access keys (`/api/v1/accesskeys`): key pairs that sign requests to
 * AWS_IAM methods. The secret is returned once, by the create call; later
 * reads carry only a masked hint (`secretHint`).
 */

export const ACCESS_KEY_ID = /^GHAK[A-Z0-9]{16}$/;
const ZRestApiId = z.string().regex(/^[a-z0-9]{10}$/, "Must be a REST API id (10 lowercase letters and digits)");

export const ZCreateAccessKey = z.strictObject({
  name: z.string().trim().min(1, "Required").max(64).regex(/^[\w+=,.@ -]+$/, "Letters, digits, spaces and + = , . @ _ - only"),
  /** The user the key belongs to (admins and owners may choose; others always get their own). */
  userId: z.string().min(1).nullable().optional(),
  enabled: z.boolean().default(true),
  /** The APIs the key may call; empty or absent: every API. */
  restApiIds: z.array(ZRestApiId).max(100).default([]),
});

export const ZUpdateAccessKey = z.strictObject({
  version: z.number().int(),
  name: ZCreateAccessKey.shape.name.optional(),
  enabled: z.boolean().optional(),
  restApiIds: z.array(ZRestApiId).max(100).optional(),
});

export interface TAccessKey {
  /** The access key id, e.g. `GHAKX7Q2…` (20 characters). */
  id: string;
  name: string;
  userId: string | null;
  userEmail: string | null;
  enabled: boolean;
  restApiIds: string[];
  /** The secret's last four characters after asterisks: enough to tell keys apart, never to use one. */
  secretHint: string;
  /** `arn:aws:iam::{account}:user/{name}`: what `$context.identity.userArn` shows for requests it signs. */
  userArn: string;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The create answer: the key and, this once, its secret. */
export interface TCreatedAccessKey {
  accessKey: TAccessKey;
  secretAccessKey: string;
}

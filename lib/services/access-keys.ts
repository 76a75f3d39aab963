import { randomBytes, randomInt } from "node:crypto";
import type { z } from "zod";
import type { Db } from "../db";
import type { AccessKey, User } from "../generated/prisma/client";
import { AppError } from "../errors";
import { decryptSecret, encryptSecret } from "../secrets";
import type { TAccessKey, TCreatedAccessKey, ZCreateAccessKey, ZUpdateAccessKey } from "../schemas/access-keys";
import { notifyGateway } from "./deploy";
import { actorName, can, type Principal } from "./permissions";
import { expectUpdated, expectVersion, invalid, iso, notFound, type Tx } from "./shared";

/**
 * SigV4 access keys for AWS_IAM methods. Who may do what: admins and owners
 * (the `edit` permission) manage every key and may issue keys to any user or
 * to no user (an application key); any other signed-in user manages only
 * keys of their own (as an IAM user manages their own access keys). The
 * secret is stored encrypted with GATEHOUSE_SECRET_KEY — verifying a
 * signature needs it — and returned only by the create call. Every change
 * notifies the gateway in the same transaction.
 */

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `GHAK` + 16 uppercase letters and digits: 20 characters, like AWS's `AKIA…`. */
export function generateAccessKeyId(): string {
  let id = "GHAK";
  for (let i = 0; i < 16; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** 40 characters of base64 (A–Z a–z 0–9 + /), like AWS's secret access keys. */
export function generateSecretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

export const maskSecret = (secret: string) => `${"*".repeat(16)}${secret.slice(-4)}`;

function accountId(): string {
  const configured = process.env.GATEHOUSE_ACCOUNT_ID;
  return configured && /^\d{12}$/.test(configured) ? configured : "000000000000";
}

/** As the gateway names the key's caller (gateway/pipeline/verify-signature.ts). */
export const accessKeyUserArn = (name: string, account = accountId()) => `arn:aws:iam::${account}:user/${name.replace(/[^\w+=,.@-]/g, "-") || "access-key"}`;

function secretKey(): string {
  const key = process.env.GATEHOUSE_SECRET_KEY;
  if (!key) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: access key secrets cannot be stored.");
  return key;
}

type Row = AccessKey & { user?: Pick<User, "email"> | null };

function hint(row: AccessKey): string {
  const key = process.env.GATEHOUSE_SECRET_KEY;
  try {
    return key ? maskSecret(decryptSecret(row.secretEncrypted, key)) : "****************";
  } catch {
    return "****************";
  }
}

function present(row: Row): TAccessKey {
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    userEmail: row.user?.email ?? null,
    enabled: row.enabled,
    restApiIds: row.restApiIds,
    secretHint: hint(row),
    userArn: accessKeyUserArn(row.name),
    createdBy: row.createdBy,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const INCLUDE = { user: { select: { email: true } } } as const;
const managesAll = (principal: Principal) => can(principal.role, "edit");

/** The key, if the principal may see it (others' keys answer 404, as if absent). */
async function requireKey(db: Db | Tx, principal: Principal, id: string): Promise<Row> {
  const row = await db.accessKey.findUnique({ where: { id }, include: INCLUDE });
  if (!row || (!managesAll(principal) && row.userId !== principal.userId)) throw notFound(`Access key ${id} does not exist.`);
  return row;
}

export async function listAccessKeys(db: Db, principal: Principal): Promise<TAccessKey[]> {
  const rows = await db.accessKey.findMany({
    where: managesAll(principal) ? {} : { userId: principal.userId ?? "-" },
    orderBy: { createdAt: "desc" },
    include: INCLUDE,
  });
  return rows.map(present);
}

export async function getAccessKey(db: Db, principal: Principal, id: string): Promise<TAccessKey> {
  return present(await requireKey(db, principal, id));
}

export async function createAccessKey(db: Db, principal: Principal, input: z.output<typeof ZCreateAccessKey>): Promise<TCreatedAccessKey> {
  const key = secretKey();
  let userId: string | null;
  if (managesAll(principal)) userId = input.userId === undefined ? principal.userId : input.userId;
  else {
    if (input.userId && input.userId !== principal.userId) throw new AppError("forbidden", "Only admins and owners can issue access keys to other users.");
    if (!principal.userId) throw new AppError("forbidden", "This principal has no user to own an access key.");
    userId = principal.userId;
  }
  if (userId && !(await db.user.findUnique({ where: { id: userId } }))) throw invalid([{ field: "userId", message: `User ${userId} does not exist` }]);
  const secret = generateSecretAccessKey();
  return db.$transaction(async (tx) => {
    const row = await tx.accessKey.create({
      data: {
        id: generateAccessKeyId(),
        name: input.name,
        userId,
        secretEncrypted: encryptSecret(secret, key),
        enabled: input.enabled,
        restApiIds: [...new Set(input.restApiIds)],
        createdBy: actorName(principal),
      },
      include: INCLUDE,
    });
    await notifyGateway(tx, { kind: "access", what: "access-key", id: row.id });
    return { accessKey: present(row), secretAccessKey: secret };
  });
}

/** Renames, enables or disables, or changes the allowed APIs; reaches the gateway without a redeploy. 409 on a stale version. */
export async function updateAccessKey(db: Db, principal: Principal, id: string, input: z.output<typeof ZUpdateAccessKey>): Promise<TAccessKey> {
  const current = await requireKey(db, principal, id);
  expectVersion(`Access key ${id}`, current.version, input.version);
  return db.$transaction(async (tx) => {
    const result = await tx.accessKey.updateMany({
      where: { id, version: input.version },
      data: {
        name: input.name,
        enabled: input.enabled,
        restApiIds: input.restApiIds ? [...new Set(input.restApiIds)] : undefined,
        version: { increment: 1 },
      },
    });
    expectUpdated(`Access key ${id}`, result);
    await notifyGateway(tx, { kind: "access", what: "access-key", id });
    return present(await tx.accessKey.findUniqueOrThrow({ where: { id }, include: INCLUDE }));
  });
}

export async function deleteAccessKey(db: Db, principal: Principal, id: string): Promise<void> {
  await requireKey(db, principal, id);
  await db.$transaction(async (tx) => {
    const result = await tx.accessKey.deleteMany({ where: { id } });
    if (result.count === 0) throw notFound(`Access key ${id} does not exist.`);
    await notifyGateway(tx, { kind: "access", what: "access-key", id });
  });
}

export const BOOTSTRAP_ACCESS_KEY_NAME = "bootstrap (GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID)";

/**
 * Ensures the admin key pair of GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID /
 * GATEHOUSE_BOOTSTRAP_SECRET_ACCESS_KEY (for automation and CI, as the
 * bootstrap token is); with neither set, removes the one of an earlier start.
 */
export async function ensureBootstrapAccessKey(
  db: Db,
  pair: { accessKeyId?: string; secretAccessKey?: string },
  secretKey: string,
): Promise<"created" | "updated" | "unchanged" | "removed" | "none"> {
  if (Boolean(pair.accessKeyId) !== Boolean(pair.secretAccessKey)) {
    throw new AppError("bad-request", "Set both GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID and GATEHOUSE_BOOTSTRAP_SECRET_ACCESS_KEY, or neither.");
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.accessKey.findMany({ where: { bootstrap: true } });
    const stale = existing.filter((k) => k.id !== pair.accessKeyId);
    if (stale.length > 0) await tx.accessKey.deleteMany({ where: { id: { in: stale.map((k) => k.id) } } });
    for (const k of stale) await notifyGateway(tx, { kind: "access", what: "access-key", id: k.id });
    if (!pair.accessKeyId || !pair.secretAccessKey) return stale.length > 0 ? "removed" : "none";
    const id = pair.accessKeyId;
    const current = await tx.accessKey.findUnique({ where: { id } });
    let same = false;
    if (current?.bootstrap && current.enabled && current.userId === null) {
      try {
        same = decryptSecret(current.secretEncrypted, secretKey) === pair.secretAccessKey;
      } catch {
        same = false;
      }
    }
    if (same) return "unchanged";
    const data = {
      name: BOOTSTRAP_ACCESS_KEY_NAME,
      userId: null,
      secretEncrypted: encryptSecret(pair.secretAccessKey, secretKey),
      enabled: true,
      restApiIds: [],
      bootstrap: true,
      createdBy: "GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID",
    };
    // A user's key with the same id: the setting wins, as for the bootstrap token.
    if (current) await tx.accessKey.update({ where: { id }, data: { ...data, version: { increment: 1 } } });
    else await tx.accessKey.create({ data: { id, ...data } });
    await notifyGateway(tx, { kind: "access", what: "access-key", id });
    return current ? "updated" : "created";
  });
}

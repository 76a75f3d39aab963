import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db";
import type { PersonalAccessToken, User } from "../generated/prisma/client";
import type { TToken, ZCreateToken } from "../schemas/management";
import type { z } from "zod";
import { AppError } from "../errors";
import { lesserRole, type Principal } from "./permissions";
import { iso, notFound } from "./shared";

/** Personal access tokens: `Authorization: Bearer gh_…`. Only a SHA-256 of the secret is stored. */

export const TOKEN_PREFIX = "gh_";
export const BOOTSTRAP_TOKEN_NAME = "Bootstrap token (GATEHOUSE_BOOTSTRAP_TOKEN)";
/** lastUsedAt is written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(30).toString("base64url")}`;
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What the console shows to tell tokens apart: never enough to use it. */
export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}

type TokenRow = PersonalAccessToken & { user?: Pick<User, "email"> | null };

export function toToken(row: TokenRow, now = new Date()): TToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdDate: iso(row.createdAt),
    lastUsedDate: row.lastUsedAt ? iso(row.lastUsedAt) : null,
    expiresDate: row.expiresAt ? iso(row.expiresAt) : null,
    revoked: row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now),
    userEmail: row.user?.email ?? null,
    bootstrap: row.bootstrap,
  };
}

/** The tokens a principal owns: its user's, or for the userless bootstrap token, the userless ones. */
function ownedBy(principal: Principal) {
  return { userId: principal.userId };
}

export async function listTokens(db: Db, principal: Principal, all = false): Promise<TToken[]> {
  if (all && principal.role !== "admin") throw new AppError("forbidden", "Only admins can list every user's tokens.");
  const rows = await db.personalAccessToken.findMany({
    where: all ? {} : ownedBy(principal),
    orderBy: { createdAt: "desc" },
    include: { user: { select: { email: true } } },
  });
  return rows.map((r) => toToken(r));
}

/** Creates a token carrying the creator's role; the secret is returned this once. */
export async function createToken(
  db: Db,
  principal: Principal,
  input: z.output<typeof ZCreateToken>,
  now = new Date(),
): Promise<{ token: TToken; secret: string }> {
  const secret = generateTokenSecret();
  const row = await db.personalAccessToken.create({
    data: {
      name: input.name,
      userId: principal.userId,
      role: principal.role,
      tokenHash: hashToken(secret),
      prefix: tokenDisplayPrefix(secret),
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    },
    include: { user: { select: { email: true } } },
  });
  return { token: toToken(row, now), secret };
}

/** Revokes one of the principal's tokens (admins: anyone's). Others' tokens answer 404. */
export async function revokeToken(db: Db, principal: Principal, tokenId: string): Promise<void> {
  const row = await db.personalAccessToken.findUnique({ where: { id: tokenId } });
  const mine = row && (principal.role === "admin" || row.userId === principal.userId);
  if (!row || !mine) throw notFound(`Token ${tokenId} does not exist.`);
  if (row.revokedAt) return;
  await db.personalAccessToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
}

/**
 * The principal a bearer secret stands for, or null when it is unknown,
 * revoked, expired, or its user is disabled or gone. A token never grants
 * more than its user's current role.
 */
export async function principalFromToken(db: Db, secret: string, now = new Date()): Promise<Principal | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.personalAccessToken.findUnique({ where: { tokenHash: hashToken(secret) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (row.userId && (!row.user || row.user.disabled)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.personalAccessToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    userId: row.userId,
    email: row.user?.email ?? null,
    name: row.user?.name || row.name,
    role: row.user ? lesserRole(row.role, row.user.role) : row.role,
    via: "token",
    tokenId: row.id,
    tokenName: row.name,
  };
}

/**
 * Ensures GATEHOUSE_BOOTSTRAP_TOKEN at start: an admin token with exactly that
 * value (created, or updated when the value changed, and un-revoked). Without
 * the setting, a bootstrap token left from an earlier start is revoked.
 */
export async function ensureBootstrapToken(db: Db, value: string | undefined): Promise<"created" | "updated" | "unchanged" | "revoked" | "none"> {
  return db.$transaction(async (tx) => {
    const existing = await tx.personalAccessToken.findMany({ where: { bootstrap: true }, orderBy: { createdAt: "asc" } });
    if (!value) {
      const active = existing.filter((t) => !t.revokedAt);
      if (active.length === 0) return "none";
      await tx.personalAccessToken.updateMany({ where: { id: { in: active.map((t) => t.id) } }, data: { revokedAt: new Date() } });
      return "revoked";
    }
    const tokenHash = hashToken(value);
    const [keep, ...extra] = existing;
    if (extra.length > 0) await tx.personalAccessToken.deleteMany({ where: { id: { in: extra.map((t) => t.id) } } });
    // A user's token with the same value would collide on the unique hash: the setting wins.
    await tx.personalAccessToken.deleteMany({ where: { tokenHash, bootstrap: false } });
    const data = {
      name: BOOTSTRAP_TOKEN_NAME,
      userId: null,
      role: "admin" as const,
      tokenHash,
      prefix: tokenDisplayPrefix(value),
      revokedAt: null,
      expiresAt: null,
    };
    if (!keep) {
      await tx.personalAccessToken.create({ data: { ...data, bootstrap: true } });
      return "created";
    }
    if (keep.tokenHash === tokenHash && !keep.revokedAt && !keep.expiresAt && keep.role === "admin") return "unchanged";
    await tx.personalAccessToken.update({ where: { id: keep.id }, data });
    return "updated";
  });
}

import type { z } from "zod";
import type { Db } from "../db";
import type { User } from "../generated/prisma/client";
import type { TUser, ZCreateUser, ZUpdateUser } from "../schemas/management";
import { AppError } from "../errors";
import { generatePassword, hashPassword } from "../server/passwords";
import { expectUpdated, expectVersion, invalid, iso, notFound, type Tx } from "./shared";

/** Console users (admin only). The last enabled admin cannot be demoted, disabled or deleted. */

export function toUser(row: User): TUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled, createdDate: iso(row.createdAt), version: row.version };
}

export async function listUsers(db: Db): Promise<TUser[]> {
  return (await db.user.findMany({ orderBy: { email: "asc" } })).map(toUser);
}

export async function getUser(db: Db, userId: string): Promise<TUser> {
  const row = await db.user.findUnique({ where: { id: userId } });
  if (!row) throw notFound(`User ${userId} does not exist.`);
  return toUser(row);
}

export async function createUser(db: Db, input: z.output<typeof ZCreateUser>): Promise<{ user: TUser; password?: string }> {
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw invalid([{ field: "email", message: `A user with the email ${input.email} already exists` }]);
    }
    const row = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
    return { user: toUser(row), password: input.password ? undefined : password };
  });
}

/**
 * Locks the enabled admins' rows for the rest of the transaction, so two
 * concurrent demotions cannot both see "another admin remains".
 */
async function lockEnabledAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE "role" = 'admin' AND "disabled" = false FOR UPDATE`;
  return rows.map((r) => r.id);
}

async function refuseIfLastAdmin(tx: Tx, user: User, action: string): Promise<void> {
  if (user.role !== "admin" || user.disabled) return;
  const admins = await lockEnabledAdmins(tx);
  if (admins.length <= 1 && admins.includes(user.id)) {
    throw new AppError("bad-request", `${user.email} is the last enabled admin and cannot be ${action}. Make another user an admin first.`, [
      { field: action === "demoted" ? "role" : action === "disabled" ? "disabled" : "userId", message: "The last enabled admin must stay an enabled admin" },
    ]);
  }
}

export async function updateUser(db: Db, userId: string, input: z.output<typeof ZUpdateUser>): Promise<TUser> {
  return db.$transaction(async (tx) => {
    const row = await tx.user.findUnique({ where: { id: userId } });
    if (!row) throw notFound(`User ${userId} does not exist.`);
    expectVersion(`User ${row.email}`, row.version, input.version);
    if (input.role !== undefined && input.role !== "admin") await refuseIfLastAdmin(tx, row, "demoted");
    if (input.disabled === true) await refuseIfLastAdmin(tx, row, "disabled");
    const result = await tx.user.updateMany({
      where: { id: userId, version: input.version },
      data: { name: input.name, role: input.role, disabled: input.disabled, version: { increment: 1 } },
    });
    expectUpdated(`User ${row.email}`, result);
    return toUser(await tx.user.findUniqueOrThrow({ where: { id: userId } }));
  });
}

export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.user.findUnique({ where: { id: userId } });
    if (!row) throw notFound(`User ${userId} does not exist.`);
    await refuseIfLastAdmin(tx, row, "deleted");
    await tx.user.delete({ where: { id: userId } });
  });
}

/** Sets a new generated password and returns it (shown once). */
export async function resetPassword(db: Db, userId: string): Promise<{ password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const result = await db.user.updateMany({ where: { id: userId }, data: { passwordHash, version: { increment: 1 } } });
  if (result.count === 0) throw notFound(`User ${userId} does not exist.`);
  return { password };
}

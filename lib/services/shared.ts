import { Prisma } from "../generated/prisma/client";
import { AppError, type FieldProblem } from "../errors";

/** A Prisma client inside `$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

/** JSON columns holding string → string maps (templates, parameters, variables). */
export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** JSON columns holding string → boolean maps (method request parameters, response parameters). */
export function boolMap(value: unknown): Record<string, boolean> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, boolean] => typeof e[1] === "boolean"));
}

/** 409 unless the caller's version is the row's: the caller edited what it read. */
export function expectVersion(what: string, current: number, sent: number): void {
  if (current !== sent) throw staleVersion(what);
}

/** For `updateMany({ where: { id, version } })`: no row updated means someone saved in between. */
export function expectUpdated(what: string, result: { count: number }): void {
  if (result.count === 0) throw staleVersion(what);
}

function staleVersion(what: string): AppError {
  return new AppError("conflict", `${what} was changed by someone else since you loaded it. Reload and apply your change again.`);
}

export function notFound(message: string): AppError {
  return new AppError("not-found", message);
}

/** 400 validation-failed listing each field problem; the message names the fields too. */
export function invalid(problems: FieldProblem[]): AppError {
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  return new AppError("validation-failed", `Invalid request: ${summary}`, problems);
}

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw invalid(problems);
}

export const iso = (d: Date) => d.toISOString();

/**
 * Database errors a concurrent edit can cause, as service errors (null for any
 * other error): a row gone meanwhile is not-found; a unique, foreign-key or
 * serialization clash is a conflict. Used at every API edge (console routes,
 * the AWS control plane).
 */
export function appErrorFromDatabase(err: unknown, retryHint = "Reload and try again."): AppError | null {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return null;
  if (err.code === "P2025") return new AppError("not-found", "The object no longer exists.");
  if (err.code === "P2002" || err.code === "P2003" || err.code === "P2034") return new AppError("conflict", `Someone else changed this at the same time. ${retryHint}`);
  return null;
}

import type { Db } from "../db";
import { AppError } from "../errors";
import type { TFunctionPermission } from "../schemas/functions";
import { iso, notFound } from "./shared";

/**
 * A function's resource-based policy (Lambda AddPermission / RemovePermission /
 * GetPolicy): statements are recorded and shown on the function's page; the
 * gateway does not evaluate them.
 */

export interface AddFunctionPermission {
  statementId: string;
  action: string;
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
  /** "" (default) for the unqualified function, else a published version number. */
  qualifier?: string;
}

type Row = { statementId: string; action: string; principal: string; sourceArn: string | null; sourceAccount: string | null; qualifier: string; createdBy: string; createdAt: Date };

const present = (r: Row): TFunctionPermission => ({
  statementId: r.statementId,
  action: r.action,
  principal: r.principal,
  sourceArn: r.sourceArn,
  sourceAccount: r.sourceAccount,
  qualifier: r.qualifier,
  createdBy: r.createdBy,
  createdDate: iso(r.createdAt),
});

async function requireFunctionId(db: Pick<Db, "function">, name: string): Promise<string> {
  const row = await db.function.findUnique({ where: { name }, select: { id: true } });
  if (!row) throw notFound(`Function ${name} does not exist.`);
  return row.id;
}

/** The statements, oldest first; only one qualifier's when `qualifier` is given ("" = the unqualified function). */
export async function listFunctionPermissions(db: Db, name: string, qualifier?: string): Promise<TFunctionPermission[]> {
  const functionId = await requireFunctionId(db, name);
  const rows = await db.functionPermission.findMany({
    where: { functionId, ...(qualifier !== undefined ? { qualifier } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(present);
}

/** Adds a statement; 409 when the statement id is taken for that qualifier, 404 for a missing function or version. */
export async function addFunctionPermission(db: Db, name: string, input: AddFunctionPermission, createdBy: string): Promise<TFunctionPermission> {
  const qualifier = input.qualifier ?? "";
  return db.$transaction(async (tx) => {
    const functionId = await requireFunctionId(tx, name);
    if (qualifier !== "") {
      const version = /^[1-9]\d{0,9}$/.test(qualifier)
        ? await tx.functionVersion.findUnique({ where: { functionId_number: { functionId, number: Number(qualifier) } }, select: { id: true } })
        : null;
      if (!version) throw notFound(`Function ${name} has no version ${qualifier}.`);
    }
    const existing = await tx.functionPermission.findUnique({ where: { functionId_qualifier_statementId: { functionId, qualifier, statementId: input.statementId } } });
    if (existing) {
      throw new AppError("conflict", `The statement id (${input.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
    }
    const row = await tx.functionPermission.create({
      data: {
        functionId,
        statementId: input.statementId,
        action: input.action,
        principal: input.principal,
        sourceArn: input.sourceArn ?? null,
        sourceAccount: input.sourceAccount ?? null,
        qualifier,
        createdBy,
      },
    });
    return present(row);
  });
}

/** Removes a statement; 404 when there is none with that id for the qualifier. */
export async function removeFunctionPermission(db: Db, name: string, statementId: string, qualifier = ""): Promise<void> {
  const functionId = await requireFunctionId(db, name);
  const result = await db.functionPermission.deleteMany({ where: { functionId, qualifier, statementId } });
  if (result.count === 0) throw new AppError("not-found", `Statement ${statementId} is not found in resource policy.`);
}

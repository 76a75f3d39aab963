import type { z } from "zod";
import type { Db } from "../db";
import { ZFunctionTags, type TCodePackage, type TLambdaFunction, type ZTagFunction } from "../schemas/functions";
import { lockFunction, present, presentVersion } from "./functions";
import { invalid, notFound, stringMap } from "./shared";

/**
 * What the Lambda API (lib/aws-control/lambda) reads and changes beyond the
 * console's view of a function: its role, tags and uploaded package, kept in
 * the Function/FunctionVersion rows so every change is one transaction with
 * the function's own and goes away with the row.
 */

const packageOf = (row: { packageSha256: string | null; packageSize: number | null }): TCodePackage | null =>
  row.packageSha256 !== null && row.packageSize !== null ? { sha256: row.packageSha256, size: row.packageSize } : null;

/** A function with its published versions (oldest first), read in one query. */
export async function getLambdaFunction(db: Db, name: string): Promise<TLambdaFunction> {
  const row = await db.function.findUnique({ where: { name }, include: { versions: { orderBy: { number: "asc" } } } });
  if (!row) throw notFound(`Function ${name} does not exist.`);
  return {
    ...present(row, row.versions.length),
    role: row.role,
    tags: stringMap(row.tags),
    codePackage: packageOf(row),
    versions: row.versions.map((v) => ({ ...presentVersion(name, v), codePackage: packageOf(v) })),
  };
}

/**
 * Merges `set` into a function's tags and drops `remove` (Lambda TagResource/UntagResource), under the row's
 * lock so concurrent tag changes do not lose each other; the result is checked whole (400, nothing saved).
 * The function's version and updatedAt stay: tags are not configuration (Lambda's RevisionId and LastModified do not move,
 * and an editor open in the console can still save).
 */
export async function tagFunction(db: Db, name: string, input: z.output<typeof ZTagFunction>): Promise<Record<string, string>> {
  return db.$transaction(async (tx) => {
    const row = await lockFunction(tx, name);
    const tags: Record<string, string> = { ...stringMap(row.tags), ...input.set };
    for (const key of input.remove) delete tags[key];
    const checked = ZFunctionTags.safeParse(tags);
    if (!checked.success) {
      throw invalid(checked.error.issues.map((i) => ({ field: ["tags", ...i.path.map(String)].join("."), message: i.message })));
    }
    await tx.function.update({ where: { id: row.id }, data: { tags: checked.data, updatedAt: row.updatedAt } });
    return checked.data;
  });
}

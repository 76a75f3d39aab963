import type { z } from "zod";
import type { Db } from "../db";
import type { RequestValidator } from "../generated/prisma/client";
import { AppError } from "../errors";
import { randomId } from "../ids";
import type { TRequestValidator, ZCreateRequestValidator, ZUpdateRequestValidator } from "../schemas/management";
import { requireApi } from "./restapis";
import { expectUpdated, expectVersion, notFound, type Tx } from "./shared";

/** Request validators of an API (`/restapis/{id}/requestvalidators`); methods name one by id in requestValidatorId. */

export function toRequestValidator(row: RequestValidator): TRequestValidator {
  return {
    id: row.id,
    name: row.name,
    validateRequestBody: row.validateRequestBody,
    validateRequestParameters: row.validateRequestParameters,
    version: row.version,
  };
}

export async function requireRequestValidator(tx: Tx | Db, restApiId: string, id: string): Promise<RequestValidator> {
  const row = await tx.requestValidator.findFirst({ where: { id, restApiId } });
  if (!row) {
    await requireApi(tx, restApiId);
    throw notFound(`Request validator ${id} does not exist in REST API ${restApiId}.`);
  }
  return row;
}

async function refuseDuplicateName(tx: Tx, restApiId: string, name: string, exceptId?: string) {
  const other = await tx.requestValidator.findUnique({ where: { restApiId_name: { restApiId, name } } });
  if (other && other.id !== exceptId) throw new AppError("conflict", `A request validator named ${name} already exists in this API.`);
}

export async function listRequestValidators(db: Db, restApiId: string): Promise<TRequestValidator[]> {
  await requireApi(db, restApiId);
  const rows = await db.requestValidator.findMany({ where: { restApiId }, orderBy: { name: "asc" } });
  return rows.map(toRequestValidator);
}

export async function getRequestValidator(db: Db, restApiId: string, id: string): Promise<TRequestValidator> {
  return toRequestValidator(await requireRequestValidator(db, restApiId, id));
}

export async function createRequestValidator(db: Db, restApiId: string, input: z.output<typeof ZCreateRequestValidator>): Promise<TRequestValidator> {
  return db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    await refuseDuplicateName(tx, restApiId, input.name);
    const row = await tx.requestValidator.create({
      data: {
        id: randomId(6),
        restApiId,
        name: input.name,
        validateRequestBody: input.validateRequestBody,
        validateRequestParameters: input.validateRequestParameters,
      },
    });
    return toRequestValidator(row);
  });
}

export async function updateRequestValidator(
  db: Db,
  restApiId: string,
  id: string,
  input: z.output<typeof ZUpdateRequestValidator>,
): Promise<TRequestValidator> {
  return db.$transaction(async (tx) => {
    const row = await requireRequestValidator(tx, restApiId, id);
    const what = `Request validator ${row.name}`;
    const version = input.version ?? row.version;
    expectVersion(what, row.version, version);
    if (input.name !== undefined) await refuseDuplicateName(tx, restApiId, input.name, id);
    const result = await tx.requestValidator.updateMany({
      where: { id, version },
      data: {
        name: input.name,
        validateRequestBody: input.validateRequestBody,
        validateRequestParameters: input.validateRequestParameters,
        version: { increment: 1 },
      },
    });
    expectUpdated(what, result);
    return toRequestValidator(await tx.requestValidator.findUniqueOrThrow({ where: { id } }));
  });
}

/** Deletes the validator; 409 while a method uses it. */
export async function deleteRequestValidator(db: Db, restApiId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireRequestValidator(tx, restApiId, id);
    const users = await tx.method.findMany({
      where: { requestValidatorId: id, resource: { restApiId } },
      include: { resource: { select: { path: true } } },
    });
    if (users.length > 0) {
      const names = users.map((m) => `${m.httpMethod} ${m.resource.path}`).sort();
      throw new AppError("conflict", `Cannot delete request validator '${row.name}', is used by method ${names.join(", ")}`);
    }
    await tx.requestValidator.delete({ where: { id } });
  });
}

import type { z } from "zod";
import type { Db } from "../db";
import type { TMethodResponse, ZPutMethodResponse } from "../schemas/management";
import { requireMethod, type MethodAddress } from "./methods";
import { toMethodResponse } from "./present";
import { expectVersion, notFound, throwIfProblems } from "./shared";

/** `…/methods/{httpMethod}/responses/{statusCode}`: PUT creates or replaces. */

const RESPONSE_PARAMETER = /^method\.response\.header\.[^\s]+$/;

export async function getMethodResponse(db: Db, at: MethodAddress, statusCode: string): Promise<TMethodResponse> {
  const { resource, method } = await requireMethod(db, at);
  const row = await db.methodResponse.findUnique({ where: { methodId_statusCode: { methodId: method.id, statusCode } } });
  if (!row) throw notFound(`${at.httpMethod} ${resource.path} has no ${statusCode} method response.`);
  return toMethodResponse(row);
}

export async function putMethodResponse(
  db: Db,
  at: MethodAddress,
  statusCode: string,
  input: z.output<typeof ZPutMethodResponse>,
  /** When given, the response must exist at this version (a read-modify-write, e.g. AWS's UpdateMethodResponse); else 409. */
  expectedVersion?: number,
): Promise<{ response: TMethodResponse; created: boolean }> {
  throwIfProblems(
    Object.keys(input.responseParameters)
      .filter((k) => !RESPONSE_PARAMETER.test(k))
      .map((k) => ({ field: `responseParameters.${k}`, message: "Use method.response.header.{name}" })),
  );
  return db.$transaction(async (tx) => {
    const { method } = await requireMethod(tx, at);
    const key = { methodId_statusCode: { methodId: method.id, statusCode } };
    const data = { responseParameters: input.responseParameters, responseModels: input.responseModels };
    const existing = await tx.methodResponse.findUnique({ where: key });
    if (expectedVersion !== undefined) expectVersion(`The ${statusCode} method response`, existing?.version ?? 0, expectedVersion);
    const row = existing
      ? await tx.methodResponse.update({ where: key, data: { ...data, version: { increment: 1 } } })
      : await tx.methodResponse.create({ data: { methodId: method.id, statusCode, ...data } });
    return { response: toMethodResponse(row), created: !existing };
  });
}

export async function deleteMethodResponse(db: Db, at: MethodAddress, statusCode: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { resource, method } = await requireMethod(tx, at);
    const result = await tx.methodResponse.deleteMany({ where: { methodId: method.id, statusCode } });
    if (result.count === 0) throw notFound(`${at.httpMethod} ${resource.path} has no ${statusCode} method response.`);
  });
}

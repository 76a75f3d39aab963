import type { z } from "zod";
import type { Db } from "../db";
import type { TIntegrationResponse, ZPutIntegrationResponse } from "../schemas/management";
import { selectionPatternProblems } from "./integration-rules";
import { requireIntegration } from "./integrations";
import type { MethodAddress } from "./methods";
import { toIntegrationResponse } from "./present";
import { expectVersion, notFound, throwIfProblems } from "./shared";
import { templateProblems } from "./template-preview";

/** `…/integration/responses/{statusCode}`: PUT creates or replaces. */

export async function getIntegrationResponse(db: Db, at: MethodAddress, statusCode: string): Promise<TIntegrationResponse> {
  const { resource, integration } = await requireIntegration(db, at);
  const row = await db.integrationResponse.findUnique({ where: { integrationId_statusCode: { integrationId: integration.id, statusCode } } });
  if (!row) throw notFound(`The integration of ${at.httpMethod} ${resource.path} has no ${statusCode} response.`);
  return toIntegrationResponse(row);
}

export async function putIntegrationResponse(
  db: Db,
  at: MethodAddress,
  statusCode: string,
  input: z.output<typeof ZPutIntegrationResponse>,
  /** When given, the response must exist at this version (a read-modify-write, e.g. AWS's UpdateIntegrationResponse); else 409. */
  expectedVersion?: number,
): Promise<{ response: TIntegrationResponse; created: boolean }> {
  throwIfProblems([...selectionPatternProblems(input.selectionPattern), ...templateProblems("responseTemplates", input.responseTemplates)]);
  return db.$transaction(async (tx) => {
    const { integration } = await requireIntegration(tx, at);
    const data = {
      selectionPattern: input.selectionPattern ?? null,
      responseParameters: input.responseParameters,
      responseTemplates: input.responseTemplates,
      contentHandling: input.contentHandling ?? null,
    };
    const key = { integrationId_statusCode: { integrationId: integration.id, statusCode } };
    const existing = await tx.integrationResponse.findUnique({ where: key });
    if (expectedVersion !== undefined) expectVersion(`The ${statusCode} integration response`, existing?.version ?? 0, expectedVersion);
    const row = existing
      ? await tx.integrationResponse.update({ where: key, data: { ...data, version: { increment: 1 } } })
      : await tx.integrationResponse.create({ data: { integrationId: integration.id, statusCode, ...data } });
    return { response: toIntegrationResponse(row), created: !existing };
  });
}

export async function deleteIntegrationResponse(db: Db, at: MethodAddress, statusCode: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { resource, integration } = await requireIntegration(tx, at);
    const result = await tx.integrationResponse.deleteMany({ where: { integrationId: integration.id, statusCode } });
    if (result.count === 0) throw notFound(`The integration of ${at.httpMethod} ${resource.path} has no ${statusCode} response.`);
  });
}

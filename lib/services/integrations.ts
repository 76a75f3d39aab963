import type { z } from "zod";
import type { Db } from "../db";
import type { TIntegration, ZPutIntegration, ZUpdateIntegration } from "../schemas/management";
import { integrationProblems } from "./integration-rules";
import { requireMethod, type MethodAddress } from "./methods";
import { toIntegration } from "./present";
import { templateProblems } from "./template-preview";
import { expectUpdated, expectVersion, notFound, throwIfProblems, type Tx } from "./shared";

/** A method's integration (`…/methods/{httpMethod}/integration`): PUT creates or replaces, PATCH edits. */

export async function requireIntegration(tx: Tx | Db, at: MethodAddress) {
  const { resource, method } = await requireMethod(tx, at);
  const integration = await tx.integration.findUnique({ where: { methodId: method.id } });
  if (!integration) throw notFound(`${at.httpMethod} ${resource.path} has no integration.`);
  return { resource, method, integration };
}

async function load(tx: Tx | Db, integrationId: string): Promise<TIntegration> {
  return toIntegration(await tx.integration.findUniqueOrThrow({ where: { id: integrationId }, include: { responses: true } }));
}

export async function getIntegration(db: Db, at: MethodAddress): Promise<TIntegration> {
  const { integration } = await requireIntegration(db, at);
  return load(db, integration.id);
}

function columns(input: z.output<typeof ZPutIntegration>) {
  return {
    type: input.type,
    httpMethod: input.httpMethod ?? "",
    uri: input.type === "MOCK" ? "" : input.uri,
    timeoutMs: input.timeoutInMillis,
    requestParameters: input.requestParameters,
    requestTemplates: input.requestTemplates,
    passthroughBehavior: input.passthroughBehavior,
    contentHandling: input.contentHandling ?? null,
    cacheKeyParameters: input.cacheKeyParameters,
  };
}

/** Creates the integration, or replaces every field of the existing one (its responses stay). */
export async function putIntegration(db: Db, at: MethodAddress, input: z.output<typeof ZPutIntegration>): Promise<{ integration: TIntegration; created: boolean }> {
  throwIfProblems([...integrationProblems(input), ...templateProblems("requestTemplates", input.requestTemplates)]);
  return db.$transaction(async (tx) => {
    const { method } = await requireMethod(tx, at);
    const existing = await tx.integration.findUnique({ where: { methodId: method.id } });
    const row = existing
      ? await tx.integration.update({ where: { id: existing.id }, data: { ...columns(input), version: { increment: 1 } } })
      : await tx.integration.create({ data: { methodId: method.id, ...columns(input) } });
    return { integration: await load(tx, row.id), created: !existing };
  });
}

/** Edits the fields sent; the result must still be a valid integration. */
export async function updateIntegration(db: Db, at: MethodAddress, input: z.output<typeof ZUpdateIntegration>): Promise<TIntegration> {
  return db.$transaction(async (tx) => {
    const { resource, integration } = await requireIntegration(tx, at);
    const what = `The integration of ${at.httpMethod} ${resource.path}`;
    expectVersion(what, integration.version, input.version);
    const current = await load(tx, integration.id);
    const merged = {
      type: input.type ?? current.type,
      httpMethod: input.httpMethod ?? (current.httpMethod || undefined),
      uri: input.uri ?? current.uri,
      timeoutInMillis: input.timeoutInMillis ?? current.timeoutInMillis,
      requestParameters: input.requestParameters ?? current.requestParameters,
      requestTemplates: input.requestTemplates ?? current.requestTemplates,
      passthroughBehavior: input.passthroughBehavior ?? current.passthroughBehavior,
      contentHandling: input.contentHandling === undefined ? current.contentHandling : input.contentHandling,
      cacheKeyParameters: input.cacheKeyParameters ?? current.cacheKeyParameters,
    } as z.output<typeof ZPutIntegration>;
    throwIfProblems([...integrationProblems(merged), ...templateProblems("requestTemplates", input.requestTemplates)]);
    const result = await tx.integration.updateMany({
      where: { id: integration.id, version: input.version },
      data: { ...columns(merged), version: { increment: 1 } },
    });
    expectUpdated(what, result);
    return load(tx, integration.id);
  });
}

export async function deleteIntegration(db: Db, at: MethodAddress): Promise<void> {
  await db.$transaction(async (tx) => {
    const { integration } = await requireIntegration(tx, at);
    await tx.integration.delete({ where: { id: integration.id } });
  });
}

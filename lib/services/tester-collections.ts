import type { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { TestCollection, TestCollectionItem } from "../generated/prisma/client";
import { ZSavedRequest, type TCollection, type TCollectionItem, type TTestResult, type ZCollectionItemInput, type ZCreateCollection, type ZUpdateCollection } from "../schemas/tester";
import { actorName, type Principal } from "./permissions";
import { notFound } from "./shared";
import { sendToStage, testMethod } from "./tester";
import { parseVerb } from "./methods";

/** Named collections of saved tester requests, shared by the whole team (testers, owners, admins manage them). */

function presentItem(row: TestCollectionItem): TCollectionItem {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode === "stage" ? "stage" : "method",
    restApiId: row.restApiId,
    resourceId: row.resourceId,
    httpMethod: row.httpMethod,
    stageName: row.stageName,
    request: ZSavedRequest.parse(row.request ?? {}),
    position: row.position,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

function present(row: TestCollection & { items: TestCollectionItem[] }): TCollection {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdBy: row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    items: [...row.items].sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime()).map(presentItem),
  };
}

const withItems = { items: true } as const;

export async function listCollections(db: Db): Promise<TCollection[]> {
  return (await db.testCollection.findMany({ include: withItems, orderBy: { name: "asc" } })).map(present);
}

export async function getCollection(db: Db, id: string): Promise<TCollection> {
  const row = await db.testCollection.findUnique({ where: { id }, include: withItems });
  if (!row) throw notFound(`Collection ${id} does not exist.`);
  return present(row);
}

async function nameTaken(db: Db, name: string, except?: string): Promise<void> {
  const other = await db.testCollection.findUnique({ where: { name } });
  if (other && other.id !== except) throw new AppError("conflict", `A collection named ${name} already exists.`, [{ field: "name", message: "already taken" }]);
}

export async function createCollection(db: Db, input: z.output<typeof ZCreateCollection>, principal: Principal): Promise<TCollection> {
  await nameTaken(db, input.name);
  const row = await db.testCollection.create({ data: { name: input.name, description: input.description, createdBy: actorName(principal) }, include: withItems });
  return present(row);
}

export async function updateCollection(db: Db, id: string, input: z.output<typeof ZUpdateCollection>): Promise<TCollection> {
  await getCollection(db, id);
  if (input.name) await nameTaken(db, input.name, id);
  const { count } = await db.testCollection.updateMany({
    where: { id, version: input.version },
    data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}), version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("conflict", "Someone else changed this collection. Reload and try again.");
  return getCollection(db, id);
}

export async function deleteCollection(db: Db, id: string): Promise<void> {
  const { count } = await db.testCollection.deleteMany({ where: { id } });
  if (count === 0) throw notFound(`Collection ${id} does not exist.`);
}

export async function addItem(db: Db, collectionId: string, input: z.output<typeof ZCollectionItemInput>, principal: Principal): Promise<TCollectionItem> {
  await getCollection(db, collectionId);
  const last = await db.testCollectionItem.findFirst({ where: { collectionId }, orderBy: { position: "desc" }, select: { position: true } });
  const row = await db.testCollectionItem.create({
    data: {
      collectionId,
      name: input.name,
      mode: input.mode,
      restApiId: input.restApiId,
      resourceId: input.resourceId,
      httpMethod: input.httpMethod.toUpperCase(),
      stageName: input.stageName,
      request: input.request,
      position: (last?.position ?? -1) + 1,
      createdBy: actorName(principal),
    },
  });
  return presentItem(row);
}

export async function deleteItem(db: Db, collectionId: string, itemId: string): Promise<void> {
  const { count } = await db.testCollectionItem.deleteMany({ where: { id: itemId, collectionId } });
  if (count === 0) throw notFound(`Item ${itemId} does not exist in collection ${collectionId}.`);
}

/** Re-runs a saved request as the caller (the result goes into the caller's history). */
export async function runItem(db: Db, collectionId: string, itemId: string, principal: Principal): Promise<TTestResult> {
  const row = await db.testCollectionItem.findFirst({ where: { id: itemId, collectionId } });
  if (!row) throw notFound(`Item ${itemId} does not exist in collection ${collectionId}.`);
  const item = presentItem(row);
  return runSaved(db, principal, item);
}

/** Runs a saved request (collection item or history entry) again. */
export async function runSaved(
  db: Db,
  principal: Principal,
  item: { mode: "method" | "stage"; restApiId: string; resourceId: string | null; httpMethod: string; stageName: string | null; request: z.output<typeof ZSavedRequest> },
): Promise<TTestResult> {
  const r = item.request;
  if (item.mode === "method") {
    if (!item.resourceId) throw new AppError("validation-failed", "This saved method test names no resource.");
    return testMethod(
      db,
      principal,
      { restApiId: item.restApiId, resourceId: item.resourceId, httpMethod: parseVerb(item.httpMethod) },
      { pathParameters: r.pathParameters, query: r.query, headers: r.headers, body: r.body, stageVariables: r.stageVariables, pathWithQueryString: Object.keys(r.pathParameters).length ? undefined : r.path },
    );
  }
  if (!item.stageName) throw new AppError("validation-failed", "This saved stage request names no stage.");
  return sendToStage(db, principal, {
    restApiId: item.restApiId,
    stageName: item.stageName,
    httpMethod: item.httpMethod,
    resourceId: item.resourceId,
    path: r.path,
    query: r.query,
    headers: r.headers,
    body: r.body,
    apiKey: r.apiKey,
    bearerToken: null,
  });
}

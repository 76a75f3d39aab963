import type { z } from "zod";
import type { Db } from "../db";
import type { TResource, ZCreateResource, ZUpdateResource } from "../schemas/management";
import { AppError } from "../errors";
import { randomId } from "../ids";
import { childPath, descendantsOf, pathPartProblems, renamedPaths } from "./path-parts";
import { RESOURCE_INCLUDE, toResource } from "./present";
import { requireApi } from "./restapis";
import { expectUpdated, expectVersion, invalid, notFound, throwIfProblems, type Tx } from "./shared";

/** The resource tree of one API (`/restapis/{id}/resources`). */

export async function requireResource(tx: Tx | Db, restApiId: string, resourceId: string) {
  const row = await tx.resource.findFirst({ where: { id: resourceId, restApiId } });
  if (!row) {
    await requireApi(tx, restApiId);
    throw notFound(`Resource ${resourceId} does not exist in REST API ${restApiId}.`);
  }
  return row;
}

async function treeOf(tx: Tx, restApiId: string) {
  return tx.resource.findMany({ where: { restApiId }, select: { id: true, parentId: true, pathPart: true, path: true } });
}

async function load(tx: Tx | Db, resourceId: string): Promise<TResource> {
  return toResource(await tx.resource.findUniqueOrThrow({ where: { id: resourceId }, include: RESOURCE_INCLUDE }));
}

export async function listResources(db: Db, restApiId: string): Promise<TResource[]> {
  await requireApi(db, restApiId);
  const rows = await db.resource.findMany({ where: { restApiId }, orderBy: { path: "asc" }, include: RESOURCE_INCLUDE });
  return rows.map(toResource);
}

export async function getResource(db: Db, restApiId: string, resourceId: string): Promise<TResource> {
  await requireResource(db, restApiId, resourceId);
  return load(db, resourceId);
}

export async function createResource(db: Db, restApiId: string, parentId: string, input: z.output<typeof ZCreateResource>): Promise<TResource> {
  return db.$transaction(async (tx) => {
    const parent = await requireResource(tx, restApiId, parentId);
    throwIfProblems(pathPartProblems(await treeOf(tx, restApiId), parent, input.pathPart));
    const id = randomId(10);
    await tx.resource.create({ data: { id, restApiId, parentId, pathPart: input.pathPart, path: childPath(parent.path, input.pathPart) } });
    return load(tx, id);
  });
}

/**
 * Renames a resource's path part; its descendants' paths follow. `options.parentId` also moves it
 * under another resource of the API (not itself or one of its descendants): AWS's UpdateResource `/parentId`.
 */
export async function updateResource(
  db: Db,
  restApiId: string,
  resourceId: string,
  input: z.output<typeof ZUpdateResource>,
  options: { parentId?: string } = {},
): Promise<TResource> {
  return db.$transaction(async (tx) => {
    const row = await requireResource(tx, restApiId, resourceId);
    expectVersion(`Resource ${row.path}`, row.version, input.version);
    if (!row.parentId) throw new AppError("bad-request", "The root resource / cannot be renamed.", [{ field: "pathPart", message: "The root has no path part" }]);
    const nodes = await treeOf(tx, restApiId);
    const parentId = options.parentId ?? row.parentId;
    const parent = nodes.find((n) => n.id === parentId);
    if (!parent) throw invalid([{ field: "parentId", message: `Resource ${parentId} does not exist in REST API ${restApiId}` }]);
    if (parentId !== row.parentId && (parentId === row.id || descendantsOf(nodes, row).some((n) => n.id === parentId))) {
      throw invalid([{ field: "parentId", message: `${row.path} cannot be moved under itself or one of its descendants` }]);
    }
    throwIfProblems(pathPartProblems(nodes, parent, input.pathPart, row));
    const result = await tx.resource.updateMany({
      where: { id: resourceId, version: input.version },
      data: { parentId, pathPart: input.pathPart, path: childPath(parent.path, input.pathPart), version: { increment: 1 } },
    });
    expectUpdated(`Resource ${row.path}`, result);
    for (const [id, path] of renamedPaths(nodes, { ...row, parentId }, input.pathPart)) {
      if (id !== resourceId) await tx.resource.update({ where: { id }, data: { path } });
    }
    return load(tx, resourceId);
  });
}

/** Deletes a resource with its subtree (methods and integrations included). The root cannot be deleted. */
export async function deleteResource(db: Db, restApiId: string, resourceId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireResource(tx, restApiId, resourceId);
    if (!row.parentId) throw new AppError("bad-request", "The root resource / cannot be deleted.", [{ field: "resourceId", message: "The root resource cannot be deleted" }]);
    // Children cascade through Resource.parentId.
    await tx.resource.delete({ where: { id: resourceId } });
  });
}

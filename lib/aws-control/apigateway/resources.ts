import type { Db } from "../../db";
import { ZCreateResource, ZUpdateResource } from "../../schemas/management";
import { createResource, deleteResource, getResource, listResources, requireResource, updateResource } from "../../services/resources";
import { badRequestException, conflictException } from "../errors";
import type { Operation } from "../operation";
import { awsResource, wantsMethods } from "./method-shapes";
import { valueOf } from "./patch-maps";
import { page, parseWith, pathSegments, readPatchOperations, requiredString, unsupportedPatch } from "./shapes";

/** Resources: GetResources, GetResource, CreateResource, UpdateResource, DeleteResource. */

const RESOURCES = "/restapis/{restapi_id}/resources";
const RESOURCE = "/restapis/{restapi_id}/resources/{resource_id}";

/**
 * AWS answers a sibling with the same path part with ConflictException (our service's
 * tree rules answer every problem as a field problem, which would be a BadRequest).
 */
async function refuseDuplicate(db: Db, restApiId: string, parentId: string, pathPart: string, selfId?: string): Promise<void> {
  const sibling = await db.resource.findFirst({
    where: { restApiId, parentId, pathPart, NOT: selfId ? { id: selfId } : undefined },
    select: { id: true },
  });
  if (sibling) throw conflictException(`Another resource with the same parent already has this name: ${pathPart}`);
}

export const resourcesOperations: Operation[] = [
  {
    name: "GetResources",
    service: "apigateway",
    method: "GET",
    path: RESOURCES,
    permission: "read",
    async handler({ db, params, query }) {
      const embed = wantsMethods(query);
      return {
        body: page(
          (await listResources(db, params.restapi_id)).map((r) => awsResource(r, embed)),
          query,
        ),
      };
    },
  },
  {
    name: "GetResource",
    service: "apigateway",
    method: "GET",
    path: RESOURCE,
    permission: "read",
    async handler({ db, params, query }) {
      return { body: awsResource(await getResource(db, params.restapi_id, params.resource_id), wantsMethods(query)) };
    },
  },
  {
    name: "CreateResource",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/resources/{parent_id}",
    permission: "edit",
    async handler({ db, params, body }) {
      const input = parseWith(ZCreateResource, { pathPart: requiredString(body, "pathPart") });
      await requireResource(db, params.restapi_id, params.parent_id);
      await refuseDuplicate(db, params.restapi_id, params.parent_id, input.pathPart);
      return { status: 201, body: awsResource(await createResource(db, params.restapi_id, params.parent_id, input), false) };
    },
  },
  {
    name: "UpdateResource",
    service: "apigateway",
    method: "PATCH",
    path: RESOURCE,
    permission: "edit",
    async handler({ db, params, body }) {
      const ops = readPatchOperations(body);
      const current = await getResource(db, params.restapi_id, params.resource_id);
      if (ops.length === 0) return { body: awsResource(current, false) };
      let pathPart = current.pathPart;
      let parentId = current.parentId;
      for (const op of ops) {
        const segments = pathSegments(op.path);
        if (op.op !== "replace" || segments.length !== 1) throw unsupportedPatch(op);
        if (segments[0] === "pathPart") pathPart = valueOf(op);
        else if (segments[0] === "parentId") parentId = valueOf(op);
        else throw unsupportedPatch(op);
      }
      if (!current.parentId || !parentId) throw badRequestException("The root resource cannot be modified.");
      if (parentId !== current.parentId) await requireResource(db, params.restapi_id, parentId);
      if (pathPart !== current.pathPart || parentId !== current.parentId)
        await refuseDuplicate(db, params.restapi_id, parentId, pathPart, current.id);
      const input = parseWith(ZUpdateResource, { pathPart, version: current.version });
      const updated = await updateResource(db, params.restapi_id, params.resource_id, input, { parentId });
      return { body: awsResource(updated, false) };
    },
  },
  {
    name: "DeleteResource",
    service: "apigateway",
    method: "DELETE",
    path: RESOURCE,
    permission: "edit",
    async handler({ db, params }) {
      await deleteResource(db, params.restapi_id, params.resource_id);
      return { status: 202 };
    },
  },
];

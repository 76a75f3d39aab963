import { ZUpdateRestApi } from "../../schemas/management";
import { getRestApi, updateRestApi } from "../../services/restapis";
import { badRequestException } from "../errors";
import type { Operation } from "../operation";
import { enumValue, valueOf } from "./patch-maps";
import { awsRestApi } from "./rest-api-shape";
import { parseWith, pathSegments, readPatchOperations, unsupportedPatch } from "./shapes";

/**
 * UpdateRestApi: `/name`, `/description`, `/apiKeySource` (replace) and
 * `/binaryMediaTypes/<media type, / as ~1>` (add/remove). The whole patch is
 * applied to the API as read and written by one updateRestApi call carrying
 * the version read, so a concurrent edit answers ConflictException instead
 * of being overwritten, and a bad entry leaves nothing applied.
 */
export const updateRestApiOperation: Operation = {
  name: "UpdateRestApi",
  service: "apigateway",
  method: "PATCH",
  path: "/restapis/{restapi_id}",
  permission: "edit",
  async handler({ db, params, body }) {
    const ops = readPatchOperations(body);
    const api = await getRestApi(db, params.restapi_id);
    const next = {
      name: api.name,
      description: api.description,
      apiKeySource: api.apiKeySource,
      binaryMediaTypes: [...api.binaryMediaTypes],
    };
    for (const op of ops) {
      const [field, ...rest] = pathSegments(op.path);
      if (field === "binaryMediaTypes" && rest.length > 0) {
        const type = rest.join("/");
        if (op.op === "add") {
          if (!next.binaryMediaTypes.includes(type)) next.binaryMediaTypes.push(type);
        } else if (op.op === "remove") {
          next.binaryMediaTypes = next.binaryMediaTypes.filter((t) => t !== type);
        } else if (op.op === "replace") {
          // AWS: replace /binaryMediaTypes/old with value new.
          const index = next.binaryMediaTypes.indexOf(type);
          if (index < 0) throw badRequestException(`Invalid patch path '${op.path}': ${type} is not a binary media type of this API`);
          next.binaryMediaTypes[index] = valueOf(op);
        } else throw unsupportedPatch(op);
        continue;
      }
      if (rest.length > 0 || (op.op !== "replace" && !(op.op === "remove" && field === "description"))) throw unsupportedPatch(op);
      if (field === "name") next.name = valueOf(op);
      else if (field === "description") next.description = op.op === "remove" ? "" : valueOf(op);
      else if (field === "apiKeySource") next.apiKeySource = enumValue(op, ["HEADER", "AUTHORIZER"] as const);
      else throw unsupportedPatch(op);
    }
    const input = parseWith(ZUpdateRestApi, { ...next, version: api.version });
    return { body: awsRestApi(await updateRestApi(db, params.restapi_id, input)) };
  },
};

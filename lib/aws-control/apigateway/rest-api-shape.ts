import type { TRestApi } from "../../schemas/management";
import { epochSeconds } from "./shapes";

/** A RestApi as AWS shapes it. */
export function awsRestApi(api: TRestApi) {
  return {
    id: api.id,
    name: api.name,
    description: api.description || undefined,
    createdDate: epochSeconds(api.createdDate),
    binaryMediaTypes: api.binaryMediaTypes.length > 0 ? api.binaryMediaTypes : undefined,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: { types: ["REGIONAL"] },
    disableExecuteApiEndpoint: false,
    rootResourceId: api.rootResourceId,
  };
}

/** Import answers: the RestApi with the document's warnings (AWS's `warnings`). */
export function awsImportedRestApi(api: TRestApi, warnings: Array<{ message: string }>) {
  return { ...awsRestApi(api), warnings: warnings.length > 0 ? warnings.map((w) => w.message) : undefined };
}

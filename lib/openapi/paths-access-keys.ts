import type { RouteDoc } from "./paths";

const AK = "/accesskeys/{accessKeyId}";

/**
 * SigV4 access keys and Enable CORS: their management routes (see paths.ts for the format).
 * lib/openapi/document.ts names schemas only from the modules it registers,
 * which do not include lib/schemas/access-keys.ts or lib/schemas/cors.ts, so
 * bodies and responses are described in the summaries (contracts: those files).
 */
export const ACCESS_KEY_ROUTES: RouteDoc[] = [
  { method: "get", path: "/accesskeys", summary: "List SigV4 access keys (admins and owners: all; others: their own); secrets are masked", permission: "self", status: 200 },
  {
    method: "post",
    path: "/accesskeys",
    summary:
      "Create a SigV4 access key pair {name, userId?, enabled?, restApiIds?} → {accessKey, secretAccessKey}; the secret is returned this once (others than admins and owners: for themselves only)",
    permission: "self",
    status: 201,
  },
  { method: "get", path: AK, summary: "Get an access key (secret masked)", permission: "self", status: 200 },
  {
    method: "patch",
    path: AK,
    summary: "Rename, enable/disable or restrict an access key to REST APIs {version, name?, enabled?, restApiIds?}; the gateway follows within a second; 409 on a stale version",
    permission: "self",
    status: 200,
  },
  { method: "delete", path: AK, summary: "Delete an access key", permission: "self", status: 204 },
  {
    method: "post",
    path: "/restapis/{restApiId}/resources/{resourceId}/cors",
    summary:
      "Enable CORS on a resource {allowOrigins, allowMethods, allowHeaders, exposeHeaders?, maxAgeSeconds?, allowCredentials?, gatewayResponses?}: OPTIONS MOCK method, Access-Control-Allow-Origin on the other methods, DEFAULT_4XX/5XX headers, in one transaction; answers a summary of the changes; deploy afterwards",
    permission: "edit",
    status: 200,
  },
];

import * as res from "./responses";
import type { RouteDoc } from "./paths";

/** A function's resource-based policy, as the Lambda API's AddPermission records it (see paths.ts for the format). */

export const FUNCTION_PERMISSION_ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/functions/{functionName}/permissions",
    summary: "The function's resource-based policy statements (recorded by the Lambda API's AddPermission, shown, not enforced), oldest first",
    permission: "read",
    status: 200,
    response: res.ZFunctionPermissionListOut,
  },
];

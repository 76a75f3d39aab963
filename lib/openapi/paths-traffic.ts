import * as traffic from "../schemas/traffic";
import type { RouteDoc } from "./paths";

/** Traffic management (issue 8): account-level throttle limits (AWS GetAccount / UpdateAccount). */

export const TRAFFIC_ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/account",
    summary: "The account throttle every request passes ({throttleSettings: {rateLimit, burstLimit}} as AWS GetAccount), and the settings' defaults",
    permission: "read",
    status: 200,
    response: traffic.ZAccountOut,
  },
  {
    method: "patch",
    path: "/account",
    summary: "Change the account throttle (admins): throttleSettings, AWS patchOperations on /throttle/rateLimit and /throttle/burstLimit, or reset; every gateway applies it within a second",
    permission: "admin",
    body: traffic.ZUpdateAccount,
    status: 200,
    response: traffic.ZAccountOut,
  },
];

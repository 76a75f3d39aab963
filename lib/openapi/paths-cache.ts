import * as res from "./responses";
import type { RouteDoc } from "./paths";

/** A stage's response cache: flush (AWS FlushStageCache) and current size and hit ratio (see paths.ts for the format). */

const S = "/restapis/{restApiId}/stages/{stageName}";

export const CACHE_ROUTES: RouteDoc[] = [
  {
    method: "delete",
    path: `${S}/cache/data`,
    summary: "Flush the stage cache: every gateway instance drops the stage's cached responses (AWS FlushStageCache)",
    permission: "edit",
    status: 204,
  },
  {
    method: "get",
    path: `${S}/cache`,
    summary: "The stage cache's backend, entries, size, capacity, hits, misses and hit ratio, from the gateway the console reaches",
    permission: "read",
    status: 200,
    response: res.ZStageCacheStatsOut,
  },
];

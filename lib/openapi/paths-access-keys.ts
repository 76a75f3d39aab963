import type { RouteDoc } from "./paths";

/** SigV4 access keys and Enable CORS: their management routes (see paths.ts for the format). */
export const ACCESS_KEY_ROUTES: RouteDoc[] = [];

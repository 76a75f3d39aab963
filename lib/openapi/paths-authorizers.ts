import type { RouteDoc } from "./paths";

/** Authorizers: their management routes (see paths.ts for the format). */
export const AUTHORIZER_ROUTES: RouteDoc[] = [];

import type { RouteDoc } from "./paths";

/** API keys and usage plans: their management routes (see paths.ts for the format). */
export const API_KEY_ROUTES: RouteDoc[] = [];
